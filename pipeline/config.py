"""YAML configs: load, merge overrides, interpolate ``${section.key}``, validate.

Every block of a config has a pydantic model (:class:`Block`): its defaults, allowed values and
ranges in one place. A typo, a wrong type or a value out of range fails before any model loads,
in one line that names the key, what was given and what is allowed. The same models give the
JSON Schema (``mtbrief config schema``) that an editor's YAML plugin completes and checks with.
"""

from __future__ import annotations

import copy
import math
import re
import types
import typing
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import annotated_types
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from . import resources
from .errors import ConfigError

CONFIG_DIR = resources.configs_dir()  # shipped in the package: found the same from a checkout or a wheel
DEFAULT_CONFIG = resources.default_config()
_REF = re.compile(r"\$\{([A-Za-z0-9_.\-]+)\}")


# --- the base of every config block, and the value types blocks share ------------------------------


class Block(BaseModel):
    """A config block: unknown keys, loose types ("yes" for true, 2.5 for a count) and NaN are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, populate_by_name=True)

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """The block with every default, as the plain dict stage code reads."""
        return cls().model_dump(by_alias=True)


Share = Annotated[float, Field(ge=0, le=1)]  # a share, probability, cosine or confidence
Positive = Annotated[int, Field(ge=1)]  # a count that must be at least one
Count = Annotated[int, Field(ge=0)]  # a count that may be zero
PositiveFloat = Annotated[float, Field(gt=0)]
NonNegative = Annotated[float, Field(ge=0)]


def fail(message: str) -> PydanticCustomError:
    """An error a validator raises with the whole message; ``{key}`` becomes the dotted key path."""
    return PydanticCustomError("mtbrief", message)


# --- top-level sections ---------------------------------------------------------------------------


class Runtime(Block):
    """How the process runs: shared by every stage and backend."""

    threads: Positive = Field(2, description="torch / llama.cpp threads")
    cache_dir: str = Field("~/.cache/mtbrief", description="joined GGUF files, converted weights")
    seed: int = 13
    encoder_cache: Positive = Field(10_000, description="sentence vectors kept per encoder, least recently used dropped first")
    kernel_cache: Count = Field(0, description="oneDNN kernels torch keeps (by input shape); 0 keeps memory flat over a stream")
    memory_mb: Positive = Field(3000, description="memory one pipeline with its models holds: a Ray actor reserves this much")


class Limits(Block):
    """What input the command line accepts."""

    max_input_bytes: Annotated[int, Field(gt=0)] = 2_000_000


class Support(Block):
    """Attachment rules of :mod:`pipeline.facts`: when a summary figure counts as stated by the source.
    One block, shared by every stage that checks facts (summarize checks, score counts), so the two
    can never disagree."""

    min_subject_overlap: Share = Field(0.5, description="share of a figure's subject words its source sentence must hold")
    rounding_needs_hedge: bool = Field(True, description='"about 2 million" may round 1.968 million; a bare "2 million" may not')
    subject_window: Positive = Field(8, description="summary words on each side of a figure read as its subject")
    inherit_period: bool = Field(True, description="a source sentence without a period takes its paragraph's")


class Serve(Block):
    """``mtbrief serve``: the local review app (issue 12)."""

    host: str = Field("127.0.0.1", description="bind address; anything not local needs --host on the command line")
    port: Annotated[int, Field(ge=1, le=65535)] = 8765
    max_upload_bytes: Annotated[int, Field(gt=0)] = Field(2_000_000, description="largest upload or paste accepted")
    glossary: str = Field("~/.local/share/mtbrief/glossary.yaml", description="your glossary file: the page adds entries here")
    data_dir: str = Field("~/.local/share/mtbrief/review", description="saved runs and decisions, one folder per text")


TOP_LEVEL_MODELS: dict[str, type[Block]] = {"runtime": Runtime, "limits": Limits, "support": Support, "serve": Serve}
# Top-level sections of a pipeline config and their own defaults.
TOP_LEVEL: dict[str, Any] = {
    "vars": {},  # free-form values for interpolation
    **{name: model.defaults() for name, model in TOP_LEVEL_MODELS.items()},
    "pipeline": [],
    "components": {},
}


# --- loading --------------------------------------------------------------------------------------


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Read a config file (the embedded default when ``path`` is None), merge overrides, interpolate,
    and validate every section and component block (defaults filled in)."""
    path = Path(path) if path else DEFAULT_CONFIG
    cfg = merge(read_yaml(path), overrides or {})
    unknown = sorted(set(cfg) - set(TOP_LEVEL))
    if unknown:
        raise ConfigError(f"unknown config section {unknown[0]!r}; allowed: {', '.join(TOP_LEVEL)}")
    cfg = interpolate(cfg)
    if not isinstance(cfg.get("vars") or {}, dict):
        raise ConfigError("config key 'vars' must be a mapping of names to values")
    for key, model in TOP_LEVEL_MODELS.items():
        cfg[key] = validate_block(model, cfg.get(key) or {}, key)
    names, comps = cfg.get("pipeline") or [], cfg.get("components") or {}
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):  # empty: Pipeline says so
        raise ConfigError(f"config key 'pipeline' must be a list of at least one component name, got {names!r}")
    if not isinstance(comps, dict):
        raise ConfigError("config key 'components' must be a mapping of component blocks")
    cfg["components"] = {name: component_options(name, block, cfg, names)[1] for name, block in comps.items()}
    cfg["_path"] = str(path)
    return cfg


