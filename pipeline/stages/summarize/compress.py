"""Shorten a long source sentence to the clauses a briefing needs, without writing a word.

Translated bulletins pack a paragraph into one sentence: "As of the end of July, 1.968 million
5G base stations have been built, 5G mobile phone users have reached 475 million, ..., and the
average tariffs ... decreased by 10.27% and 10.34% respectively." A 78-word sentence takes half a
briefing's budget, so the briefing tells one thing where it could tell four. Compression keeps the
sentence's head (its first clause, with a fronted period or circumstance), then its clauses with
figures, then the others, in source order, while they fit; everything kept is the source's own
wording. A clause that leans on the one before ("an increase of 1.0%", "of which ...",
"respectively", "accounting for ...") stays with it, so a figure never moves to another subject;
quoted and bracketed text is never cut. Clauses come from the one clause splitter the fact check
uses (:func:`pipeline.facts.text.clause_spans`), and the result is fact-checked like any other
briefing sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ...facts.text import BREAKDOWN, clause_spans
from .budget import count_words

# A clause that opens on one of these describes the clause before it: it is never kept alone.
_LEANS = re.compile(
    r"^(?:(?:an?|the)\s+(?:\S+\s+)?(?:increase|decrease|rise|drop|decline|growth|reduction|year-on-year)\b|"
    rf"(?:up|down|{BREAKDOWN}|which|whose|including|respectively|accounting|mainly|mostly|"
    r"especially|particularly|namely|i\.e\.|that is|such as|etc|compared|higher|lower|faster|slower|"
    r"more|less|exceeding|reaching|ranking|representing|equivalent|bringing|making|by|with|or|"
    r"[a-z]+ing)\b)",
    re.I,
)
# A first clause that only sets the scene ("From January to July", "In response to the drought",
# "According to the website of X"): the head runs on to the next clause.
_SCENE = re.compile(r"^(?:in|on|at|from|during|since|as of|by|after|before|according to|to|for|under|with|"
                    r"as|over|through|between|amid|against)\b", re.I)
# A clause of adverbs alone modifies the verb of the next: "fully, accurately and comprehensively
# implement ...". It is never kept without that clause (not "..., fully, and promote ...").
_ADVERBS = re.compile(r"^(?:(?!(?:supply|apply|reply|family|only)\b)[a-z]{3,}ly\s*){1,2}$")
_OPEN = {'"': '"', "“": "”", "(": ")", "（": "）", "[": "]"}
_AND = re.compile(r"^(?:and|as well as|or)\s+", re.I)
_END = re.compile(r"[.!?;,:]+[\"'”’)\]]*\s*$")


@dataclass
class _Unit:
    start: int  # offsets into the sentence; a unit is a clause with the clauses that lean on it
    end: int
    separator: str  # what stood before it in the source (", " or "; ")
    figures: bool


def compress(sentence: str, max_words: int, has_figure: Callable[[str], bool]) -> str:
    """``sentence`` cut to at most ``max_words`` words of its own clauses (its head always kept, and
    one clause with a figure where the sentence has one, past the limit if the head fills it),
    or unchanged when it fits or has no clause to spare."""
    if max_words <= 0 or count_words(sentence) <= max_words:
        return sentence
    body = sentence.rstrip()
    close = _END.search(body)
    core = body[: close.start()] if close else body
    units = _units(core, has_figure)
    if len(units) < 2:
        return sentence
    kept = [0]
    words = count_words(core[units[0].start : units[0].end])
    for k in sorted(range(1, len(units)), key=lambda k: (not units[k].figures, k)):  # figures first, then in order
        n = count_words(core[units[k].start : units[k].end])
        if words + n <= max_words:
            kept.append(k)
            words += n
    if not any(units[k].figures for k in kept) and (first := next((k for k in range(1, len(units)) if units[k].figures), 0)):
        kept.append(first)  # the figure is why the sentence was chosen: it stays, a little past the limit
    if len(kept) == len(units):
        return sentence
    kept.sort()
    listed = any(_AND.match(core[u.start : u.end]) for u in units)  # "A, B, and C": the kept ones end on "and" too
    parts = [core[units[0].start : units[0].end]]
    for pos, k in enumerate(kept[1:], 1):
        text = core[units[k].start : units[k].end]
        last = pos == len(kept) - 1
        if kept[pos - 1] == k - 1 and not units[k].separator.strip():  # "... progress while ...": no comma added
            parts.append(core[units[k - 1].end : units[k].start] + text)
        elif units[k].separator.startswith(";"):
            parts.append("; " + text)
        elif last and listed and not _AND.match(text):
            parts.append(", and " + text)
        else:
            parts.append(", " + (_AND.sub("", text) if not last else text))
    out = "".join(parts)
    closing = close.group().strip().lstrip(".!?;,:") if close and kept[-1] == len(units) - 1 else ""  # a quote it ends in
    return out[:1].upper() + out[1:] + "." + closing


def _units(core: str, has_figure: Callable[[str], bool]) -> list[_Unit]:
    """Clauses (never split inside quotes or brackets), each joined to the ones that lean on it;
    a scene-setting first clause joins the head."""
    clauses: list[list[int | str]] = []  # [start, end, separator]
    for a, b in clause_spans(core, 0, len(core)):
        gap = core[clauses[-1][1] : a] if clauses else ""
        if clauses and _inside_quote(core, a):
            clauses[-1][1] = b
        else:
            clauses.append([a, b, gap.strip() + " " if gap else ""])
    units: list[_Unit] = []
    scene = True  # the clauses so far only set the scene: the head runs on
    ahead: tuple[int, str] | None = None  # an adverb clause waiting for the clause it modifies
    for n, (a, b, sep) in enumerate(clauses):
        if _ADVERBS.match(core[a:b]) and n + 1 < len(clauses) and n:
            ahead = ahead or (a, sep)
            continue
        if ahead:
            (a, sep), ahead = ahead, None
        text = core[a:b]
        joins = units and (scene or _LEANS.match(text) or count_words(text) < 3 or sep.strip() == ":")
        scene = scene and bool(_SCENE.match(text))
        if joins:
            units[-1].end = b
            units[-1].figures = units[-1].figures or has_figure(text)
        else:
            units.append(_Unit(a, b, str(sep), has_figure(text)))
    return units


def _inside_quote(text: str, pos: int) -> bool:
    """Whether ``pos`` falls inside an open quote or bracket."""
    depth: list[str] = []
    straight = False
    for ch in text[:pos]:
        if ch == '"':
            straight = not straight
        elif ch in _OPEN:
            depth.append(_OPEN[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
    return straight or bool(depth)
