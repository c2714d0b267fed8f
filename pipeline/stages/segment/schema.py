"""The segment stage's options (``components.segment``): every weight, threshold and size."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from pipeline.config import Block, NonNegative, Positive, Share, fail
from pipeline.sentences import SPLITTERS

Kind = Literal["lede", "review", "requirements", "tasks", "other"]  # pipeline.stages.segment.kinds.KINDS


def _compiles(pattern: str, where: str) -> str:
    try:
        re.compile(pattern)
    except re.error as err:
        raise fail(f"config key '{{key}}{where}' = {pattern!r} is not a valid regular expression: {err}") from None
    return pattern


class Cue(Block):
    """A phrase that opens a top-level section at a paragraph's start, and the section's kind."""

    pattern: str
    kind: Kind

    @field_validator("pattern")
    @classmethod
    def _regex(cls, value: str) -> str:
        return _compiles(value, "")


CUES = [
    {"pattern": r"The (?:meeting|conference|session|forum) (?:also )?(?:pointed out|noted|reviewed|summarized|held that|believed|affirmed|recognized)", "kind": "review"},
    {"pattern": r"The (?:meeting|conference|session|forum) (?:also )?(?:emphasized|stressed|required|called for|called on|demanded|requested|urged)", "kind": "requirements"},
    {"pattern": r"The (?:meeting|conference|session|forum) (?:also )?(?:determined|decided|deployed|arranged)", "kind": "tasks"},
    {"pattern": r"The (?:meeting|conference|session|forum) (?:also )?[a-z]+(?:ed|ne|de)\b", "kind": "other"},
    {"pattern": r"(?:In general|In summary|In conclusion|Overall|On the whole)\b", "kind": "other"},
    {"pattern": r"(?:Notes?|Remarks?)\s*[:：]", "kind": "other"},
]


class Paragraphs(Block):
    min_blank_breaks: Positive = Field(2, description="fewer blank lines than this: one paragraph per line")


class Lists(Block):
    min_items: Positive = Field(2, description="a numbering style (I. / 1. / (1) / First,) counts from this many items")


class Heading(Block):
    """A one-sentence paragraph's heading score."""

    short_words: Positive = Field(8, description="at most this many words: fully heading-like")
    long_words: Positive = Field(24, description="at least this many: not a heading")
    unpunctuated_bonus: Share = Field(0.3, description="a line without a full stop")
    figure_factor: Share = Field(0.5, description='figures ("3.5%") belong to body text')
    clause_factor: Share = Field(0.6, description="so do commas and semicolons")


class Closing(Block):
    min_lines: Positive = Field(2, description="trailing unpunctuated lines (office, date) form a sign-off section")


class Topic(Block):
    window: Positive = Field(3, description="sentences each side of a gap, for topic shift and restatement")
    max_words: Positive = Field(64, description="words of each sentence embedded: its topic")


class Weights(Block):
    """How much each signal adds to a boundary's score (topic 0: the encoder is not loaded)."""

    cue: NonNegative = 1.0
    list_: NonNegative = Field(1.0, alias="list")
    heading: NonNegative = 0.6
    paragraph: NonNegative = 0.1
    topic: NonNegative = 0.3


class Thresholds(Block):
    level1: Share = Field(0.5, description="score a section boundary needs")
    level2: Share = Field(0.5, description="score a sub-section boundary needs")
    unmarked_z: float = Field(1.0, description="text with no cues or lists: level-1 score this many std above the mean")
    restatement: Share = Field(0.85, description="cosine at which text after a gap repeats text before it: no boundary")


class Sizes(Block):
    """In sentences."""

    min_section: Positive = 2
    max_section: Positive = 40
    min_subsection: Positive = 2
    max_subsection: Positive = 12

    @model_validator(mode="after")
    def _ordered(self) -> "Sizes":
        for low, high in (("min_section", "max_section"), ("min_subsection", "max_subsection")):
            if getattr(self, low) > getattr(self, high):
                raise fail(f"{{key}}: {low} = {getattr(self, low)} is above {high} = {getattr(self, high)}")
        return self


class Kinds(Block):
    keywords: dict[Kind, list[str]] = Field(
        default_factory=lambda: {
            "tasks": [r"\b(?:key|main|major|following) (?:tasks|work)\b", r"\btasks\s*$", r"\bmeasures\s*$"],
            "requirements": [r"\brequirements\s*$"],
            "review": [],
            "other": [],
        },
        description="searched in a section's opening sentence, in this order",
    )
    review_figure_share: Share = Field(0.5, description="this share of sentences with figures: a review of results")

    @field_validator("keywords")
    @classmethod
    def _regexes(cls, table: dict[str, list[str]]) -> dict[str, list[str]]:
        for kind, patterns in table.items():
            for i, pattern in enumerate(patterns):
                _compiles(pattern, f".{kind}.{i}")
        return table


class Title(Block):
    heading_min: Share = Field(0.25, description="heading score from which an opening paragraph is the title")
    keywords: Positive = Field(3, description="key phrases in an extractive title")
    phrase_words: Positive = Field(3, description="content words in one key phrase, at most")
    max_words: Positive = 12
    generator: str | None = Field(None, description="a model card (e.g. ${vars.generator}) to write titles where no heading")
    max_new_tokens: Positive = 24


class SegmentConfig(Block):
    """Sentences, paragraphs and two levels of titled sections from the cleaned text."""

    splitter: Literal[SPLITTERS] = Field(  # type: ignore[valid-type]
        "nupunkt", description="both ship their model; sentences never cross paragraphs")
    encoder: str = Field("all-MiniLM-L6-v2", description="topic shift from sentence embeddings")
    paragraphs: Paragraphs = Paragraphs()
    cues: list[Cue] = Field(default_factory=lambda: [Cue(**c) for c in CUES],
                            description="open a top-level section at a paragraph's start; first match gives the kind")
    lists: Lists = Lists()
    heading: Heading = Heading()
    closing: Closing = Closing()
    topic: Topic = Topic()
    weights: Weights = Weights()
    thresholds: Thresholds = Thresholds()
    sizes: Sizes = Sizes()
    kinds: Kinds = Kinds()
    title: Title = Title()