def component_options(name: str, block: Any, cfg: dict[str, Any], pipeline: list[str]) -> tuple[Any, dict[str, Any]]:
    """The registry entry of ``components.<name>`` and its validated block (``factory`` kept)."""
    from . import registry

    where = f"components.{name}"
    if not isinstance(block, dict):
        raise ConfigError(f"{where}: expected a mapping with at least its factory, got {block!r}")
    block = dict(block)
    if "factory" not in block and name not in registry.stages.names():
        raise ConfigError(
            f"{where}: no such component; the pipeline has: {', '.join(pipeline)} "
            f"(a new block needs 'factory:', one of {', '.join(registry.stages.names())})"
        )
    factory = block.pop("factory", name)
    entry = registry.stages.get(factory, where=f"{where}.factory")
    if entry.schema is not None and "support" in entry.schema.model_fields:
        block["support"] = _shared_support(block.get("support"), cfg["support"], where)
    return entry, {"factory": factory, **entry.options(block, where)}


def _shared_support(own: Any, shared: dict[str, Any], where: str) -> Any:
    """A component's ``support`` block on top of the shared one: its own keys (summarize's links)
    are kept; an attachment rule set here must agree with the top-level ``support`` block."""
    if own is None:
        return dict(shared)
    if not isinstance(own, dict):
        return own  # the block's model reports the type
    for key, value in own.items():
        if key in shared and value != shared[key]:
            raise ConfigError(
                f"config key '{where}.support.{key}' = {value!r} disagrees with 'support.{key}' = {shared[key]!r}: "
                f"attachment rules are set once, in the top-level support block"
            )
    return {**shared, **own}


# libyaml's parser where PyYAML was built with it (the wheels are): the same documents, about ten times
# faster than the pure-Python one (the config, glossary and cards: 0.015 s against 0.155 s).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """``yaml.safe_load`` with the fastest safe loader installed: the one way mtbrief reads YAML."""
    return yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader


