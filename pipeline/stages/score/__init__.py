"""The ``score`` stage: reference-free checks of a single run, put under ``doc.scores``.

No gold is needed: for clean, edits by rule, numbers preserved and characters changed;
for segment, sections by level and kind and their mean length; for summarise, the
supported-facts rate of the checks the summarize stage recorded on its sentences (read,
not redone), length, compression and novel n-grams. Every check carries a sacrebleu-style
signature naming the models the stages recorded in ``meta["models"]``. Plain Python (no
evaluate import), so it costs little per run.
"""

from __future__ import annotations

from typing import Any

from ... import registry
from ...document import Document
from ...errors import ConfigError
from ...facts import ALL_KINDS
from ...pipeline import Context

from .checks import clean_checks, segment_checks, summary_checks
from .schema import ScoreConfig

DEFAULTS: dict[str, Any] = ScoreConfig.defaults()  # the options, as stage code reads them (schema.py)


class ScoreStage:
    """Runs each enabled check group whose stage left something to check."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.checks = options["checks"]
        self.orders = _orders(options["novel_ngram_orders"])
        self.kinds = _kinds(options["fact_kinds"])

    def __call__(self, doc: Document) -> Document:
        if self.checks["clean"]:
            doc.scores["clean"] = clean_checks(doc)
        if self.checks["segment"] and doc.sentences:
            doc.scores["segment"] = segment_checks(doc)
        if self.checks["summarize"] and doc.summary is not None:
            doc.scores["summarize"] = summary_checks(doc, self.orders, self.kinds)
        return doc


def _orders(value: list[Any]) -> list[int]:
    if not value or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in value):
        raise ConfigError(f"components.score.novel_ngram_orders must list whole numbers >= 1, got {value!r}")
    return list(value)


def _kinds(value: list[Any]) -> list[str]:
    unknown = [k for k in value if k not in ALL_KINDS]
    if unknown or not value:
        raise ConfigError(
            f"components.score.fact_kinds: {unknown[0] if unknown else 'empty list'!r} is not a fact kind; "
            f"allowed: {', '.join(ALL_KINDS)}"
        )
    return list(value)


@registry.stages.register("score", schema=ScoreConfig, requires=("source",), provides=("scores",))
def make_score(options: dict[str, Any], ctx: Context) -> ScoreStage:
    """Reference-free checks of clean, segment and summarise output, each with a signature."""
    return ScoreStage(options)
