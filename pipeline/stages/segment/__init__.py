"""Segment stage: sections and sub-sections of the cleaned bulletin, each titled and typed.

Registers the ``segment`` factory. Every choice the stage makes is an option here and in
the ``segment`` block of ``configs/default.yaml``.
"""

from __future__ import annotations

from typing import Any

from ... import registry
from ...sentences import SPLITTERS
from .stage import SegmentStage
from .schema import SegmentConfig

DEFAULTS: dict[str, Any] = SegmentConfig.defaults()  # the options, as stage code reads them (schema.py)


@registry.stages.register(
    "segment",
    schema=SegmentConfig,
    requires=("cleaned",),
    provides=("sentences", "paragraphs", "sections"),
)
def make_segment(options: dict[str, Any], ctx: Any) -> SegmentStage:
    """Sentences, paragraphs and two levels of titled sections from the cleaned text."""
    return SegmentStage(options, ctx)
