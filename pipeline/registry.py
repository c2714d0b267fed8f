"""Name -> factory registries, so a config can name every choice.

Modelled on spaCy's ``catalogue`` registries: code registers a factory under a
string name, the YAML config refers to that name. Registering happens when the
module that defines a factory is imported; :func:`load_all` imports them all.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable

from .errors import ConfigError


@dataclass
class Entry:
    name: str
    factory: Callable[..., Any]
    defaults: dict[str, Any] = field(default_factory=dict)
    choices: dict[str, list[Any]] = field(default_factory=dict)  # key -> allowed values
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()
    doc: str = ""


class Registry:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._entries: dict[str, Entry] = {}

    def register(
        self,
        name: str,
        *,
        defaults: dict[str, Any] | None = None,
        choices: dict[str, list[Any]] | None = None,
        requires: tuple[str, ...] = (),
        provides: tuple[str, ...] = (),
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
            self._entries[name] = Entry(
                name, fn, dict(defaults or {}), dict(choices or {}), requires, provides, (fn.__doc__ or "").strip()
            )
            return fn

        return deco

    def get(self, name: str, where: str = "") -> Entry:
        load_all()
        if name not in self._entries:
            allowed = ", ".join(sorted(self._entries)) or "(none registered)"
            raise ConfigError(f"{where or self.kind}: unknown {self.kind} {name!r}; allowed: {allowed}")
        return self._entries[name]

    def names(self) -> list[str]:
        load_all()
        return sorted(self._entries)


stages = Registry("stage factory")
backends = Registry("model backend")
summarizers = Registry("summarizer")

# Modules whose import registers factories. Listed once, here, so the registry is complete.
_FACTORY_MODULES = (
    "pipeline.stages.clean",
    "pipeline.stages.segment",
    "pipeline.stages.summarize",
    "pipeline.stages.score",
    "pipeline.backends",
)
_loaded = False


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for mod in _FACTORY_MODULES:
        importlib.import_module(mod)
