"""Is each fact of a summary sentence stated by the source, and attached the same way?

Finding "2.7%" somewhere in the source is not enough: a summary that moves a
January-to-July figure into "the first half of the year", or gives investment's
growth to output, is unfaithful although every number occurs in the source. So a
figure is supported only when a source sentence states the same value and

- the period governing it there (the period in its clause, else the sentence's, else
  one carried from an earlier sentence of the same paragraph, else the one its heading
  or its section's lead-in states) is the period the summary clause gives it, when the
  summary gives one;
- the summary's subject words around it occur in that source sentence, and none of
  them belongs to a *different* figure's clause there (swapped subjects).

A summary sentence is judged on its own words (it may be dropped alone); the source
is read as a whole. Dates, periods, ordinals and names need only occur in the source.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterable

from .extract import NUMERIC_KINDS, Fact, extract_facts
from ..sentences import find_paragraphs, split_sentences
from ..structure import ORDINAL_WORDS, classify
from .text import CONJUNCTION, NAME_CONNECTORS, NAME_TOKEN, clause_spans, content_stems, flatten


@dataclass(frozen=True)
class SupportRules:
    """How strict the attachment check is; a stage's config block supplies these."""

    min_subject_overlap: float = 0.5  # share of a summary figure's subject words that its source sentence must hold
    rounding_needs_hedge: bool = True  # "about 2 million" may round 1.968 million; a bare "2 million" may not
    subject_window: int = 8  # words on each side of a figure (within its clause) that name its subject
    inherit_period: bool = True  # a source sentence without a period takes its paragraph's running period


@dataclass
class FactCheck:
    """The verdict on one summary fact, with the source sentence it was matched to."""

    fact: Fact
    supported: bool
    reason: str
    source_sentence: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.fact.kind,
            "text": self.fact.text,
            "value": self.fact.value,
            "supported": self.supported,
            "reason": self.reason,
            "source_sentence": self.source_sentence,
        }


@dataclass
class _Figure:
    """A figure in context: the period that governs it and its subject words."""

    fact: Fact
    sentence: int
    period: Fact | None
    words: frozenset[str]
    context: frozenset[str]  # subject words of its sentence, and of the sentence its period came from
    inherited: bool = False
    section_period: bool = False  # inherited from its section's heading or lead-in, not from its paragraph


@dataclass
class _Sentence:
    facts: list[Fact]
    figures: list[_Figure]
    lead_period: Fact | None  # a period in the first clause governs the whole sentence
    words: frozenset[str]  # subject words of the whole sentence
    free_words: frozenset[str] = field(default_factory=frozenset)  # words of clauses without a figure


def _analyse(text: str, start: int, end: int, index: int, restate: bool, window: int | None) -> _Sentence:
    """Facts, figure periods and subject words of the sentence ``text[start:end]``.

    With ``restate`` (the source side), a figure whose lead-in names nothing new also gets
    the subject before it, so the swapped-subject check knows "1.0%" in "147.39 million tons,
    an increase of 1.0%" is about the same output. A summary figure keeps its own words, so
    its subject is judged on what the summary says about it, within ``window`` words of it
    (None: its whole segment, as on the source side, where a subject may be long).
    """
    facts = [_shift(f, start) for f in extract_facts(text[start:end])]
    periods = [f for f in facts if is_period(f) and not _comparison_base(text, f)]
    figures = [f for f in facts if f.kind in NUMERIC_KINDS]
    blanked = _blank(text, facts)
    clauses = clause_spans(text, start, end)
    sentence_words = content_stems(blanked[start:end])
    out: list[_Figure] = []
    free: set[str] = set()
    running: frozenset[str] = frozenset()  # the last subject named, for figures whose words name none
    for ca, cb in clauses:
        inside = [f for f in figures if ca <= f.start < cb]
        spans, rest = _figure_spans(text, inside, ca, cb)
        for fig, (head, tail) in zip(inside, spans):
            head_text = blanked[head[0] : head[1]]
            own = content_stems(_lead_in(head_text, window)) | content_stems(_first_words(blanked[tail[0] : tail[1]], window))
            # "..., an increase of 1.0%", "147.39 million tons or 1.0%": a figure whose lead-in
            # names nothing new restates the subject before it.
            restates = restate and (_RESTATEMENT.match(head_text) or content_stems(head_text) <= running)
            words = own | running if restates else own or running
            running = words
            out.append(_Figure(fig, index, _governing_period(fig, periods, (ca, cb)), words, sentence_words))
        if rest:
            words = content_stems(blanked[rest[0] : rest[1]])
            free |= words
            running = words or running
    # the first clause, after a list marker standing as one ("Fourth, Plan ahead for autumn and winter sowing.")
    first = 1 if len(clauses) > 1 and _MARKER_CLAUSE.match(text[clauses[0][0] : clauses[0][1]]) else 0
    lead = next((p for p in periods if clauses and p.start < clauses[first][1]), None)
    return _Sentence(facts, out, lead, sentence_words, frozenset(free))


