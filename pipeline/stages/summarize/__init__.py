"""Summarize stage: the briefing an editor sends upward, with nothing the source does not say.

Registers the ``summarize`` stage factory and the summarizers ``abstractive`` (a model card's
generator), ``lead-k`` and ``centroid`` (extractive baselines) and ``mmr`` (the briefing plan without a generator: the fallback when no
generator is installed). Every choice is an option here and in the ``summarize`` block of
``configs/default.yaml``.
"""

from __future__ import annotations

from typing import Any

from ... import registry
from . import abstractive, extractive  # noqa: F401  (registers the summarizers)
from .stage import SummarizeStage
from .schema import SummarizeConfig

DEFAULTS: dict[str, Any] = SummarizeConfig.defaults()  # the options, as stage code reads them (schema.py)


@registry.stages.register(
    "summarize",
    schema=SummarizeConfig,
    requires=("sentences", "sections"),
    provides=("summary", "key_figures"),
)
def make_summarize(options: dict[str, Any], ctx: Any) -> SummarizeStage:
    """An abstractive summary within a word budget, every fact checked against the source."""
    return SummarizeStage(options, ctx)
