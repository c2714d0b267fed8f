"""The clean stage: machine-translated English in, text an editor would sign off out.

Every change is a tracked :class:`~pipeline.document.Edit` with its rule id, reason
and confidence. Rules come from three modules (layout, artifacts, glossary) and
register themselves by id, so a config can switch any of them off; an optional
neural rewrite handles what the rules flag but cannot safely repair.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline import registry
from pipeline.document import Document
from pipeline.errors import ConfigError

from . import artifacts, glossary, layout  # noqa: F401  (importing registers their rules)
from .glossary import load_glossary
from .rewrite import RULE_ID as REWRITE_RULE_ID
from .rewrite import NeuralRewriter
from .rules import RULES, Fix, Options, Rule, minimal, ordered_rules

STAGE = "clean"
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

DEFAULTS: dict[str, Any] = {
    "disable": [],  # rule ids to switch off (see rule_ids())
    "min_confidence": 0.5,  # a fix below this is not applied, only flagged
    # How sure each rule is of its fixes, one value per case where a rule's cases differ; a glossary
    # entry may set its own. The cases at 0.45 read well but are not what references of real MT
    # (WMT23 zh-en) do, so by default they are flagged, the fix kept as a suggestion: "X and X" mostly
    # renders two different source terms (经历和体会 "experience and experience"), so dropping one
    # loses a term; an unmarked sentence break stands for a Chinese comma that references keep in one
    # sentence; a short verbless opening may be a heading or an exclamation.
    "confidence": {
        "layout.strip-leading-space": 1.0,
        "layout.strip-trailing-space": 1.0,
        "layout.collapse-blank-lines": 1.0,
        "layout.leading-comma": {"continues": 0.95, "stray": 0.8},
        "layout.join-broken-sentence": {"dangling": 0.95, "lower-case": 0.85},
        "layout.missing-period": 0.9,
        "layout.normalize-quotes": 0.9,
        "layout.duplicate-sentence": 0.85,
        "artifact.stray-period": 0.8,
        "artifact.run-on": {"period": 0.45, "pronoun": 0.75, "heading": 0.45},
        "artifact.midsentence-capital": {"grammar-word": 0.9, "lower-case-elsewhere": 0.75, "noun-ending": 0.7,
                                         "imperative": 0.75},
        "artifact.repeated-coordinate": {"repeat": 0.85, "emphatic": 0.45},
        "artifact.repeated-noun": {"noun": 0.45, "modifier": 0.45, "pair": 0.45},
        "glossary.term": 0.9,
    },
    "layout": {
        "quote_style": "majority",  # majority | straight | curly: what mixed quotes become
        "missing_period_min_words": 6,  # shorter paragraphs may be headings: no period added
        "heading_capitalised_share": 0.6,  # a paragraph with this share of capitalised words is a heading
        "duplicate_min_words": 10,  # words a sentence needs before it can count as a repeat (not a heading)
        "duplicate_min_overlap": 0.75,  # share of its adjacent word pairs found in one earlier sentence
    },
    "artifacts": {
        "max_item_words": 6,  # longest list item compared by the repeated-coordinate rule
        "max_echo_words": 3,  # longest phrase the repeated-noun rule looks for across "and"
        "heading_max_words": 5,  # a verbless line opening this short, run into a sentence, is a heading
    },
    "glossary": {
        "builtin": True,  # the shipped glossary.yaml
        "paths": [],  # the user's own glossary files; their entries win over the shipped ones
    },
    "rewrite": {
        "enabled": False,
        "model": "qwen2.5-coder-1.5b-instruct-q4km",  # a card in models/
        "encoder": "all-MiniLM-L6-v2",  # sentence embeddings for the meaning check
        "max_sentences": 20,
        "max_new_tokens": 120,
        "min_length_ratio": 0.7,  # rewrite words / original words
        "max_length_ratio": 1.3,
        "min_cosine": 0.85,
    },
}
CHOICES = {"layout.quote_style": ["majority", "straight", "curly"]}


def rule_ids() -> list[str]:
    """Every id ``disable`` accepts: the rules', and the neural rewrite's."""
    return [r.id for r in ordered_rules()] + [REWRITE_RULE_ID]


class CleanStage:
    """Runs the enabled rules in order over ``doc.cleaned``, then the optional rewrite."""

    def __init__(self, rules: list[Rule], options: Options, rewriter: NeuralRewriter | None = None) -> None:
        self.rules = rules
        self.options = options
        self.rewriter = rewriter

    def __call__(self, doc: Document) -> Document:
        flags: list[dict[str, Any]] = []
        for rule in self.rules:
            self._apply(doc, rule, flags)
        rewrites = self.rewriter(doc, flags) if self.rewriter and flags else []
        doc.meta[STAGE] = {"rules": [r.id for r in self.rules], "flags": flags, "rewrites": rewrites}
        return doc

    def _apply(self, doc: Document, rule: Rule, flags: list[dict[str, Any]]) -> None:
        """Apply one rule's fixes right to left, so each offset is still valid when its turn comes;
        a fix overlapping one already applied, or one that would lose a number, is skipped."""
        text = doc.cleaned
        fixes = sorted((minimal(text, f) for f in rule.find(text, self.options)), key=lambda f: (f.start, f.end),
                       reverse=True)
        floor = len(text) + 1
        for fix in fixes:
            confidence = None if fix.after is None else rule.confidence(self.options["confidence"], fix)
            if confidence is None or confidence < self.options["min_confidence"]:
                start, end = doc.to_source(fix.start, fix.end)
                flags.append({"start": start, "end": end, "rule": rule.id, "reason": fix.reason,
                              "confidence": confidence, "suggestion": fix.after})
                continue
            if fix.end > floor or _loses_number(text, fix):
                continue
            doc.edit(fix.start, fix.end, fix.after, rule=rule.id, reason=fix.reason, confidence=confidence,
                     stage=STAGE)
            floor = fix.start


def _loses_number(text: str, fix: Fix) -> bool:
    """Would the fix remove a number that occurs nowhere else in the text? (A removed
    repeat of a sentence may drop its figures: the first copy still states them.)"""
    kept = _NUMBER.findall(fix.after or "")
    rest = text[: fix.start] + text[fix.end :]
    return any(n not in kept and n not in _NUMBER.findall(rest) for n in _NUMBER.findall(text[fix.start : fix.end]))


@registry.stages.register("clean", defaults=DEFAULTS, choices=CHOICES, requires=("source",),
                          provides=("cleaned", "edits"))
def make_clean(options: Options, ctx: Any) -> CleanStage:
    """Repair layout, MT artifacts and terminology; optionally rewrite what the rules flag."""
    disabled = options["disable"]
    valid = rule_ids()
    unknown = [r for r in disabled if r not in valid]
    if unknown:
        raise ConfigError(f"components.clean.disable names unknown rule {unknown[0]!r}; valid ids: {', '.join(valid)}")
    _check_confidences(options["confidence"])
    load_glossary(options["glossary"]["builtin"], tuple(options["glossary"]["paths"]))  # fail now, not mid-run
    rules = [r for r in ordered_rules() if r.id not in disabled]
    rewriter = None
    if options["rewrite"]["enabled"] and REWRITE_RULE_ID not in disabled:
        rewriter = _make_rewriter(options["rewrite"], ctx)
    return CleanStage(rules, options, rewriter)


def _check_confidences(table: Options) -> None:
    """A confidence outside [0, 1] is a typo: fail when the stage is built, naming the key."""
    for rule_id, value in table.items():
        for case, confidence in value.items() if isinstance(value, dict) else [("", value)]:
            if not 0 <= confidence <= 1:
                key = ".".join(filter(None, ("components.clean.confidence", rule_id, case)))
                raise ConfigError(f"{key} = {confidence} must be between 0 and 1")


def _make_rewriter(options: Options, ctx: Any) -> NeuralRewriter:
    from pipeline.backends import load_generator
    from pipeline.embeddings import Encoder

    generator = load_generator(options["model"], ctx)
    encoder = ctx.shared("encoder:" + options["encoder"], lambda: Encoder(options["encoder"], ctx.runtime["threads"]))
    return NeuralRewriter(generator, encoder, options)


def clean_text(text: str, overrides: Options | None = None, ctx: Any = None) -> Document:
    """Clean one text with the defaults (and ``overrides``, validated as a config block would be)."""
    from pipeline.config import validate
    from pipeline.pipeline import Context

    options = validate(overrides or {}, DEFAULTS, CHOICES, "components.clean")
    return make_clean(options, ctx or Context())(Document(source=text))


__all__ = ["CHOICES", "CleanStage", "DEFAULTS", "RULES", "clean_text", "make_clean", "rule_ids"]