_MARKER_CLAUSE = re.compile(rf"^\W*(?:(?:{'|'.join(ORDINAL_WORDS)})(?:ly)?|[(（]?\d{{1,2}}[)）.]?|[ivx]{{1,4}}\.?)\W*$", re.I)
# A lead-in that only says how a figure moved: "and a real increase of", "up by", "or".
_RESTATEMENT = re.compile(
    r"^[\s,;]*(?:(?:and|or)\s+)?(?:(?:an?|the)\s+)?(?:[A-Za-z-]+\s+)?"
    r"(?:increase|decrease|rise|drop|decline|growth|gain|fall|reduction|up|down)(?:\s+(?:of|by))?\s*$",
    re.I,
)


def _figure_spans(
    text: str, figures: list[Fact], start: int, end: int
) -> tuple[list[tuple[tuple[int, int], tuple[int, int]]], tuple[int, int] | None]:
    """The words each figure of a clause is about, and the clause's remaining free span.

    Between two figures the text splits at the last conjunction: "built 1.968 million base
    stations and users reached 475 million" gives "base stations" to the first figure and
    "users" to the second, and "208 small and medium-sized enterprises and built 15,000"
    keeps "small and medium-sized enterprises" whole. After a clause's last figure, its
    words run to the first conjunction; the rest of the clause is free.
    """
    spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
    head = start
    for k, fig in enumerate(figures):
        last = k + 1 == len(figures)
        conjunctions = list(CONJUNCTION.finditer(text, fig.end, end if last else figures[k + 1].start))
        conj = (conjunctions[0] if last else conjunctions[-1]) if conjunctions else None
        tail_end = conj.start() if conj else (end if last else fig.end)
        spans.append(((head, fig.start), (fig.end, tail_end)))
        head = conj.end() if conj else fig.end
    if not figures:
        return spans, (start, end)
    return spans, ((head, end) if head < end and spans[-1][-1][1] < end else None)


def _lead_in(text: str, n: int | None) -> str:
    """The words before a summary figure that name its subject: the last ``n``, and only those
    after the last conjunction when any are ("... small and medium-sized enterprises and built
    15,000 base stations": "built"). None: all of them (the source side)."""
    if n is None:
        return text
    conjunctions = list(CONJUNCTION.finditer(text))
    after = text[conjunctions[-1].end() :] if conjunctions else text
    return " ".join((after if content_stems(after) else text).split()[-n:] if n else [])


def _first_words(text: str, n: int | None) -> str:
    return text if n is None else " ".join(text.split()[:n])


def _shift(fact: Fact, offset: int) -> Fact:
    return Fact(fact.kind, fact.text, fact.value, fact.start + offset, fact.end + offset,
                fact.amount, fact.resolution, fact.qualifier)


def _blank(text: str, facts: list[Fact]) -> str:
    """The text with every non-name fact spaced out, so figures and periods are not subject words."""
    chars = list(text)
    for f in facts:
        if f.kind != "entity":
            chars[f.start : f.end] = " " * (f.end - f.start)
    return "".join(chars)


def is_period(fact: Fact) -> bool:
    """A span of time a figure can belong to: a named period ("January to July", "the first
    half of the year") or a bare year or month ("in 2022", "in July 2023"). A day's date ("on
    August 19th") dates an event, not a figure."""
    return fact.kind == "period" or (fact.kind == "date" and fact.value.endswith("-??"))


