"""Assemble registered stages from a config and run them over one document.

Like Stanza's processors, each stage declares what it requires and provides; the
pipeline checks the chain before loading anything and names what is missing.
"""

from __future__ import annotations

import os

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Protocol

from . import registry
from .config import TOP_LEVEL, load_config
from .document import Document
from .errors import ConfigError, MtbriefError, PipelineError
from .progress import SILENT, Progress

# What a bare document has before any stage runs.
INITIAL_PROVIDES = ("source",)


class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]

    def __call__(self, doc: Document) -> Document: ...


@dataclass
class Context:
    """What a stage factory gets besides its own options: runtime settings, progress,
    and a cache of heavy resources (an embedding model) shared between stages."""

    runtime: dict[str, Any] = field(default_factory=lambda: dict(TOP_LEVEL["runtime"]))
    progress: Progress = SILENT
    resources: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.runtime = {**TOP_LEVEL["runtime"], **self.runtime}  # a partial runtime (a test's) gets the defaults

    def shared(self, key: str, make: Callable[[], Any]) -> Any:
        """Build a resource once per pipeline (e.g. the sentence encoder) and reuse it."""
        if key not in self.resources:
            self.kernel_cache()
            self.resources[key] = make()
        return self.resources[key]

    def encoder(self, name: str) -> Any:
        """The sentence encoder ``name``, loaded once per pipeline and shared by every stage that
        embeds (segment's topic shift, summarize's selection, clean's rewrite guard)."""
        from .embeddings import Encoder

        runtime = self.runtime
        return self.shared("encoder:" + name, lambda: Encoder(name, int(runtime["threads"]), int(runtime["encoder_cache"])))

    def kernel_cache(self) -> None:
        """Bound oneDNN's cache of compiled kernels before torch first runs one. It keys kernels by
        input shape, and every batch of sentences has another shape: over a 200-document stream the
        default cache (1,024 kernels) grew peak RSS by 20%; with none it stays within 4% and runs no
        slower (``runtime.kernel_cache``). A value the user set in the environment wins."""
        os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", str(self.runtime["kernel_cache"]))

    def pin_threads(self) -> None:
        """Pin torch's intra-op threads before model work: on 2 cores an oversubscribed
        pool slows generation tenfold. Called by stages that use torch, after importing it."""
        import torch

        n = int(self.runtime["threads"])
        if torch.get_num_threads() != n:
            torch.set_num_threads(n)

    @property
    def cache_dir(self) -> Path:
        return Path(self.runtime["cache_dir"]).expanduser()


def check_chain(steps: list[tuple[str, tuple[str, ...], tuple[str, ...]]]) -> None:
    """Raise :class:`PipelineError` if a stage needs something no earlier stage provides."""
    have = list(INITIAL_PROVIDES)
    for name, requires, provides in steps:
        missing = [r for r in requires if r not in have]
        if missing:
            raise PipelineError(
                f"stage {name!r} requires {', '.join(missing)}, which no earlier stage provides "
                f"(provided so far: {', '.join(have)})"
            )
        have.extend(p for p in provides if p not in have)


