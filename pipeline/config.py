"""YAML configs: load, merge overrides, interpolate ``${section.key}``, validate.

Every key a user writes is checked against the defaults a factory declares, so a
typo fails before any model loads, naming the key and the keys that are allowed.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CONFIG_DIR = PROJECT_ROOT / "configs"
DEFAULT_CONFIG = CONFIG_DIR / "default.yaml"

# Top-level sections of a pipeline config and their own defaults.
TOP_LEVEL: dict[str, Any] = {
    "vars": {},  # free-form values for interpolation
    "runtime": {"threads": 2, "cache_dir": "~/.cache/mtbrief", "seed": 13},
    "limits": {"max_input_bytes": 2_000_000},
    "pipeline": [],
    "components": {},
}
_REF = re.compile(r"\$\{([A-Za-z0-9_.\-]+)\}")


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Read a config file (the embedded default when ``path`` is None), merge overrides, interpolate."""
    path = Path(path) if path else DEFAULT_CONFIG
    cfg = merge(read_yaml(path), overrides or {})
    unknown = sorted(set(cfg) - set(TOP_LEVEL))
    if unknown:
        raise ConfigError(f"unknown config section {unknown[0]!r}; allowed: {', '.join(TOP_LEVEL)}")
    cfg = interpolate(cfg)
    for key in ("runtime", "limits"):
        cfg[key] = validate(cfg.get(key) or {}, TOP_LEVEL[key], {}, key)
    cfg["_path"] = str(path)
    return cfg


def read_yaml(path: Path) -> dict[str, Any]:
    """A YAML mapping from ``path``, or a :class:`ConfigError` saying what is wrong with the file."""
    if not path.is_file():
        raise ConfigError(f"config file not found: {path}")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}: not valid YAML{where}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: a config must be a mapping of sections")
    return raw


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge ``over`` into a copy of ``base``; dicts merge, everything else replaces."""
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def interpolate(cfg: dict[str, Any]) -> dict[str, Any]:
    """Replace ``${a.b}`` references with values from the same config (a whole-string
    reference keeps the value's type)."""

    def lookup(ref: str, seen: tuple[str, ...]) -> Any:
        if ref in seen:
            raise ConfigError(f"config interpolation loop: {' -> '.join(seen + (ref,))}")
        node: Any = cfg
        for part in ref.split("."):
            if not isinstance(node, dict) or part not in node:
                raise ConfigError(f"config reference ${{{ref}}} does not name a key")
            node = node[part]
        return resolve(node, seen + (ref,))

    def resolve(node: Any, seen: tuple[str, ...] = ()) -> Any:
        if isinstance(node, dict):
            return {k: resolve(v, seen) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v, seen) for v in node]
        if isinstance(node, str):
            whole = _REF.fullmatch(node)
            if whole:
                return lookup(whole.group(1), seen)
            return _REF.sub(lambda m: str(lookup(m.group(1), seen)), node)
        return node

    return resolve(cfg)


def validate(
    user: dict[str, Any], defaults: dict[str, Any], choices: dict[str, list[Any]], where: str
) -> dict[str, Any]:
    """Check ``user`` against ``defaults`` (keys and types) and ``choices`` (allowed values,
    keyed by dotted path); return the defaults with the user's values merged in."""
    if not isinstance(user, dict):
        raise ConfigError(f"{where}: expected a mapping, got {type(user).__name__}")
    out = copy.deepcopy(defaults)
    for key, value in user.items():
        path = f"{where}.{key}"
        if key not in defaults:
            allowed = ", ".join(sorted(defaults)) or "(no options)"
            raise ConfigError(f"unknown config key {path!r}; allowed keys: {allowed}")
        default = defaults[key]
        sub_choices = {k[len(key) + 1 :]: v for k, v in choices.items() if k.startswith(key + ".")}
        if isinstance(default, dict) and default:
            out[key] = validate(value, default, sub_choices, path)
            continue
        _check_type(value, default, path)
        if key in choices and value not in choices[key]:
            allowed = ", ".join(map(str, choices[key]))
            raise ConfigError(f"config key {path!r} = {value!r} is not allowed; allowed values: {allowed}")
        out[key] = value
    return out


def _check_type(value: Any, default: Any, path: str) -> None:
    if default is None:
        return
    if value is None:
        raise ConfigError(f"config key {path!r} must not be empty: expected {type(default).__name__}")
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, (int, float)):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    else:
        ok = isinstance(value, type(default))
    if not ok:
        raise ConfigError(
            f"config key {path!r} = {value!r} has the wrong type: expected {type(default).__name__}"
        )