# "an increase of 1.4 points from 2021", "higher than in 2021", "3.5 points faster than the second quarter", "fell
# by 6.7% from the peak in May": the time compared with, not the figure's period.
_COMPARED_WITH = re.compile(r"\b(?P<word>from|than|over|since|versus|vs\.?|compared (?:with|to))\s+"
                            r"(?:(?:in|that of|the same period (?:of|in)|(?:the|its) (?:peak|high|low|level) (?:in|of))\s+)?$", re.I)


def _comparison_base(text: str, fact: Fact) -> bool:
    """A year or month compared with; a named period only after a comparison ("than", "from the peak in"),
    since "Over the first half, ..." and "since the second quarter" date the figure."""
    m = _COMPARED_WITH.search(text, max(0, fact.start - 30), fact.start) if fact.kind in ("date", "period") else None
    return m is not None and (fact.kind == "date" or m["word"].lower() not in ("over", "since"))


def _governing_period(fig: Fact, periods: list[Fact], clause: tuple[int, int]) -> Fact | None:
    """The period in the figure's own clause (nearest), else the nearest before it, else the first after."""
    own = [p for p in periods if clause[0] <= p.start < clause[1]]
    if own:
        return min(own, key=lambda p: abs(p.start - fig.start))
    before = [p for p in periods if p.end <= fig.start]
    if before:
        return before[-1]
    return next((p for p in periods if p.start >= fig.end), None)


_Carry = tuple[Fact, frozenset[str], bool]  # a carried period, its sentence's subject words, is it a section's