class Pipeline:
    def __init__(self, stages: list[Stage], config: dict[str, Any], context: Context) -> None:
        self.stages = stages
        self.config = config
        self.context = context

    @classmethod
    def from_config(
        cls,
        path: str | Path | None = None,
        *,
        overrides: dict[str, Any] | None = None,
        upto: str | None = None,
        progress: Progress | None = None,
    ) -> "Pipeline":
        """Build the stages the config names, in order. ``upto`` stops after that component
        (the reference-free ``score`` stage still runs last when the config has it)."""
        cfg = load_config(path, overrides)
        names = cfg.get("pipeline") or []
        comps = cfg.get("components") or {}
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            raise ConfigError("config key 'pipeline' must be a list of at least one component name")
        if not isinstance(comps, dict):
            raise ConfigError("config key 'components' must be a mapping of component blocks")
        if upto is not None:
            if upto not in names:
                raise ConfigError(f"component {upto!r} is not in the config's pipeline: {', '.join(names)}")
            names = names[: names.index(upto) + 1] + [n for n in names[names.index(upto) + 1 :] if n == "score"]
        plan = []
        for name in names:
            if name not in comps:
                raise ConfigError(f"pipeline names {name!r} but components has no {name!r} block")
            if not isinstance(comps[name], dict):
                raise ConfigError(f"components.{name}: expected a mapping with at least its factory")
            block = dict(comps[name])
            factory = block.pop("factory", name)
            entry = registry.stages.get(factory, where=f"components.{name}.factory")
            options = block  # load_config validated it against the factory's schema, defaults filled in
            plan.append((name, entry, options))
        check_chain([(n, e.requires, e.provides) for n, e, _ in plan])
        context = Context(runtime=cfg["runtime"], progress=progress or SILENT)
        stages = []
        for name, entry, options in plan:
            stage = entry.factory(options, context)
            stage.name, stage.requires, stage.provides = name, entry.requires, entry.provides
            stages.append(stage)
        return cls(stages, cfg, context)

    def __call__(self, text: str | Document) -> Document:
        doc = text if isinstance(text, Document) else Document(source=text)
        doc.meta.setdefault("config", self.config.get("_path"))
        timings = doc.meta.setdefault("timings_s", {})
        for stage in self.stages:
            t0 = time.perf_counter()
            doc = stage(doc)
            timings[stage.name] = round(time.perf_counter() - t0, 3)
        return doc

    def pipe(
        self, items: Iterable[str | Document | Mapping[str, Any]], batch_size: int = 16, on_error: str = "raise"
    ) -> Iterator[Document]:
        """Documents for a stream of texts, in input order, a batch at a time (spaCy's ``nlp.pipe``).

        Models stay loaded across the stream, and a stage with a ``pipe(docs)`` method gets the
        whole batch at once (segment embeds every sentence of the batch in one encoder call).
        Only one batch is held, so memory stays flat over a long stream. An item is a text, a
        :class:`Document`, or a record ``{"text": ..., "id": ...}`` (the id goes to ``meta``).
        With ``on_error="record"`` a document that fails gets its one-line error in
        ``meta["error"]``, later stages skip it, and the stream goes on; ``"raise"`` stops."""
        if on_error not in ("raise", "record"):
            raise ValueError(f"on_error must be 'raise' or 'record', not {on_error!r}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        batch: list[Document] = []
        for item in items:
            batch.append(self._start(item))
            if len(batch) == batch_size:
                yield from self._run_batch(batch, on_error)
                batch = []
        if batch:
            yield from self._run_batch(batch, on_error)

    def _start(self, item: str | Document | Mapping[str, Any]) -> Document:
        if isinstance(item, Document):
            doc = item
        elif isinstance(item, str):
            doc = Document(source=item)
        else:
            doc = Document(source=item["text"])
            if item.get("id") is not None:
                doc.meta["id"] = item["id"]
        doc.meta.setdefault("config", self.config.get("_path"))
        doc.meta.setdefault("timings_s", {})
        return doc

    def _run_batch(self, docs: list[Document], on_error: str) -> list[Document]:
        """Each stage over the whole batch; a failing batched call is retried one document at a
        time, so one bad document costs only itself."""
        for stage in self.stages:
            live = [i for i, d in enumerate(docs) if "error" not in d.meta]
            batched = getattr(stage, "pipe", None)
            if batched is not None and len(live) > 1:
                t0 = time.perf_counter()
                try:
                    out = list(batched([docs[i] for i in live]))
                except Exception:
                    if on_error == "raise":
                        raise
                else:
                    each = round((time.perf_counter() - t0) / len(live), 3)
                    for i, doc in zip(live, out):
                        docs[i] = doc
                        doc.meta["timings_s"][stage.name] = each
                    continue
            for i in live:
                t0 = time.perf_counter()
                try:
                    docs[i] = stage(docs[i])
                except Exception as err:
                    if on_error == "raise":
                        raise
                    docs[i].meta["error"] = error_line(err)
                    docs[i].meta["error_stage"] = stage.name
                    continue
                docs[i].meta["timings_s"][stage.name] = round(time.perf_counter() - t0, 3)
        return docs


def error_line(err: BaseException) -> str:
    """One line for a failed document: the user's message for an mtbrief error, else the type too."""
    if isinstance(err, MtbriefError):
        return " ".join(str(err).split())
    return " ".join(f"{type(err).__name__}: {err}".split())
