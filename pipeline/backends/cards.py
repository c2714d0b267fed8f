"""Model cards: one YAML file per model that says everything needed to find, load and prompt it.

Like a sentence-transformers ``modules.json``, a card is enough to load the model again:
which backends can run it, where its files come from (and the command that installs
them), its licence and size, one prompt template per task, and generation settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, field_validator

from ..resources import models_dir
from ..config import Block, Count, Positive, fail, parse_block, parse_yaml
from ..errors import ConfigError
from .base import GenerationSettings

MODELS_DIR = models_dir()
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
        raw = parse_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        raise ConfigError(f"{path}: not valid YAML") from None
    return parse_card(raw, path)


class PromptSpec(Block):
    user: str
    system: str = ""


class SourceSpec(Block):
    """A card's ``source`` block (see :class:`Source` for what each kind uses)."""

    kind: Literal[SOURCE_KINDS]  # type: ignore[valid-type]
    install: str
    sha256: str = ""
    filename: str = ""
    module: str = ""
    file: str = ""
    parts: Count = 0
    repo: str = ""
    path: str = ""


class CardSpec(Block):
    """A model card file, checked before anything loads."""

    name: str
    description: str
    backends: list[str] = Field(min_length=1, description="in order of preference: some of " + ", ".join(BACKENDS))
    licence: str
    size_mb: Count
    context_tokens: Positive
    source: SourceSpec
    prompts: dict[str, PromptSpec]
    generation: dict[str, Any] = Field(default_factory=dict)

    @field_validator("backends", mode="before")
    @classmethod
    def _known_backends(cls, value: Any) -> Any:
        if not isinstance(value, list) or not value or any(b not in BACKENDS for b in value):
            raise fail(f"{{key}} must list some of {', '.join(BACKENDS)}; got {value!r}")
        return value


def parse_card(raw: Any, path: Path) -> Card:
    """Check a card's keys and values, naming the file and key on any mistake."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: a model card must be a mapping")
    spec = parse_block(CardSpec, raw, noun="key", prefix=f"{path}: ")
    return Card(
        name=spec.name,
        description=spec.description.strip(),
        backends=tuple(spec.backends),
        licence=spec.licence,
        size_mb=spec.size_mb,
        context_tokens=spec.context_tokens,
        source=Source(**spec.source.model_dump()),
        prompts={task: Prompt(user=p.user, system=p.system) for task, p in spec.prompts.items()},
        generation=dict(spec.generation),
        file=path,
    )


def list_cards() -> list[Card]:
    return [load_card(str(p)) for p in sorted(MODELS_DIR.glob("*.yaml"))]
