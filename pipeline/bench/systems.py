"""Systems under test, built once per stage (and per dataset that brings its own overrides)
and run item by item.

A system is one of: a set of config overrides for :meth:`Pipeline.from_config` (the
pipeline runs up to the stage under test, so the rules-only cleaner, the segmenter
and every registered summarizer are reached through config alone); a named baseline
that needs no pipeline (do-nothing cleaning, one section, one section per paragraph,
TextTiling); or summaries stored in the dataset (FRANK's system outputs).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Protocol

from .. import registry
from ..config import load_config, merge
from ..document import Document, Section, Summary
from ..errors import ConfigError
from ..metrics.signature import package_version
from ..pipeline import Pipeline
from .oracle import nugget_oracle
from .tasks import sentence_units

HASH_CHARS = 12
# Packages a pipeline system's output depends on, named in its signature.
SYSTEM_PACKAGES = ("transformers", "torch", "sentence-transformers", "llama_cpp_python", "nupunkt", "pysbd")


@dataclass
class SystemSpec:
    name: str
    overrides: dict[str, Any] = field(default_factory=dict)
    baseline: str = ""  # a name in BASELINES
    stored: str = ""  # a key of the items' system_summaries
    # At most this many items of each dataset, or {dataset: n} (for slow systems; others: all).
    limit: int | dict[str, int] | None = None
    datasets: list[str] = field(default_factory=list)  # only these datasets (all when empty)

    def items_for(self, dataset: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        n = self.limit.get(dataset) if isinstance(self.limit, dict) else self.limit
        return items[:n] if n else items


class System(Protocol):
    name: str

    def predict(self, item: dict[str, Any], text: str) -> Document | None:
        """The document the system made of an item's text; None when it does not apply."""

    def provenance(self, docs: list[Document]) -> dict[str, str]:
        """The model (card name) and model_sha256 behind the outputs, for every metric signature."""

    def signature(self, docs: list[Document]) -> str:
        """What produced the outputs: config hash, model and file hash, package versions."""


# ---- named baselines ------------------------------------------------------------------------
Baseline = Callable[[str, dict[str, Any]], Document]


def do_nothing(text: str, item: dict[str, Any]) -> Document:
    """Cleaning that changes nothing: the floor every cleaner must not fall below."""
    return Document(source=text)


def one_section(text: str, item: dict[str, Any]) -> Document:
    return Document(source=text, sections=[Section("", "other", 0, len(text))])


def one_per_paragraph(text: str, item: dict[str, Any]) -> Document:
    """Every paragraph its own section, paragraphs read as the segment stage reads them."""
    from .. import registry
    from ..sentences import find_paragraphs

    min_blank = registry.stages.get("segment").defaults["paragraphs"]["min_blank_breaks"]
    paragraphs = find_paragraphs(text, min_blank)
    return Document(source=text, sections=[Section("", "other", p.start, p.end) for p in paragraphs])


def texttiling(text: str, item: dict[str, Any]) -> Document:
    """NLTK's TextTiling (Hearst 1997) over the item's sentences, each given as a paragraph:
    on text without blank lines TextTiling otherwise returns one tile. Stop words are
    scikit-learn's list, as NLTK's own needs a corpus download."""
    from nltk.tokenize.texttiling import TextTilingTokenizer
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    units = [tuple(u) for u in item.get("units") or sentence_units(text)]
    tiler = TextTilingTokenizer(stopwords=sorted(ENGLISH_STOP_WORDS))
    starts, first = [], 0
    try:
        tiles = tiler.tokenize("\n\n".join(text[a:b] for a, b in units))
    except ValueError:  # too short for one window: one tile
        tiles = [""]
    for tile in tiles:
        starts.append(units[first][0])
        first += tile.strip().count("\n\n") + 1
    return Document(source=text, sections=[Section("", "other", s, s) for s in starts])


def first_reference(text: str, item: dict[str, Any]) -> Document:
    """The item's first human reference as the briefing: how far a person's briefing gets on the
    measures that need no reference (nugget recall, unsupported figures, lede restatements). Its
    ROUGE is against a set that holds itself, so that column is no comparison."""
    references = item.get("references") or [""]
    return Document(source=text, summary=Summary(text=references[0], method="reference", model="first writer"))


@dataclass(frozen=True)
class BaselineEntry:
    stage: str
    run: Baseline
    packages: tuple[str, ...] = ()  # whose versions its signature names


