"""Segment stage: sections and sub-sections of the cleaned bulletin, each titled and typed.

Registers the ``segment`` factory. Every choice the stage makes is an option here and in
the ``segment`` block of ``configs/default.yaml``.
"""

from __future__ import annotations

from typing import Any

from ... import registry
from .sentences import SPLITTERS
from .stage import SegmentStage

DEFAULTS: dict[str, Any] = {
    "splitter": "nupunkt",  # ships its Punkt model; "pysbd" is rule-based
    "encoder": "all-MiniLM-L6-v2",
    "paragraphs": {"min_blank_breaks": 2},  # fewer blank lines than this: one paragraph per line
    # Phrases that open a top-level section (matched at a paragraph's start) and its kind;
    # the first that matches wins, and a null kind leaves the kind to the section's content.
    "cues": [
        {"pattern": r"The (?:meeting|conference|session|forum) (?:also )?(?:pointed out|noted|reviewed|summarized|held that|believed|affirmed|recognized)", "kind": "review"},
        {"pattern": r"The (?:meeting|conference|session|forum) (?:also )?(?:emphasized|stressed|required|called for|called on|demanded|requested|urged)", "kind": "requirements"},
        {"pattern": r"The (?:meeting|conference|session|forum) (?:also )?(?:determined|decided|deployed|arranged)", "kind": "tasks"},
        {"pattern": r"The (?:meeting|conference|session|forum) (?:also )?[a-z]+(?:ed|ne|de)\b", "kind": "other"},
        {"pattern": r"(?:In general|In summary|In conclusion|Overall|On the whole)\b", "kind": "other"},
        {"pattern": r"(?:Notes?|Remarks?)\s*[:：]", "kind": "other"},
    ],
    "lists": {"min_items": 2},  # a numbering style counts as a list from this many items
    "heading": {
        "short_words": 8,  # at most this many words: fully heading-like
        "long_words": 24,  # at least this many: not a heading
        "unpunctuated_bonus": 0.3,  # a line without a full stop
        "figure_factor": 0.5,  # figures ("3.5%") belong to body text
        "clause_factor": 0.6,  # so do commas and semicolons
    },
    "closing": {"min_lines": 2},  # trailing unpunctuated lines (office, date) form a sign-off
    # window: sentences each side of a gap compared; max_words: words of a sentence embedded
    "topic": {"window": 3, "max_words": 64},
    "weights": {"cue": 1.0, "list": 1.0, "heading": 0.6, "paragraph": 0.1, "topic": 0.3},
    # level1/level2: score a boundary needs (a section shorter than sizes.min_section joins the one before); unmarked_z: where a text announces no structure,
    # a level-1 boundary's score must stand this many standard deviations above the mean;
    # restatement: cosine from which the text after a gap repeats the text before it (no boundary)
    "thresholds": {"level1": 0.5, "level2": 0.5, "unmarked_z": 1.0, "restatement": 0.85},
    "sizes": {"min_section": 2, "max_section": 40, "min_subsection": 2, "max_subsection": 12},  # in sentences
    "kinds": {
        "keywords": {  # searched in a section's opening sentence, in this order
            "tasks": [r"\b(?:key|main|major|following) (?:tasks|work)\b", r"\btasks\s*$", r"\bmeasures\s*$"],
            "requirements": [r"\brequirements\s*$"],
            "review": [],
            "other": [],
        },
        "review_figure_share": 0.5,  # this share of sentences with figures: a review of results
    },
    "title": {
        "heading_min": 0.25,  # heading score from which an opening paragraph is the title
        "keywords": 3,  # key phrases in an extractive title
        "phrase_words": 3,  # content words in one key phrase, at most
        "max_words": 12,
        "generator": None,  # a model card name to write titles for sections without a heading
        "max_new_tokens": 24,
    },
}


@registry.stages.register(
    "segment",
    defaults=DEFAULTS,
    choices={"splitter": list(SPLITTERS)},
    requires=("cleaned",),
    provides=("sentences", "paragraphs", "sections"),
)
def make_segment(options: dict[str, Any], ctx: Any) -> SegmentStage:
    """Sentences, paragraphs and two levels of titled sections from the cleaned text."""
    return SegmentStage(options, ctx)
