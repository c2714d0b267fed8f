"""The evidence for a section boundary before each sentence, one signal per function.

Bulletins announce their structure: cue phrases ("The meeting pointed out"), numbered
lists ("II.", "(3)", "Third,"), and short heading paragraphs. Topic shift, measured with
sentence embeddings, is the evidence left when a text announces nothing (Choi's
benchmark, or a bulletin pasted as one block). Every signal is in [0, 1].
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...structure import ORDINAL_WORDS

if TYPE_CHECKING:
    import numpy as np

# Enumerator styles a list item may open with; the ordinal is read from group "n".
MARKER_STYLES: dict[str, re.Pattern[str]] = {
    "roman": re.compile(r"(?P<n>[IVXLC]{1,6})[.、]\s+(?=\S)"),
    "arabic": re.compile(r"(?P<n>\d{1,2})[.、]\s+(?=[^\d\s])"),
    "parenthesised": re.compile(r"[(（](?P<n>\d{1,2})[)）]\s*"),
    "chapter": re.compile(r"Chapter (?P<n>[IVXLC]{1,6}|\d{1,2})\b[.:：]?\s+(?=\S)"),
    "article": re.compile(r"Article (?P<n>\d{1,3})\b[.:：]?\s+(?=\S)"),
    "ordinal": re.compile(rf"(?P<n>{'|'.join(w.capitalize() for w in ORDINAL_WORDS)})(?:ly)?\s*[,，]\s*"),
}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_SENTENCE_END = re.compile(r"[.!?。！？]['\"”’)）]*$")
# A figure, not any digit: "3.5%", "1,200", "328" but not "14th", "5G" or a year ("Key work in 2023").
FIGURE = re.compile(r"\d+[.,]\d+|\d+\s*%|\b(?!(?:19|20)\d\d\b)\d{3,}")
_CLAUSE_MARK = re.compile(r"[,;，；]")


@dataclass
class Cue:
    kind: str
    pattern: str


@dataclass
class Marker:
    style: str
    number: int
    end: int  # characters the marker takes at the start of the sentence
    rank: int = 0  # 0 for the outermost list style in the document


@dataclass
class Signals:
    """Per-sentence evidence that a section starts there (index 0 is the document start)."""

    texts: list[str]
    paragraph_start: list[bool]
    whole_paragraph: list[bool]
    cue: list[Cue | None] = field(default_factory=list)
    marker: list[Marker | None] = field(default_factory=list)
    heading: list[float] = field(default_factory=list)
    topic: list[float] = field(default_factory=list)
    restated: list[float] = field(default_factory=list)  # see :func:`restatement`
    closing: int | None = None  # first sentence of a trailing sign-off block

    @property
    def paragraph(self) -> list[float]:
        """1.0 at paragraph starts, unless every sentence starts one (then it tells nothing)."""
        if all(self.paragraph_start):
            return [0.0] * len(self.texts)
        return [1.0 if p else 0.0 for p in self.paragraph_start]


    @property
    def heading_line(self) -> list[bool]:
        """One-paragraph lines without a full stop, followed by more text: typographic headings."""
        n = len(self.texts)
        return [
            self.whole_paragraph[i] and i + 1 < n and not _SENTENCE_END.search(self.texts[i]) for i in range(n)
        ]


def match_cue(text: str, cues: list[re.Pattern[str]], kinds: list[str]) -> Cue | None:
    for pattern, kind in zip(cues, kinds):
        if pattern.match(text):
            return Cue(kind, pattern.pattern)
    return None


def compile_cues(cues: list[dict[str, Any]]) -> tuple[list[re.Pattern[str]], list[str]]:
    return [re.compile(c["pattern"]) for c in cues], [str(c["kind"]) for c in cues]


def read_marker(text: str) -> Marker | None:
    for style, pattern in MARKER_STYLES.items():
        m = pattern.match(text)
        if m:
            number = _ordinal(style, m.group("n"))
            if number:
                return Marker(style, number, m.end())
    return None


def list_markers(candidates: list[Marker | None], min_items: int) -> list[Marker | None]:
    """Keep markers that continue a sequence (1, 2, 3 ... restarting at 1 is allowed) in a
    style used at least ``min_items`` times; rank styles by first appearance (outer first)."""
    kept: list[Marker | None] = [None] * len(candidates)
    last: dict[str, int] = {}
    for i, m in enumerate(candidates):
        if m is not None and (m.number == 1 or last.get(m.style) == m.number - 1):
            kept[i] = m
            last[m.style] = m.number
    counts: dict[str, int] = {}
    for m in kept:
        if m is not None:
            counts[m.style] = counts.get(m.style, 0) + 1
    order: list[str] = []
    for i, m in enumerate(kept):
        if m is None or counts[m.style] < min_items:
            kept[i] = None
        elif m.style not in order:
            order.append(m.style)
    for m in kept:
        if m is not None:
            m.rank = order.index(m.style)
    return kept


def heading_score(text: str, marker: Marker | None, next_words: int, opts: dict[str, Any]) -> float:
    """How much a one-sentence paragraph looks like a heading, in [0, 1].

    Headings in these bulletins are short ("The industrial economy recovered rapidly.")
    and shorter than the paragraph they introduce, or are lines without a full stop
    ("2. Key tasks"); body sentences carry figures and commas. The score averages
    absolute shortness and shortness against the next paragraph (``next_words`` words).
    """
    body = text[marker.end :] if marker else text
    if not body or not (body[0].isupper() or body[0] in "\"“("):
        return 0.0
    words = len(body.split())
    short, long_ = opts["short_words"], opts["long_words"]
    absolute = min(1.0, max(0.0, (long_ - words) / (long_ - short)))
    relative = max(0.0, 1.0 - words / next_words) if next_words else 0.0
    score = (absolute + relative) / 2
    if not _SENTENCE_END.search(body):
        score = min(1.0, score + opts["unpunctuated_bonus"])
    if FIGURE.search(body):
        score *= opts["figure_factor"]
    if _CLAUSE_MARK.search(body):
        score *= opts["clause_factor"]
    return score


def closing_block(texts: list[str], whole_paragraph: list[bool], min_lines: int) -> int | None:
    """Start of a trailing sign-off (issuing office, date): unpunctuated one-line paragraphs
    at the very end, at least ``min_lines`` of them, after ordinary text."""
    i = len(texts)
    while i > 1 and whole_paragraph[i - 1] and not _SENTENCE_END.search(texts[i - 1]):
        i -= 1
    return i if len(texts) - i >= min_lines and i > 0 else None


def topic_shift(vectors: "np.ndarray", window: int) -> list[float]:
    """TextTiling's depth score over sentence embeddings, scaled so the deepest gap is 1.

    The similarity at gap ``i`` compares the mean embedding of the ``window`` sentences
    before it with the ``window`` after; depth is how far it dips below the peaks on
    either side, so a slow drift scores low and a sharp change high.
    """
    import numpy as np

    n = len(vectors)
    if n < 2:
        return [0.0] * n
    sims = np.ones(n)
    for i in range(1, n):
        left = vectors[max(0, i - window) : i].mean(axis=0)
        right = vectors[i : i + window].mean(axis=0)
        sims[i] = float(left @ right / (np.linalg.norm(left) * np.linalg.norm(right) + 1e-12))
    left_peak, right_peak = _peaks(sims)
    depth = np.zeros(n)
    for i in range(1, n):
        depth[i] = (left_peak[i] - sims[i]) + (right_peak[i] - sims[i])
    top = depth.max()
    return list(depth / top) if top > 0 else [0.0] * n


def restatement(vectors: "np.ndarray", window: int) -> list[float]:
    """Highest cosine between a sentence in the ``window`` before each gap and one in the
    ``window`` after it. A section does not start where the text goes on to say again
    what it just said (a lede that restates its dateline after a summary paragraph)."""
    n = len(vectors)
    out = [0.0] * n
    for i in range(1, n):
        out[i] = float((vectors[max(0, i - window) : i] @ vectors[i : i + window].T).max())
    return out


def _peaks(sims: "np.ndarray") -> tuple[list[float], list[float]]:
    """For each gap (from 1), the highest similarity reached walking left, and walking right,
    while similarity keeps rising: one pass each way, as a walk from gap ``i`` continues the
    walk from its neighbour whenever the neighbour is at least as high."""
    n = len(sims)
    left = [float(s) for s in sims]
    for i in range(2, n):
        if sims[i - 1] >= sims[i]:
            left[i] = left[i - 1]
    right = [float(s) for s in sims]
    for i in range(n - 2, 0, -1):
        if sims[i + 1] >= sims[i]:
            right[i] = right[i + 1]
    return left, right


def _ordinal(style: str, token: str) -> int:
    if style == "ordinal":
        return ORDINAL_WORDS.index(token.lower()) + 1
    if token.isdigit():
        return int(token)
    return _roman_value(token)


def _roman_value(token: str) -> int:
    """Value of a well-formed Roman numeral, 0 otherwise (so "CIVIL." is not item 149)."""
    total = 0
    for a, b in zip(token, token[1:] + " "):
        v = _ROMAN[a]
        total += -v if _ROMAN.get(b, 0) > v else v
    canonical = _to_roman(total)
    return total if canonical == token else 0


def _to_roman(n: int) -> str:
    out = ""
    for value, sym in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out