class SourceFacts:
    """The source read once: its sentences, their facts and the attachment of every figure.

    ``sentences`` are spans of ``text`` (the segment stage's, so that reported indices
    are the document's sentence indices); without them the text is split here.
    """

    def __init__(self, text: str, sentences: Iterable[tuple[int, int]] | None = None, rules: SupportRules | None = None,
                 paragraphs: Iterable[tuple[int, int, str]] | None = None,
                 lead_ins: Iterable[tuple[int, int, int]] | None = None) -> None:
        self.text = text
        self.sentences = list(sentences) if sentences is not None else split_sentences(text)
        self.rules = rules or SupportRules()
        self._parsed = [_analyse(text, a, b, i, True, None) for i, (a, b) in enumerate(self.sentences)]
        self._flat = [flatten(text[a:b]) for a, b in self.sentences]
        self._carry_periods(*self._layout(paragraphs), self._scopes(lead_ins or ()))

    def _layout(self, paragraphs: Iterable[tuple[int, int, str]] | None) -> tuple[list[bool], list[bool]]:
        """For each sentence: does it open a paragraph, and is it a heading? ``paragraphs`` are the
        document's (start, end, kind) as the pipeline read them; without them the text's layout is
        read here the same way (``pipeline.sentences`` paragraphs, ``pipeline.structure`` kinds),
        so a metric and the summarize stage read one source alike."""
        if paragraphs is None:
            paragraphs = [(p.start, p.end, p.kind) for p in classify(self.text, find_paragraphs(self.text))]
        spans = sorted(paragraphs)
        starts = [a for a, _, _ in spans]
        opens, headings, previous = [], [], None
        for a, _ in self.sentences:
            k = bisect_right(starts, a) - 1
            opens.append(k != previous)
            headings.append(k >= 0 and spans[k][2] == "heading")
            previous = k
        return opens, headings

    def _scopes(self, lead_ins: Iterable[tuple[int, int, int]]) -> list[list[tuple[int, bool]]]:
        """For each sentence: the lead-in scopes it lies in, outermost first (each one's index, and
        whether the sentence is in its lead-in itself). A scope ``(start, first_sub, end)`` is a section
        whose opening ``text[start:first_sub]`` introduces what runs to ``end``: its sub-sections, or
        under a heading the rest of the section."""
        scopes = sorted(set(lead_ins), key=lambda s: (s[0], -s[2]))
        return [[(k, a < first) for k, (start, first, end) in enumerate(scopes) if start <= a < end]
                for a, _ in self.sentences]

    def _carry_periods(self, opens: list[bool], headings: list[bool], scopes: list[list[tuple[int, bool]]]) -> None:
        """Give figures of period-less sentences the period their paragraph last fronted, and
        that sentence's subject words ("Their income grew 9.7%" follows the sentence that names
        whose). A period a heading states ("Key work in 2023") governs the paragraphs under it,
        up to the next heading; one a section's lead-in fronts ("The meeting pointed out that since
        the beginning of this year, ...") governs the sub-sections it introduces, and one a section's
        heading sentence states ("Fourth, Plan ahead for autumn and winter sowing."), the rest of the
        section, each up to the section's end."""
        carried: _Carry | None = None
        section: _Carry | None = None  # the period of the heading above
        fronted: dict[int, _Carry] = {}  # scope -> the period its lead-in fronted
        for parsed, new_paragraph, heading, inside in zip(self._parsed, opens, headings, scopes):
            if not self.rules.inherit_period:
                continue
            # the innermost enclosing lead-in that fronted a period ("since the beginning of this year"
            # still dates a headed result whose own heading gives none)
            lead_in = next((fronted[k] for k, _ in reversed(inside) if k in fronted), None)
            if heading:
                section = None
            if new_paragraph:
                carried = section or lead_in
            has_period = any(is_period(f) for f in parsed.facts)
            if not has_period and carried is not None:
                for fig in parsed.figures:
                    fig.period, fig.inherited, fig.context = carried[0], True, fig.context | carried[1]
                    fig.section_period = carried[2]
            if has_period:
                own = (parsed.lead_period, parsed.words, False) if parsed.lead_period else None
                carried = own
                if heading:
                    section = own and (*own[:2], True)
                for k, in_lead_in in inside:
                    if in_lead_in and own is not None:
                        fronted[k] = (*own[:2], True)

    # ---- checking ---------------------------------------------------------------------------
    def check_sentence(self, sentence: str) -> list[FactCheck]:
        """One verdict per fact of a summary sentence."""
        parsed = _analyse(sentence, 0, len(sentence), -1, False, self.rules.subject_window)
        figures = {id(f.fact): f for f in parsed.figures}
        checks = []
        for fact in parsed.facts:
            if fact.kind in NUMERIC_KINDS:
                checks.append(self._check_figure(figures[id(fact)]))
            elif fact.kind == "entity":
                checks.append(self._check_name(fact))
            else:
                checks.append(self._check_mention(fact))
        return checks

    def check_summary(self, summary: str) -> list[tuple[str, list[FactCheck]]]:
        """Split a summary into sentences and check each on its own."""
        return [(summary[a:b], self.check_sentence(summary[a:b])) for a, b in split_sentences(summary)]

    def _check_figure(self, claim: _Figure) -> FactCheck:
        fact = claim.fact
        matches = [(src, how) for parsed in self._parsed for src in parsed.figures if (how := self._same_figure(fact, src.fact))]
        if not matches:
            return FactCheck(fact, False, f"{fact.text!r} is not stated in the source")
        best: tuple[_Figure, list[str]] | None = None
        for src, how in matches:
            problems = self._attachment_problems(claim, src)
            if not problems:
                note = " (rounded)" if how == "rounded" else ""
                period = f" for {src.period.text!r}" if src.period and claim.period else ""
                period += " (stated earlier in its paragraph)" if period and src.inherited else ""
                return FactCheck(fact, True, f"stated in source sentence {src.sentence}{period}{note}", src.sentence)
            if best is None or len(problems) < len(best[1]):
                best = (src, problems)
        assert best is not None
        return FactCheck(fact, False, "; ".join(best[1]), best[0].sentence)

    def _same_figure(self, claim: Fact, src: Fact) -> str:
        """'exact', 'rounded' or '' (not the same figure)."""
        if not _compatible_kinds(claim, src) or claim.amount is None or src.amount is None:
            return ""
        if math.isclose(claim.amount, src.amount, rel_tol=1e-12):
            return "exact"
        may_round = bool(claim.qualifier) or not self.rules.rounding_needs_hedge
        if may_round and abs(claim.amount - src.amount) <= claim.resolution / 2:
            return "rounded"
        return ""

    def _attachment_problems(self, claim: _Figure, src: _Figure) -> list[str]:
        problems = []
        if {claim.fact.qualifier, src.fact.qualifier} == {"under", "over"}:
            problems.append(
                f"the summary bounds {claim.fact.text!r} from the other side ({claim.fact.qualifier}) "
                f"than the source ({src.fact.qualifier})"
            )
        if claim.period is not None:
            if src.period is None:
                problems.append(f"the source gives {src.fact.text!r} without a period, the summary for {claim.period.text!r}")
            elif src.period.value != claim.period.value:
                problems.append(
                    f"the source gives {src.fact.text!r} for {src.period.text!r} (sentence {src.sentence}), "
                    f"not for {claim.period.text!r}"
                )
        if claim.words:
            parsed = self._parsed[src.sentence]
            source_text = self.text[slice(*self.sentences[src.sentence])]
            found = {w for w in claim.words if w in src.context or (w.isupper() and _abbreviates(w, source_text))}
            if len(found) / len(claim.words) < self.rules.min_subject_overlap:
                missing = ", ".join(sorted(claim.words - found))
                problems.append(f"the subject ({missing}) is not what source sentence {src.sentence} gives {src.fact.text!r} for")
            for other in parsed.figures:
                swapped = sorted((claim.words & other.words) - src.words - parsed.free_words)
                if other is not src and swapped:
                    problems.append(f"{', '.join(swapped)!r} goes with {other.fact.text!r} in the source, not with {src.fact.text!r}")
                    break
        return problems

    def _check_mention(self, fact: Fact) -> FactCheck:
        """Periods, dates and ordinals: stated somewhere in the source (a date may be less precise)."""
        for i, parsed in enumerate(self._parsed):
            for src in parsed.facts:
                if _mentions_same(fact, src):
                    return FactCheck(fact, True, f"stated in source sentence {i}", i)
        return FactCheck(fact, False, f"the source never states {fact.text!r}")

    def _check_name(self, fact: Fact) -> FactCheck:
        phrase = re.compile(rf"(?<!\w){re.escape(fact.value)}(?!\w)")
        for i, flat in enumerate(self._flat):
            if phrase.search(flat):
                return FactCheck(fact, True, f"named in source sentence {i}", i)
        acronym = re.sub(r"s$", "", fact.text)
        if acronym.isupper():
            for i, (a, b) in enumerate(self.sentences):
                if _abbreviates(acronym, self.text[a:b]):
                    return FactCheck(fact, True, f"abbreviates a name in source sentence {i}", i)
        words = content_stems(fact.text)
        for i, parsed in enumerate(self._parsed):
            if words and words <= parsed.words:
                return FactCheck(fact, True, f"all its words occur in source sentence {i}", i)
        return FactCheck(fact, False, f"the source never names {fact.text!r}")