def read_yaml(path: Path) -> dict[str, Any]:
    """A YAML mapping from ``path``, or a :class:`ConfigError` saying what is wrong with the file."""
    path = Path(path)
    if path.is_dir():
        raise ConfigError(f"config path is a folder, not a file: {path}")
    if not path.is_file():
        raise ConfigError(f"config file not found: {path}")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ConfigError(f"cannot read config file {path}: {err.strerror or err}") from None
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise ConfigError(f"{path}: a binary file, not a YAML config (NUL byte at offset {offset})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ConfigError(f"{path}: not UTF-8 text (invalid byte at offset {err.start}); a config is UTF-8 YAML") from None
    try:
        raw = parse_yaml(text) or {}
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


# --- validation -----------------------------------------------------------------------------------


def validate_block(model: type[BaseModel], user: Any, where: str, *, merge_defaults: bool = True) -> dict[str, Any]:
    """``user`` checked against ``model``; the defaults with the user's values deep-merged in, as a
    plain dict (a mapping the user gives only in part keeps the other defaults, as before)."""
    if user is None:
        user = {}
    if not isinstance(user, dict):
        raise ConfigError(f"config key {where!r} = {user!r} has the wrong type: expected a mapping")
    data = merge(model().model_dump(by_alias=True), user) if merge_defaults else user
    try:
        return model.model_validate(data).model_dump(by_alias=True)
    except ValidationError as err:
        raise ConfigError(explain(err, model, where)) from None


def parse_block(model: type[BaseModel], data: Any, where: str = "", *, noun: str = "config key",
                prefix: str = "") -> Any:
    """``data`` as an instance of ``model`` (no defaults merged: for records such as a model card or
    a glossary entry), or one :class:`ConfigError` line."""
    if not isinstance(data, dict):
        raise ConfigError(f"{prefix}{where or 'it'} must be a mapping, got {type(data).__name__}")
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise ConfigError(explain(err, model, where, noun=noun, prefix=prefix)) from None


_TYPE_WORDS = {
    "int_type": "int", "int_from_float": "int", "float_type": "float", "string_type": "str", "bool_type": "bool",
    "list_type": "a list", "tuple_type": "a list", "dict_type": "a mapping", "model_type": "a mapping",
    "model_attributes_type": "a mapping", "none_required": "null",
}


def explain(err: ValidationError, model: type[BaseModel], where: str, *, noun: str = "config key",
            prefix: str = "") -> str:
    """The first error of a validation, in one line: the key path, what was given, what is allowed.
    ``noun`` and ``prefix`` fit the message to a record ("key", "models/x.yaml: ")."""
    first = err.errors(include_url=False)[0]
    loc = [str(p) for p in first["loc"]]
    key = ".".join(p for p in (where, *loc) if p)
    kind, given, ctx = first["type"], first.get("input"), first.get("ctx") or {}
    annotation, meta = _annotation_at(model, loc)
    return prefix + _explain_one(kind, key, given, ctx, first["msg"], annotation, meta, model, loc, noun)


def _explain_one(kind: str, key: str, given: Any, ctx: dict[str, Any], msg: str, annotation: Any, meta: list[Any],
                 model: type[BaseModel], loc: list[str], noun: str) -> str:
    if kind == "mtbrief":
        return msg.replace("{key}", key)
    if kind == "extra_forbidden":
        parent, _ = _annotation_at(model, loc[:-1])
        allowed = ", ".join(_keys(parent)) or "(no options)"
        return f"unknown {noun} {key!r}; allowed keys: {allowed}"
    if kind == "missing":
        return f"missing {noun} {key!r}"
    if kind in ("literal_error", "enum"):
        choices = typing.get_args(annotation) if typing.get_origin(annotation) is Literal else ()
        allowed = ", ".join(map(str, choices)) or ctx.get("expected", "")
        return f"{noun} {key!r} = {given!r} is not allowed; allowed values: {allowed}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return f"{key} = {given!r} must be {_bounds(meta) or msg.lower()}"
    if kind == "finite_number":
        return f"{key} = {given!r} must be a finite number{' ' + _bounds(meta) if _bounds(meta) else ''}"
    if kind in ("too_short", "too_long"):
        return f"{noun} {key!r} = {given!r} {msg[0].lower()}{msg[1:]}"
    if kind in _TYPE_WORDS or kind.endswith("_type"):
        expected = _TYPE_WORDS.get(kind, kind.removesuffix("_type"))
        if given is None:
            return f"{noun} {key!r} must not be empty: expected {expected}"
        return f"{noun} {key!r} = {given!r} has the wrong type: expected {expected}"
    return f"{noun} {key!r} = {given!r}: {msg}"


def _bounds(meta: list[Any]) -> str:
    """'between 0 and 1', '>= 1', '> 0': the range the constraints allow."""
    lo = next(((m.ge, ">=") for m in meta if isinstance(m, annotated_types.Ge)), None) or next(
        ((m.gt, ">") for m in meta if isinstance(m, annotated_types.Gt)), None)
    hi = next(((m.le, "<=") for m in meta if isinstance(m, annotated_types.Le)), None) or next(
        ((m.lt, "<") for m in meta if isinstance(m, annotated_types.Lt)), None)
    if lo and hi and lo[1] == ">=" and hi[1] == "<=":
        return f"between {lo[0]} and {hi[0]}"
    return " and ".join(f"{op} {v}" for v, op in (b for b in (lo, hi) if b))


def _strip(tp: Any) -> tuple[Any, list[Any]]:
    """``tp`` without ``Annotated`` and ``Optional``, with the constraints they carried."""
    meta: list[Any] = []
    while True:
        if typing.get_origin(tp) is Annotated:
            for m in tp.__metadata__:  # a Field(...) inside Annotated carries its constraints in .metadata
                meta.extend(m.metadata if isinstance(m, FieldInfo) else [m])
            tp = typing.get_args(tp)[0]
        elif typing.get_origin(tp) in (Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp, meta
            tp = args[0]
        else:
            return tp, meta


def _annotation_at(model: Any, loc: list[str]) -> tuple[Any, list[Any]]:
    """The type (and its constraints) at ``loc`` inside ``model``, or (None, []) where unknown."""
    tp, meta = model, []
    for part in loc:
        tp, _ = _strip(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = next((f for n, f in tp.model_fields.items() if (f.alias or n) == part), None)
            if field is None:
                return None, []
            tp, meta = field.annotation, list(field.metadata)
        elif typing.get_origin(tp) is dict:
            tp, meta = typing.get_args(tp)[1], []
        elif typing.get_origin(tp) in (list, tuple):
            tp, meta = typing.get_args(tp)[0], []
        else:
            return None, []
    tp, more = _strip(tp)
    return tp, meta + more


def _keys(tp: Any) -> list[str]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return sorted(f.alias or n for n, f in tp.model_fields.items())
    return []


# --- the transition's validator for factories registered with defaults/choices dicts ----------------


def validate(
    user: dict[str, Any], defaults: dict[str, Any], choices: dict[str, list[Any]], where: str
) -> dict[str, Any]:
    """Check ``user`` against a factory's ``defaults`` (keys and types) and ``choices`` (allowed
    values, keyed by dotted path); return the defaults with the user's values merged in.

    Kept for factories (and plugins) that register plain ``defaults=``/``choices=`` instead of a
    :class:`Block`; a block's model is the one way for the package's own factories."""
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
        if ok and isinstance(value, float) and not math.isfinite(value):
            raise ConfigError(f"{path} = {value!r} must be a finite number")
    else:
        ok = isinstance(value, type(default))
    if not ok:
        raise ConfigError(
            f"config key {path!r} = {value!r} has the wrong type: expected {type(default).__name__}"
        )


# --- the whole config as one model: for the JSON Schema ---------------------------------------------


def config_schema() -> dict[str, Any]:
    """The JSON Schema of a pipeline config: every registered stage's block, the top-level sections."""
    from pydantic import create_model

    from . import registry

    blocks: dict[str, Any] = {}
    for name in registry.stages.names():
        entry = registry.stages.get(name)
        if entry.schema is None:
            continue
        title = "".join(p.capitalize() for p in re.split(r"[^A-Za-z0-9]+", name)) + "Component"
        component = create_model(
            title, __base__=entry.schema, factory=(str, Field(name, description="the registered stage factory"))
        )
        blocks[name] = (component | None, Field(None, description=(entry.doc or "").splitlines()[0] if entry.doc else None))
    components = create_model(
        "Components", __config__=ConfigDict(extra="allow"), __doc__="One block per component: its factory and options.",
        **blocks,
    )
    whole = create_model(
        "MtbriefConfig",
        __config__=ConfigDict(extra="forbid"),
        __doc__="An mtbrief pipeline config (configs/default.yaml is the embedded default).",
        vars=(dict[str, Any], Field(default_factory=dict, description="free-form values for ${vars.name} references")),
        **{name: (model, model()) for name, model in TOP_LEVEL_MODELS.items()},
        pipeline=(list[str], Field(..., min_length=1, description="component names, in running order")),
        components=(components, ...),
    )
    return _allow_references(whole.model_json_schema(by_alias=True))


_REF_SCHEMA = {"type": "string", "pattern": r"^\$\{[A-Za-z0-9_.\-]+\}$", "description": "a ${section.key} reference"}


def _allow_references(node: Any) -> Any:
    """Let every number, boolean or list also be a whole-string ``${...}`` reference, as in the YAML."""
    if isinstance(node, list):
        return [_allow_references(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _allow_references(v) for k, v in node.items()}
    if out.get("type") in ("integer", "number", "boolean", "array"):
        keep = {k: out.pop(k) for k in ("default", "description", "title") if k in out}
        return {"anyOf": [out, _REF_SCHEMA], **keep}
    return out
