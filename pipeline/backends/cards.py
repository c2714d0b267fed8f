"""Model cards: one YAML file per model that says everything needed to find, load and prompt it.

Like a sentence-transformers ``modules.json``, a card is enough to load the model again:
which backends can run it, where its files come from (and the command that installs
them), its licence and size, one prompt template per task, and generation settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from ..config import PROJECT_ROOT
from ..errors import ConfigError
from .base import GenerationSettings

MODELS_DIR = PROJECT_ROOT / "models"
BACKENDS = ("llama-cpp", "causal", "seq2seq")
SOURCE_KINDS = ("wheel-parts", "package-file", "hub", "local")


@dataclass(frozen=True)
class Prompt:
    """A task's template. ``system`` is used by chat models only; ``{names}`` are filled from the stage."""

    user: str
    system: str = ""

    def render(self, variables: dict[str, Any], where: str) -> tuple[str, str]:
        try:
            return self.system.format_map(variables), self.user.format_map(variables)
        except KeyError as err:
            raise ConfigError(f"{where} uses {{{err.args[0]}}}, which the caller does not supply") from None


@dataclass(frozen=True)
class Source:
    """Where a model's files come from. Which fields matter depends on ``kind``:

    - ``wheel-parts``: chunks ``file`` (with ``{n:02d}``) in modules ``module`` (with ``{n}``), n = 1..``parts``,
      joined in order into ``filename`` in the cache and checked against ``sha256``;
    - ``package-file``: ``file`` inside the installed package ``module`` (located without importing it);
    - ``hub``: the Hugging Face id ``repo``, used only from the local hub cache (never downloaded here);
    - ``local``: a file or folder at ``path``.
    A non-empty ``path`` overrides any kind, so a user can point a card at files they already have.
    """

    kind: str
    install: str
    sha256: str = ""
    filename: str = ""
    module: str = ""
    file: str = ""
    parts: int = 0
    repo: str = ""
    path: str = ""


@dataclass(frozen=True)
class Card:
    name: str
    description: str
    backends: tuple[str, ...]  # in order of preference; "auto" takes the first one installed
    licence: str
    size_mb: int
    context_tokens: int  # the context the backend allocates (at most what the model was trained for)
    source: Source
    prompts: dict[str, Prompt]
    generation: dict[str, Any] = field(default_factory=dict)
    file: Path | None = None

    @property
    def backend(self) -> str:
        """The preferred backend, the one ``auto`` tries first."""
        return self.backends[0]

    @property
    def size(self) -> str:
        return f"{self.size_mb} MB"

    def prompt(self, task: str) -> Prompt:
        if task not in self.prompts:
            raise ConfigError(f"model card {self.name!r} has no prompt for task {task!r}; it has: {', '.join(self.prompts)}")
        return self.prompts[task]

    def settings(self, overrides: dict[str, Any] | None = None) -> GenerationSettings:
        """The card's generation settings with a caller's overrides; unknown keys go to ``extra``."""
        merged = {**self.generation, **(overrides or {})}
        known = {f.name for f in fields(GenerationSettings)} - {"extra"}
        return GenerationSettings(
            **{k: v for k, v in merged.items() if k in known},
            extra={k: v for k, v in merged.items() if k not in known},
        )


def card_path(name: str) -> Path:
    """A card name in models/, or a path to a card file."""
    path = Path(name).expanduser()
    if path.suffix in (".yaml", ".yml") and path.is_file():
        return path
    candidate = MODELS_DIR / f"{name}.yaml"
    if not candidate.is_file():
        known = ", ".join(p.stem for p in sorted(MODELS_DIR.glob("*.yaml"))) or "(none)"
        raise ConfigError(f"no model card named {name!r}; known cards: {known}")
    return candidate


def load_card(name: str) -> Card:
    path = card_path(name)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        raise ConfigError(f"{path}: not valid YAML") from None
    return parse_card(raw, path)


def parse_card(raw: Any, path: Path) -> Card:
    """Check a card's keys and values, naming the file and key on any mistake."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: a model card must be a mapping")
    _check_keys(raw, {f.name for f in fields(Card)} - {"file"}, {"generation"}, str(path))
    source_raw = raw["source"]
    if not isinstance(source_raw, dict):
        raise ConfigError(f"{path}: 'source' must be a mapping")
    _check_keys(source_raw, {f.name for f in fields(Source)}, {f.name for f in fields(Source)} - {"kind", "install"}, f"{path}: source")
    if source_raw["kind"] not in SOURCE_KINDS:
        raise ConfigError(f"{path}: source.kind {source_raw['kind']!r} is not one of {', '.join(SOURCE_KINDS)}")
    backends = tuple(raw["backends"])
    unknown = [b for b in backends if b not in BACKENDS]
    if not backends or unknown:
        raise ConfigError(f"{path}: backends must list some of {', '.join(BACKENDS)}; got {list(backends)}")
    prompts = {}
    for task, spec in (raw["prompts"] or {}).items():
        if not isinstance(spec, dict) or "user" not in spec or set(spec) - {"user", "system"}:
            raise ConfigError(f"{path}: prompts.{task} must have 'user' (and optionally 'system')")
        prompts[task] = Prompt(user=str(spec["user"]), system=str(spec.get("system", "")))
    return Card(
        name=str(raw["name"]),
        description=str(raw["description"]).strip(),
        backends=backends,
        licence=str(raw["licence"]),
        size_mb=int(raw["size_mb"]),
        context_tokens=int(raw["context_tokens"]),
        source=Source(**source_raw),
        prompts=prompts,
        generation=dict(raw.get("generation") or {}),
        file=path,
    )


def _check_keys(raw: dict[str, Any], allowed: set[str], optional: set[str], where: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}; allowed: {', '.join(sorted(allowed))}")
    missing = sorted(allowed - optional - set(raw))
    if missing:
        raise ConfigError(f"{where}: missing key {missing[0]!r}")


def list_cards() -> list[Card]:
    return [load_card(str(p)) for p in sorted(MODELS_DIR.glob("*.yaml"))]
