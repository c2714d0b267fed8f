"""The key figures table: every figure of the source with what it measures, its period and its
source sentence (``3.5% | added value of industrial enterprises above designated size |
January to July | s.12``).

Deterministic, no model: the same reading of each sentence the support check uses (clauses,
the words each figure is about, the period that governs it, a period carried from earlier in
the paragraph), turned back into readable phrases. A wrong row is a bug in these rules.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..document import KeyFigure
from .extract import NUMERIC_KINDS, Fact, extract_facts
from .support import SourceFacts, _figure_spans
from .text import CONJUNCTION, clause_spans, content_stems

# Words that say how a figure moved or how it is hedged, trimmed from the ends of a measure.
_EDGE_WORDS = re.compile(
    r"^(?:(?:and|or|of|by|to|the|a|an|with|were|was|is|are|has|have|had|been|reached|reaching|reach|"
    r"increased|increase|decreased|decrease|rose|grew|fell|dropped|declined|up|down|accounted|for|"
    r"nearly|almost|about|around|over|more|than|exceeded|exceeding|approximately|some|at|least|total|"
    r"totalled|totaled|stood|amounted|year-on-year|respectively|an|increase|growth|compared|in|on|as)\s+)+|"
    r"(?:\s+(?:and|or|of|by|to|the|a|an|with|were|was|is|are|has|have|had|been|reached|reaching|reach|"
    r"increased|decreased|rose|grew|fell|dropped|declined|up|down|accounted|for|nearly|almost|about|around|"
    r"over|more|than|exceeded|exceeding|approximately|some|at|least|totalled|totaled|stood|amounted|"
    r"year-on-year|respectively|an|increase|growth|compared|in|on|as|built|opened|which))+$",
    re.I,
)
_VERB_AFTER = re.compile(r"\b(?:have|has|had|were|was|is|are|been|will|would|reached|increased|rose|grew|fell)\b", re.I)
_SPACE = re.compile(r"\s+")
MAX_MEASURE_WORDS = 14


def key_figures(text: str, sentences: Iterable[tuple[int, int]] | None = None, facts: SourceFacts | None = None) -> list[KeyFigure]:
    """Every figure stated in ``text`` (figures inside quotation marks name things, e.g. a
    "10, 100,000" project, and are left out), in reading order."""
    facts = facts or SourceFacts(text, sentences)
    rows: list[KeyFigure] = []
    for i, ((a, b), parsed) in enumerate(zip(facts.sentences, facts._parsed)):
        sentence = text[a:b]
        measures = _measures(text, a, b)
        last_measure = ""
        for fig in parsed.figures:
            f = fig.fact
            if _quoted(sentence, f.start - a) or (f.text.isalpha() and f.amount is not None and f.amount < 1000):
                continue  # a quoted figure names a thing; a small number in words ("three-product") is not a result
            measure = measures.get(f.start, "")
            measure = measure if content_stems(measure) else last_measure  # "..., an increase of 1.4 points": the same measure
            last_measure = measure
            period = fig.period.text if fig.period else ""
            rows.append(KeyFigure(f.text, f.kind, f.value, measure, _SPACE.sub(" ", period), fig.inherited, i, f.start, f.end))
    return rows


def _measures(text: str, a: int, b: int) -> dict[int, str]:
    """Figure start -> the readable phrase it measures: the words before it in its clause
    (movement words trimmed), else the words right after it up to a verb ("1.968 million 5G
    base stations have been built": 5G base stations)."""
    facts = [Fact(f.kind, f.text, f.value, f.start + a, f.end + a, f.amount, f.resolution, f.qualifier)
             for f in extract_facts(text[a:b])]
    blank = list(text)
    for f in facts:
        if f.kind not in ("entity",):
            blank[f.start : f.end] = " " * (f.end - f.start)
    blanked = "".join(blank)
    out: dict[int, str] = {}
    for ca, cb in clause_spans(text, a, b):
        inside = [f for f in facts if f.kind in NUMERIC_KINDS and ca <= f.start < cb]
        spans, _ = _figure_spans(text, inside, ca, cb)
        for fig, (head, tail) in zip(inside, spans):
            phrase = _trim(blanked[head[0] : head[1]])
            last_part = _trim(CONJUNCTION.split(phrase)[-1])  # "... and cultivate 3,000 firms": the verb's own words
            if len(phrase.split()) <= 1 or len(last_part.split()) <= 1:  # "built 1.968 million base stations": the words after it
                after = blanked[tail[0] : tail[1]]
                verb = _VERB_AFTER.search(after)
                phrase = _trim(after[: verb.start()] if verb else after) or phrase
            out[fig.start] = _shorten(phrase)
    return out


def _trim(phrase: str) -> str:
    phrase = _SPACE.sub(" ", phrase).strip(" ,;:.")
    previous = None
    while previous != phrase:
        previous = phrase
        phrase = _EDGE_WORDS.sub("", phrase).strip(" ,;:.")
    return phrase


def _shorten(phrase: str) -> str:
    """At most MAX_MEASURE_WORDS words, keeping the end (the head noun comes last in a lead-in)."""
    words = phrase.split()
    return phrase if len(words) <= MAX_MEASURE_WORDS else "… " + " ".join(words[-MAX_MEASURE_WORDS:])


def _quoted(sentence: str, offset: int) -> bool:
    before = sentence[:offset]
    return (before.count('"') % 2 == 1) or before.count("“") > before.count("”")


def markdown_table(rows: list[KeyFigure]) -> list[str]:
    """The table as Markdown lines (sentence numbers 1-based, as the report shows them)."""
    if not rows:
        return []
    lines = ["| figure | what it measures | period | source |", "|---|---|---|---|"]
    for r in rows:
        period = r.period + (" (stated earlier)" if r.period and r.period_inherited else "")
        cells = [c.replace("|", "\\|") for c in (r.figure, r.measure or "—", period or "—")]
        lines.append(f"| {cells[0]} | {cells[1]} | {cells[2]} | s.{r.sentence + 1} |")
    return lines
