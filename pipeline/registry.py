"""Name -> object registries, so a config can name every choice and a user's package can add one.

One mechanism for everything mtbrief looks up by name: stages, clean rules, model backends,
summarizers, metrics, dataset loaders, bench systems, renderers and bench kinds. As in spaCy (whose
``catalogue`` registries this follows), code registers a factory under a string name and the
YAML config refers to that name. A registry is filled from two places, the first time it is
read:

* the package's own modules (``modules``): importing them runs their ``register`` calls;
* entry points in the group ``mtbrief.<kind>`` of any installed distribution, so a plugin adds a
  rule or a loader without editing mtbrief. In the plugin's ``pyproject.toml``::

      [project.entry-points."mtbrief.clean_rules"]
      "house.no-shouting" = "my_rules:no_shouting"    # a pipeline.stages.clean.rules.Rule

  Loading the entry point imports its module; an object that its import registered under the
  entry point's name is used as it is, anything else is registered as the loaded object.

A stage factory declares its options with a pydantic :class:`~pipeline.config.Block` (``schema=``);
plain ``defaults=``/``choices=`` dicts are still accepted (a plugin written for them keeps working).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, Callable

from .errors import ConfigError

ENTRY_POINT_PREFIX = "mtbrief."


@dataclass
class Entry:
    """One registered object, with what a pipeline needs to know before it builds it."""

    name: str
    factory: Any
    schema: type | None = None  # a pipeline.config.Block: the factory's options
    defaults: dict[str, Any] = field(default_factory=dict)  # the schema's defaults (or legacy defaults)
    choices: dict[str, list[Any]] = field(default_factory=dict)  # legacy: key -> allowed values
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()
    doc: str = ""
    origin: str = "mtbrief"  # the distribution that registered it (a plugin's name for entry points)

    def options(self, block: dict[str, Any], where: str) -> dict[str, Any]:
        """``block`` validated against this factory's options, defaults filled in."""
        from .config import validate, validate_block

        if self.schema is not None:
            return validate_block(self.schema, block, where)
        return validate(block, self.defaults, self.choices, where)


class Registry:
    """Registered objects by name. Indexing gives the objects themselves (``RULES[id]`` is the rule,
    ``values()`` every rule); :meth:`get` gives the :class:`Entry` with its schema, requires, provides."""

    def __init__(self, kind: str, group: str, modules: tuple[str, ...] = ()) -> None:
        self.kind = kind  # "stage factory", in messages
        self.group = ENTRY_POINT_PREFIX + group  # the entry point group plugins use
        self.modules = modules
        self._entries: dict[str, Entry] = {}
        self._loaded = False

    def register(
        self,
        name: str,
        obj: Any = None,
        *,
        schema: type | None = None,
        defaults: dict[str, Any] | None = None,
        choices: dict[str, list[Any]] | None = None,
        requires: tuple[str, ...] = (),
        provides: tuple[str, ...] = (),
    ) -> Any:
        """Register ``obj`` under ``name``; without ``obj``, a decorator that registers what it wraps."""

        def add(target: Any) -> Any:
            old = self._entries.get(name)
            if old is not None and old.factory is not target:
                raise ValueError(f"{self.kind} {name!r} registered twice ({old.origin} and {_origin(target)})")
            self._entries[name] = Entry(
                name,
                target,
                schema,
                schema.defaults() if schema is not None else dict(defaults or {}),
                dict(choices or {}),
                tuple(requires),
                tuple(provides),
                (getattr(target, "__doc__", None) or "").strip() if callable(target) else "",
                _origin(target),
            )
            return target

        return add if obj is None else add(obj)

    def get(self, name: str, where: str = "") -> Entry:
        """The entry registered as ``name``, or a :class:`ConfigError` naming the ones there are."""
        self.load()
        if name not in self._entries:
            allowed = ", ".join(sorted(self._entries)) or "(none registered)"
            raise ConfigError(f"{where or self.kind}: unknown {self.kind} {name!r}; allowed: {allowed}")
        return self._entries[name]

    def names(self) -> list[str]:
        self.load()
        return sorted(self._entries)

    def entries(self) -> list[Entry]:
        """Every entry, in registration order (the package's own first, then plugins')."""
        self.load()
        return list(self._entries.values())

    # name -> the registered object, as a read-only mapping reads
    def __getitem__(self, name: str) -> Any:
        self.load()
        return self._entries[name].factory

    def __iter__(self) -> Iterator[str]:
        self.load()
        return iter(list(self._entries))

    def __len__(self) -> int:
        self.load()
        return len(self._entries)

    def __contains__(self, name: object) -> bool:
        self.load()
        return name in self._entries

    def keys(self) -> list[str]:
        return list(self)

    def values(self) -> list[Any]:
        return [e.factory for e in self.entries()]

    def items(self) -> list[tuple[str, Any]]:
        return [(e.name, e.factory) for e in self.entries()]

    def load(self) -> None:
        """Import the package's own modules, then every plugin's entry points (once)."""
        if self._loaded:
            return
        self._loaded = True
        for module in self.modules:
            importlib.import_module(module)
        self.load_plugins()

    def load_plugins(self) -> list[str]:
        """Register the objects of this group's entry points not registered yet; returns their names."""
        added = []
        for point in entry_points(group=self.group):
            if point.name in self._entries:
                continue
            try:
                obj = point.load()
            except Exception as err:  # a broken plugin is the user's to fix: say which one
                raise ConfigError(
                    f"plugin {point.name!r} ({point.value}, entry point group {self.group}) failed to load: "
                    f"{type(err).__name__}: {err}"
                ) from None
            if point.name not in self._entries:  # its import may have registered it, with its schema
                if isinstance(obj, Entry):
                    self._entries[point.name] = obj
                else:
                    self.register(point.name, obj)
            dist = getattr(point, "dist", None)
            if dist is not None:
                self._entries[point.name].origin = dist.metadata["Name"]
            added.append(point.name)
        return added


def _origin(obj: Any) -> str:
    module = getattr(obj, "__module__", "") or ""
    return "mtbrief" if module.startswith("pipeline") else module.split(".")[0] or "?"


stages = Registry("stage factory", "stages", (
    "pipeline.stages.clean", "pipeline.stages.segment", "pipeline.stages.summarize", "pipeline.stages.score",
))
backends = Registry("model backend", "backends", ("pipeline.backends",))
summarizers = Registry("summarizer", "summarizers", ("pipeline.stages.summarize",))
clean_rules = Registry("clean rule", "clean_rules", ("pipeline.stages.clean",))
metrics = Registry("metric", "metrics", ("pipeline.metrics",))
datasets = Registry("dataset format", "datasets", ("pipeline.bench.datasets",))
systems = Registry("bench baseline", "systems", ("pipeline.bench.systems",))
renderers = Registry("output format", "renderers", ("pipeline.render",))
# What a bench config's ``kind:`` runs: a leaderboard (systems x datasets x stages), throughput, scaling.
benches = Registry("bench kind", "benches", ("pipeline.bench.runner", "pipeline.bench.throughput", "pipeline.bench.scaling"))

ALL: dict[str, Registry] = {
    r.group.removeprefix(ENTRY_POINT_PREFIX): r
    for r in (stages, backends, summarizers, clean_rules, metrics, datasets, systems, renderers, benches)
}


def load_all() -> None:
    """Fill every registry (the package's modules, then plugins)."""
    for reg in ALL.values():
        reg.load()


Factory = Callable[..., Any]
