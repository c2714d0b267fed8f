"""The score stage's options (``components.score``). It counts the fact checks summarize recorded,
so it has no attachment rules of its own (they are the top-level ``support`` block)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pipeline.config import Block, Positive
from pipeline.facts.extract import ALL_KINDS

FactKind = Literal[ALL_KINDS]  # type: ignore[valid-type]


class ChecksOptions(Block):
    """Which reference-free check groups run."""

    clean: bool = True
    segment: bool = True
    summarize: bool = True


class ScoreConfig(Block):
    """Reference-free checks of clean, segment and summarise output, each with a signature."""

    checks: ChecksOptions = ChecksOptions()
    novel_ngram_orders: list[Positive] = Field([1, 2, 3], min_length=1, description="n of the summary's novel n-gram ratios")
    fact_kinds: list[FactKind] = Field(list(ALL_KINDS), min_length=1, description="counted by supported_facts")
