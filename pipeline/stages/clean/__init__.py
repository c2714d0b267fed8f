"""The clean stage: machine-translated English in, text an editor would sign off out.

Every change is a tracked :class:`~pipeline.document.Edit` with its rule id, reason
and confidence. Rules come from three modules (layout, artifacts, glossary) and
register themselves by id, so a config can switch any of them off; an optional
neural rewrite handles what the rules flag but cannot safely repair.
"""

from __future__ import annotations

from bisect import bisect_left

import re
from collections import Counter
from typing import Any, Iterable, Iterator

from pipeline import registry
from pipeline.document import Document, Flag, Paragraph
from pipeline.structure import BODY, wire_lines
from pipeline.errors import ConfigError

from . import artifacts, glossary, layout  # noqa: F401  (importing registers their rules)
from .glossary import load_glossary
from .rewrite import RULE_ID as REWRITE_RULE_ID
from .rewrite import NeuralRewriter
from .rules import RULES, Fix, Options, Rule, minimal, ordered_rules
from .schema import CleanConfig

STAGE = "clean"
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

DEFAULTS: dict[str, Any] = CleanConfig.defaults()  # the options, as stage code reads them (schema.py)


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
        flagged: list[tuple[Flag, str]] = []  # each flag with the cleaned text it was raised on
        for rule in self.rules:
            self._apply(doc, rule, flagged)
        doc.flags = sorted((f for f, seen in flagged if _still_there(doc, f, seen)), key=lambda f: (f.start, f.end))
        rewrites = self.rewriter(doc, doc.flags) if self.rewriter and doc.flags else []
        doc.meta[STAGE] = {"rules": [r.id for r in self.rules], "rewrites": rewrites}
        return doc

    def _apply(self, doc: Document, rule: Rule, flagged: list[tuple[Flag, str]]) -> None:
        """Apply one rule's fixes right to left, so each offset is still valid when its turn comes;
        a fix overlapping one already applied, or one that would lose a number, is skipped; a fix
        that would change the punctuation or case of a headline, dateline, byline, credit, caption,
        list item or heading is dropped (those lines follow no sentence punctuation)."""
        text = doc.cleaned
        fixes = (minimal(text, f) for f in rule.find(text, self.options))
        if self.options["structure"]["enabled"] and rule.id in LINE_SENSITIVE_RULES:
            fixes = _outside(self._wire_lines(text), fixes)
        floor = len(text) + 1
        numbers = _NumberCounts(text)  # counted once per rule, not once per fix
        for fix in sorted(fixes, key=lambda f: (f.start, f.end), reverse=True):
            confidence = None if fix.after is None else rule.confidence(self.options["confidence"], fix)
            if confidence is None or confidence < self.options["min_confidence"]:
                flag = _flag(doc, rule.id, fix, confidence)
                flagged.append((flag, doc.cleaned[slice(*doc.to_cleaned(flag.start, flag.end))]))
                continue
            if fix.end > floor or _loses_number(text, fix, numbers):
                continue
            edit = doc.edit(fix.start, fix.end, fix.after, rule=rule.id, reason=fix.reason, confidence=confidence,
                            stage=STAGE)
            if edit is not None and fix.alternatives:
                edit.suggestions = _in_context(doc, *doc.cleaned_span(edit), fix.start, fix.start + len(fix.after),
                                               fix.alternatives, edit.after)
            floor = fix.start

    def _wire_lines(self, text: str) -> list[Paragraph]:
        """The text's lines with their kinds, classified again only when an earlier rule changed the text."""
        cached = getattr(self, "_lines", None)
        if cached is None or cached[0] != text:
            self._lines = cached = (text, wire_lines(text, **self._limits()))
        return cached[1]

    def _limits(self) -> dict[str, int]:
        opts = self.options["structure"]
        return {k: opts[k] for k in ("max_headline_words", "max_line_words", "min_sentence_words")}


# Rules whose fixes add or remove punctuation, join lines or change case: kept off wire-copy lines
# that are not body text (a headline keeps even its quotes). Whitespace and word repairs (glossary
# terms, repeated items) apply everywhere.
LINE_SENSITIVE_RULES = frozenset({
    "layout.leading-comma", "layout.join-broken-sentence", "layout.missing-period", "layout.duplicate-sentence",
    "layout.normalize-quotes",
    "artifact.stray-period", "artifact.run-on", "artifact.midsentence-capital",
})