for _name, _entry in {
    "do-nothing": BaselineEntry("clean", do_nothing),
    "one-section": BaselineEntry("segment", one_section),
    "one-per-paragraph": BaselineEntry("segment", one_per_paragraph),
    "texttiling": BaselineEntry("segment", texttiling, ("nltk", "scikit-learn", "nupunkt")),
    "first-reference": BaselineEntry("summarize", first_reference),
    "nugget-oracle": BaselineEntry("summarize", nugget_oracle, ("nupunkt", "pysbd", "tokenizers")),
}.items():
    registry.systems.register(_name, _entry)
BASELINES = registry.systems  # name -> BaselineEntry; plugins add theirs (entry point group mtbrief.systems)


def system_signature(kind: str, fields: dict[str, str | None], packages: tuple[str, ...] = ()) -> str:
    """``system:KIND|field:value|...|version:mtbrief-X,pkg-Y``, in the metric signatures' format."""
    versions = ",".join(f"{p}-{package_version(p)}" for p in ("mtbrief", *packages))
    parts = {"system": kind, **{k: v for k, v in fields.items() if v}, "version": versions}
    return "|".join(f"{k}:{v}" for k, v in parts.items())


@dataclass
class BaselineSystem:
    name: str
    baseline: str

    def predict(self, item: dict[str, Any], text: str) -> Document | None:
        return BASELINES[self.baseline].run(text, item)

    def provenance(self, docs: list[Document]) -> dict[str, str]:
        return {}

    def signature(self, docs: list[Document]) -> str:
        return system_signature("baseline", {"name": self.baseline}, BASELINES[self.baseline].packages)


@dataclass
class StoredSystem:
    """Outputs another system wrote, kept in the dataset (FRANK's BART, pointer-generator...)."""

    name: str
    key: str

    def predict(self, item: dict[str, Any], text: str) -> Document | None:
        summary = (item.get("system_summaries") or {}).get(self.key)
        if summary is None:
            return None
        return Document(source=text, summary=Summary(text=summary, method="stored", model=self.key))

    def provenance(self, docs: list[Document]) -> dict[str, str]:
        return {"model": f"stored:{self.key}"}

    def signature(self, docs: list[Document]) -> str:
        return system_signature("stored", {"key": self.key})


@dataclass
class PipelineSystem:
    name: str
    pipeline: Pipeline

    def predict(self, item: dict[str, Any], text: str) -> Document | None:
        return self.pipeline(text)

    def provenance(self, docs: list[Document]) -> dict[str, str]:
        return model_provenance(docs)

    def signature(self, docs: list[Document]) -> str:
        """The effective config's hash, and the generator card and file hash when one wrote text."""
        config = {k: v for k, v in self.pipeline.config.items() if k != "_path"}
        digest = hashlib.sha256(json.dumps(config, sort_keys=True, default=str).encode()).hexdigest()
        info = model_provenance(docs)
        fields = {"config": digest[:HASH_CHARS], "model": info.get("model"),
                  "sha256": (info.get("model_sha256") or "")[:HASH_CHARS]}
        return system_signature("pipeline", fields, SYSTEM_PACKAGES)


def model_provenance(docs: list[Document]) -> dict[str, str]:
    """The model card that wrote the summaries (named in ``Summary.model``) and its file's sha256."""
    from ..backends.cards import load_card

    names = sorted({d.summary.model for d in docs if d.summary and d.summary.model})
    if not names:
        return {}
    try:
        hashes = [load_card(n).source.sha256 for n in names]
    except ConfigError:  # an extractive summarizer names its method, not a card
        return {"model": "+".join(names)}
    return {"model": "+".join(names), "model_sha256": "+".join(h for h in hashes if h)}


def build_system(spec: SystemSpec, stage: str, base_config: str | None, overrides: dict[str, Any]) -> System:
    """Build a system once (models load here), for every dataset of the stage. The pipeline
    stays silent: the bench reports progress per item, not each stage's per-document steps."""
    if spec.baseline:
        return BaselineSystem(spec.name, spec.baseline)
    if spec.stored:
        return StoredSystem(spec.name, spec.stored)
    merged = merge(overrides, spec.overrides)
    chain = upto(load_config(base_config, merged)["pipeline"], stage)
    return PipelineSystem(spec.name, Pipeline.from_config(base_config, overrides=merge(merged, {"pipeline": chain})))


def upto(names: list[str], stage: str) -> list[str]:
    """The config's components up to and including ``stage``, without the score stage
    (the bench scores with references; the reference-free checks would only cost time)."""
    if stage not in names:
        raise ConfigError(f"the pipeline config has no {stage!r} component; it runs: {', '.join(names)}")
    return [n for n in names[: names.index(stage) + 1] if n != "score"]
