"""The clean stage's options: defaults, allowed values and ranges in one place (``components.clean``)."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, field_validator

from pipeline.config import Block, NonNegative, Positive, PositiveFloat, Share, fail

Confidence = float | dict[str, float]


class LayoutOptions(Block):
    quote_style: Literal["majority", "straight", "curly"] = Field(
        "majority", description="what mixed double quotes become")
    missing_period_min_words: Positive = Field(6, description="shorter paragraphs may be headings: no period added")
    heading_capitalised_share: Share = Field(0.6, description="a paragraph this capitalised is a heading")
    duplicate_min_words: Positive = Field(10, description="a repeated sentence must be this long to be removed")
    duplicate_min_overlap: Share = Field(0.75, description="share of its word pairs found in one earlier sentence")
    duplicate_stem_letters: Positive = Field(
        5, description='sentences are compared on words cut to this many letters ("industry" = "industrial")')


class ArtifactOptions(Block):
    max_item_words: Positive = Field(6, description="longest list item the repeated-coordinate rule compares")
    max_echo_words: Positive = Field(3, description='longest phrase the repeated-noun rule looks for across "and"')
    heading_max_words: Positive = Field(
        5, description="a verbless line opening this short, run into a sentence, is a heading")
    min_adverb_letters: Positive = Field(5, description='"-ly" words this long are adverbs ("fully", not "fly")')
    min_suffixed_noun_letters: Positive = Field(
        7, description='a "-tion/-ment/-ity" word this long is a common noun ("nation" is too short to tell)')


class StructureOptions(Block):
    """Wire-copy lines whose punctuation and case are left alone."""

    enabled: bool = Field(True, description="headlines, datelines, bylines, credits, captions, list items, headings")
    max_headline_words: Positive = Field(30, description="a leading line without a final mark and this short is a headline")
    max_line_words: Positive = Field(12, description="credit, byline and heading lines are at most this long")
    min_sentence_words: Positive = Field(
        6, description="a later line without a final mark and shorter than this is a heading")


class GlossaryOptions(Block):
    builtin: bool = Field(True, description="pipeline/stages/clean/glossary.yaml")
    paths: list[str] = Field(default_factory=list, description="your own glossary files (same format), applied first")
    not_before_chars: Positive = Field(40, description="characters after a match searched for an entry's not_before words")


class RewriteOptions(Block):
    """Neural rewrite of sentences the rules flag but cannot repair."""

    enabled: bool = False
    model: str = Field("qwen2.5-coder-1.5b-instruct-q4km", description="a card in models/")
    encoder: str = Field("all-MiniLM-L6-v2", description="meaning check by sentence embeddings")
    max_sentences: Positive = 20
    max_new_tokens: Positive = 120
    min_length_ratio: PositiveFloat = Field(0.7, description="rewrite words / original words")
    max_length_ratio: PositiveFloat = 1.3
    min_cosine: Share = 0.85
    apply: bool = Field(False, description="true: an accepted rewrite is an edit; false: the flagged sentence's suggestion")
    time_budget_s: NonNegative = Field(60.0, description="stop once generation has taken this long per document (0: no limit)")


# How sure each rule is of its fixes, one value per case where a rule's cases differ; a glossary
# entry may set its own. The cases at 0.45 read well but are not what references of real MT
# (WMT23 zh-en) do, so by default they are flagged, the fix kept as a suggestion: "X and X" mostly
# renders two different source terms (经历和体会 "experience and experience"), so dropping one
# loses a term; an unmarked sentence break stands for a Chinese comma that references keep in one
# sentence; a short verbless opening may be a heading or an exclamation.
CONFIDENCE: dict[str, Confidence] = {
    "layout.strip-leading-space": 1.0,
    "layout.strip-trailing-space": 1.0,
    "layout.collapse-blank-lines": 1.0,
    "layout.leading-comma": {"continues": 0.95, "stray": 0.8},
    "layout.join-broken-sentence": {"dangling": 0.95, "lower-case": 0.85},
    "layout.missing-period": {"after-sentence": 0.9, "single": 0.45, "opening": 0.45},
    "layout.normalize-quotes": 0.9,
    "layout.duplicate-sentence": {"sentence": 0.45, "paragraph": 0.45},
    "artifact.stray-period": {"split": 0.8, "echo": 0.8},
    "artifact.run-on": {"period": 0.45, "pronoun": 0.75, "heading": 0.45, "figure": 0.7},
    "artifact.midsentence-capital": {"grammar-word": 0.9, "lower-case-elsewhere": 0.75, "noun-ending": 0.7,
                                     "imperative": 0.75},
    "artifact.repeated-coordinate": {"repeat": 0.85, "emphatic": 0.45},
    "artifact.repeated-noun": {"noun": 0.45, "modifier": 0.45, "pair": 0.45, "framed": 0.7},
    "glossary.term": 0.9,
}


class CleanConfig(Block):
    """Repair layout, MT artifacts and terminology; optionally rewrite what the rules flag."""

    disable: list[str] = Field(default_factory=list, description="rule ids to switch off, e.g. [artifact.midsentence-capital]")
    min_confidence: Share = Field(0.5, description="fixes below this are only flagged, not applied")
    confidence: dict[str, Confidence] = Field(
        default_factory=lambda: {k: (dict(v) if isinstance(v, dict) else v) for k, v in CONFIDENCE.items()},
        description="how sure each rule is, per case where its cases differ (0..1); keys are rule ids",
    )
    layout: LayoutOptions = LayoutOptions()
    artifacts: ArtifactOptions = ArtifactOptions()
    structure: StructureOptions = StructureOptions()
    glossary: GlossaryOptions = GlossaryOptions()
    rewrite: RewriteOptions = RewriteOptions()

    @field_validator("confidence", mode="before")
    @classmethod
    def _rules_and_ranges(cls, table: Any) -> Any:
        """Each key a registered rule (plugins' too); a rule with cases gets a mapping of exactly
        its cases; every confidence a number in [0, 1]."""
        from .rules import RULES

        if not isinstance(table, dict):
            return table  # the type check reports it
        table = _dotted_ids(table, RULES)
        for rule_id, value in table.items():
            rule = RULES[rule_id] if rule_id in RULES else None
            if rule is None:
                raise fail(f"unknown config key '{{key}}.{rule_id}'; allowed keys: {', '.join(RULES)}")
            if rule.cases and not isinstance(value, dict):
                raise fail(f"config key '{{key}}.{rule_id}' = {value!r} has the wrong type: "
                           f"expected a mapping of its cases ({', '.join(rule.cases)})")
            for case, number in value.items() if isinstance(value, dict) else [("", value)]:
                key = ".".join(filter(None, (rule_id, case)))
                if rule.cases and case not in rule.cases:
                    raise fail(f"unknown config key '{{key}}.{key}'; allowed keys: {', '.join(rule.cases)}")
                if not rule.cases and case:
                    raise fail(f"config key '{{key}}.{rule_id}' has no cases: expected one number")
                if isinstance(number, bool) or not isinstance(number, (int, float)):
                    raise fail(f"config key '{{key}}.{key}' = {number!r} has the wrong type: expected float")
                if not 0 <= number <= 1:  # NaN fails this too
                    raise fail(f"{{key}}.{key} = {number!r} must be between 0 and 1")
        return {k: ({c: float(n) for c, n in v.items()} if isinstance(v, dict) else float(v)) for k, v in table.items()}


def _dotted_ids(table: dict[str, Any], rules: Any) -> dict[str, Any]:
    """``--set components.clean.confidence.glossary.term=0.3`` arrives split at the dots of the rule
    id ({"glossary": {"term": 0.3}}): join such keys back into rule ids (they win over the table's)."""
    out = {k: v for k, v in table.items() if k in rules or not isinstance(v, dict)}
    for head, sub in table.items():
        if head in out:
            continue
        for rest, value in sub.items():
            rule_id = f"{head}.{rest}"
            if rule_id not in rules and isinstance(value, dict):
                out.update(_dotted_ids({rule_id: value}, rules))
            elif isinstance(value, dict) and isinstance(out.get(rule_id), dict):
                out[rule_id] = {**out[rule_id], **value}
            else:
                out[rule_id] = value
    return out


class GlossaryEntry(Block):
    """One entry of a glossary file (``glossary.yaml``, or a user's own in ``glossary.paths``)."""

    zh: str = Field(description="the Chinese term")
    wrong: list[str] = Field(description="its wrong renderings; {ordinal} and {word} are placeholders")
    right: str = Field(description="the right rendering (repeats the placeholders it uses)")
    note: str
    contexts: list[str] = Field(default_factory=list, description="one must occur in the sentence (none: everywhere)")
    not_before: list[str] = Field(default_factory=list, description="a following word that makes the wrong rendering correct")
    confidence: Share | None = Field(None, description="its own; none: the config's confidence for glossary.term")

    @field_validator("wrong", mode="before")
    @classmethod
    def _renderings(cls, value: Any) -> Any:
        from .glossary import PLACEHOLDERS

        if not isinstance(value, list):
            raise fail(f"'{{key}}' must be a list of renderings, got {value!r}")
        if not value:
            raise fail("'{key}' lists no rendering")
        for w in value:
            if not isinstance(w, str) or not re.search(r"[A-Za-z0-9]", re.split(r"[\s-]+", w.strip())[0]):
                raise fail(f"the rendering {w!r} must start with a word")
            bad = set(re.findall(r"\{(\w+)\}", w)) - set(PLACEHOLDERS)
            if bad:
                raise fail("unknown placeholder {" + sorted(bad)[0] + "}; allowed: " + ", ".join(PLACEHOLDERS))
        return value