# Two letters match initials by chance too often; "GDP", "SME", "MIIT" are long enough.
_MIN_EXPANDED_ACRONYM = 3


def _compatible_kinds(claim: Fact, src: Fact) -> bool:
    """A bare number may restate an amount of money; a currency, a percent or points must agree."""
    if claim.kind == "number":
        return src.kind in ("number", "money")
    if claim.kind == "money":
        return src.kind == "money" and claim.value.split()[0] == src.value.split()[0]
    return claim.kind == src.kind


def _mentions_same(claim: Fact, src: Fact) -> bool:
    if claim.kind != src.kind:
        return False
    if claim.kind == "date":  # every part the summary states must be the source's ("August 19" ~ "August 19, 2022")
        return all(c.strip("?") == "" or c == s for c, s in zip(claim.value.split("-"), src.value.split("-")))
    return claim.value == src.value


def _abbreviates(acronym: str, sentence: str) -> bool:
    """Do consecutive words of the sentence (of/and/the skipped) start with the acronym's letters?"""
    if len(acronym) < _MIN_EXPANDED_ACRONYM:
        return False
    initials = "".join(t[0].upper() for t in NAME_TOKEN.findall(sentence) if t.lower() not in NAME_CONNECTORS)
    return acronym.upper() in initials


def check_text(summary: str, source: str, sentences: Iterable[tuple[int, int]] | None = None,
               rules: SupportRules | None = None, lead_ins: Iterable[tuple[int, int, int]] | None = None) -> list[FactCheck]:
    """Every fact of ``summary`` checked against ``source``: the one call a metric needs. ``lead_ins``:
    the source's sections whose lead-in period governs their sub-sections, as the segment stage read them."""
    index = SourceFacts(source, sentences, rules, lead_ins=lead_ins)
    return [check for _, checks in index.check_summary(summary) for check in checks]