def _outside(lines: list[Paragraph], fixes: Iterable[Fix]) -> Iterator[Fix]:
    """The fixes that touch no non-body line (an insertion at a line's end touches it)."""
    guarded = [p for p in lines if p.kind != BODY]  # in text order, disjoint
    ends = [p.end for p in guarded]
    for fix in fixes:
        k = bisect_left(ends, fix.start)  # the first guarded line that ends at or after the fix starts
        if k == len(guarded) or guarded[k].start > fix.end:
            yield fix


def _flag(doc: Document, rule_id: str, fix: Fix, confidence: float | None) -> Flag:
    """A fix not applied, as a flag in source coordinates whose suggestions each replace that
    whole source span (a span an earlier edit widened carries that edit's text along)."""
    start, end = doc.to_source(fix.start, fix.end)
    c_start, c_end = doc.to_cleaned(start, end)
    suggestions = _in_context(doc, c_start, c_end, fix.start, fix.end, fix.candidates(), doc.source[start:end])
    return Flag(start, end, doc.source[start:end], rule_id, fix.reason,
                None if confidence is None else round(confidence, 3), suggestions, STAGE)


def _in_context(doc: Document, outer_start: int, outer_end: int, start: int, end: int, candidates: Iterable[str],
                current: str) -> list[str]:
    """Each candidate for ``cleaned[start:end]`` as a replacement of the enclosing
    ``cleaned[outer_start:outer_end]``, once each, leaving out what ``current`` already says."""
    text = doc.cleaned
    out: list[str] = []
    for c in candidates:
        full = text[outer_start:start] + c + text[end:outer_end]
        if full != current and full not in out:
            out.append(full)
    return out


def _still_there(doc: Document, flag: Flag, seen: str) -> bool:
    """A flag stands only while a later rule has not rewritten the text it was raised on."""
    return doc.cleaned[slice(*doc.to_cleaned(flag.start, flag.end))] == seen


class _NumberCounts:
    """How often each number occurs in a text, counted on first use: a rule's fixes ask about the
    same text, so each asks in time proportional to its span, not to the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._counts: Counter[str] | None = None

    def without(self, start: int, end: int) -> Counter[str]:
        """The counts for ``text[:start] + text[end:]``. Numbers hold no whitespace, so only the
        words around the cut can change: they are counted again, joined as the cut joins them."""
        if self._counts is None:
            self._counts = Counter(_NUMBER.findall(self.text))
        text = self.text
        a = max(text.rfind(c, 0, start) for c in " \n\t") + 1
        ends = [i for i in (text.find(c, end) for c in " \n\t") if i >= 0]
        b = min(ends) if ends else len(text)
        counts: Counter[str] = Counter()  # the change around the cut: only those numbers differ
        counts.update(_NUMBER.findall(text[a:start] + text[end:b]))
        counts.subtract(_NUMBER.findall(text[a:b]))
        return counts

    def count(self, number: str, delta: Counter[str]) -> int:
        assert self._counts is not None
        return self._counts[number] + delta[number]


def _loses_number(text: str, fix: Fix, numbers: _NumberCounts | None = None) -> bool:
    """Would the fix remove a number that occurs nowhere else in the text? (A removed
    repeat of a sentence may drop its figures: the first copy still states them.)"""
    removed = _NUMBER.findall(text[fix.start : fix.end])
    if not removed:
        return False
    kept = _NUMBER.findall(fix.after or "")
    numbers = numbers if numbers is not None and numbers.text is text else _NumberCounts(text)
    delta = numbers.without(fix.start, fix.end)
    return any(n not in kept and numbers.count(n, delta) <= 0 for n in removed)


@registry.stages.register("clean", schema=CleanConfig, requires=("source",), provides=("cleaned", "edits"))
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

    generator = load_generator(options["model"], ctx)
    encoder = ctx.encoder(options["encoder"])
    return NeuralRewriter(generator, encoder, options)


def clean_text(text: str, overrides: Options | None = None, ctx: Any = None) -> Document:
    """Clean one text with the defaults (and ``overrides``, validated as a config block would be)."""
    from pipeline.config import validate_block
    from pipeline.pipeline import Context

    options = validate_block(CleanConfig, overrides or {}, "components.clean")
    return make_clean(options, ctx or Context())(Document(source=text))


__all__ = ["CleanConfig", "CleanStage", "DEFAULTS", "RULES", "clean_text", "make_clean", "rule_ids"]
