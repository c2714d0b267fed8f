"""Layout repair: the damage a copy-paste of machine output does to paragraphs.

MT systems translate line by line, so a sentence that the source layout broke
stays broken, a continuation starts a paragraph with a comma, a caption is
translated twice, and quotes come out in whichever style each segment had.
Each rule fixes one such pattern and leaves well-formed paragraphs alone.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterable

from pipeline.facts.extract import NUMERIC_KINDS, lost_facts
from pipeline.sentences import split_sentences
from pipeline.structure import DANGLING, DATELINE, ends_sentence  # DANGLING is re-exported for the artifact rules

from .rules import Fix, Options, Phase, rule

_SPACE = r"[ \t\u00a0\u3000]"
# A paragraph break: a newline, at least one blank line, and the indentation around them.
_BREAK = rf"{_SPACE}*\n(?:{_SPACE}*\n)+{_SPACE}*"
_BLANK_RUN = re.compile(rf"\n(?:{_SPACE}*\n){{2,}}")
_COMMA_PARAGRAPH = re.compile(rf"(?<=\S)(?P<brk>{_BREAK})(?P<mark>[,;]){_SPACE}*(?P<next>\S)")
_LOWER_CASE_PARAGRAPH = re.compile(rf"(?<=\S)({_BREAK})(?=[a-z])")
_UNFINISHED_PARAGRAPH = re.compile(rf"(?<=[A-Za-z0-9%)])(?:{_BREAK})(?=[A-Z0-9\"“])")
_LEADING_SPACE = re.compile(rf"(?m)^{_SPACE}+(?=\S)")
_TRAILING_SPACE = re.compile(rf"(?m)(?<=\S){_SPACE}+$")
_TERMINAL = ".!?:;"
_CLOSERS = "\"'”’)]"
# Words a sentence cannot end on (pipeline.structure's list): a paragraph ending with one was cut
# mid-sentence (and a capital after one starts no new sentence: "the future of the The future").
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_SENTENCE_INSIDE = re.compile(r"[a-z0-9%)][.!?][\"'”’)]*\s+[\"“(]*[A-Z]")  # "... 2.1%. The ..." within a paragraph
_PAIR_TOKEN = re.compile(r"[a-z]+|\d+(?:[.,]\d+)*")
_LOOKBACK = 40  # characters searched for the last word of a paragraph


def _ends_sentence(text: str, end: int) -> bool:
    """Does the text before ``end`` close a sentence (a terminal mark, maybe inside quotes)?"""
    i = end
    while i > 0 and text[i - 1] in _CLOSERS:
        i -= 1
    return i > 0 and text[i - 1] in _TERMINAL


@rule("layout.strip-leading-space", Phase.LAYOUT)
def strip_leading_space(text: str, opts: Options) -> Iterable[Fix]:
    """Indentation before a paragraph: MT output pasted from a layout with first-line indents."""
    return _delete_all(_LEADING_SPACE, text, "leading spaces before a paragraph")


@rule("layout.strip-trailing-space", Phase.LAYOUT)
def strip_trailing_space(text: str, opts: Options) -> Iterable[Fix]:
    """Spaces at the end of a line, invisible but kept by every later copy."""
    return _delete_all(_TRAILING_SPACE, text, "trailing spaces at the end of a line")


def _delete_all(pattern: re.Pattern[str], text: str, reason: str) -> Iterable[Fix]:
    return (Fix(m.start(), m.end(), "", reason) for m in pattern.finditer(text))


@rule("layout.collapse-blank-lines", Phase.LAYOUT)
def collapse_blank_lines(text: str, opts: Options) -> Iterable[Fix]:
    """Runs of blank lines: one blank line separates paragraphs."""
    for m in _BLANK_RUN.finditer(text):
        yield Fix(m.start(), m.end(), "\n\n", "a run of blank lines between paragraphs")


@rule("layout.leading-comma", Phase.LAYOUT, cases=("continues", "stray"))
def leading_comma(text: str, opts: Options) -> Iterable[Fix]:
    """A paragraph that starts with a comma or semicolon: the tail of the paragraph before."""
    for m in _COMMA_PARAGRAPH.finditer(text):
        if _ends_sentence(text, m.start()):
            # The paragraph before is complete: the mark is stray; the paragraph starts at the word.
            yield Fix(m.start("mark"), m.end(), m["next"].upper(), "a paragraph starts with a stray comma", "stray")
        else:
            yield Fix(m.start(), m.start("next"), m["mark"] + " ", "a paragraph starts with the comma that "
                      "continues the sentence before it", "continues")


@rule("layout.join-broken-sentence", Phase.LAYOUT, cases=("dangling", "lower-case"))
def join_broken_sentence(text: str, opts: Options) -> Iterable[Fix]:
    """A sentence broken across paragraphs: no end mark before the break, lower case after it."""
    for m in _LOWER_CASE_PARAGRAPH.finditer(text):
        if _ends_sentence(text, m.start()):
            continue
        last = _WORD.findall(text[max(0, m.start() - _LOOKBACK) : m.start()])
        dangling = text[m.start() - 1] == "," or bool(last and last[-1].lower() in DANGLING)
        reason = "a sentence broken across paragraphs" + (" after a word that cannot end it" if dangling else "")
        yield Fix(m.start(), m.end(), " ", reason, "dangling" if dangling else "lower-case")


@rule("layout.missing-period", Phase.LAYOUT, cases=("after-sentence", "single", "opening"))
def missing_period(text: str, opts: Options) -> Iterable[Fix]:
    """A sentence that lost its final period before a new paragraph (headings are left alone).

    A paragraph whose earlier sentences end properly lost the last period (case ``after-sentence``);
    a one-sentence line without one may as well be a subheading, a caption or a pull quote, which
    wire copy sets without a period (case ``single``, less sure), and so may the lines at the top of
    an item before any line ends a sentence, where a headline, deck or standfirst stands (``opening``)."""
    min_words = opts["layout"]["missing_period_min_words"]
    heading_share = opts["layout"]["heading_capitalised_share"]
    first_ended = _first_ended_line(text)
    for m in _UNFINISHED_PARAGRAPH.finditer(text):
        para_start = text.rfind("\n", 0, m.start()) + 1
        paragraph = text[para_start : m.start()]
        words = _WORD.findall(paragraph)
        if len(words) < min_words:
            continue
        if sum(w[0].isupper() for w in words) / len(words) >= heading_share:
            continue  # a title-case heading, not a sentence
        if para_start <= first_ended:
            case = "opening"  # no line before it ends a sentence: it is still the headline and deck
        else:
            dateline = DATELINE.match(paragraph)  # "Xinhua News Agency, Beijing, February 11." is no sentence
            body = paragraph[dateline.end() :] if dateline else paragraph
            case = "after-sentence" if _SENTENCE_INSIDE.search(body) else "single"
        yield Fix(m.start(), m.start(), ".", "a sentence without its final period before a new paragraph", case)


@rule("layout.normalize-quotes", Phase.LAYOUT)
def normalize_quotes(text: str, opts: Options) -> Iterable[Fix]:
    """Straight and curly double quotes mixed in one text: the less used style takes the other's form.

    Single quotes are left alone: ’ is also the apostrophe, so their styles cannot be told apart by counting."""
    style = opts["layout"]["quote_style"]
    n_straight, n_curly = text.count('"'), text.count("“") + text.count("”")
    if not (n_straight and n_curly):
        return
    if style == "straight" or (style == "majority" and n_straight >= n_curly):
        for m in re.finditer("[“”]", text):
            yield Fix(m.start(), m.end(), '"', "curly quote in a text that uses straight quotes")
        return
    for m in re.finditer('"', text):
        opens = m.start() == 0 or text[m.start() - 1].isspace() or text[m.start() - 1] in "([{—–-"
        yield Fix(m.start(), m.end(), "“" if opens else "”", "straight quote in a text that uses curly quotes")


@rule("layout.duplicate-sentence", Phase.LAYOUT, cases=("sentence", "paragraph"))
def duplicate_sentence(text: str, opts: Options) -> Iterable[Fix]:
    """A caption or lede sentence repeated nearly word for word later: the later copy goes."""
    min_words = opts["layout"]["duplicate_min_words"]
    min_overlap = opts["layout"]["duplicate_min_overlap"]
    spans = split_sentences(text)
    letters = opts["layout"]["duplicate_stem_letters"]
    words = [_stemmed_words(text[a:b], letters) for a, b in spans]
    pairs = [set(zip(w, w[1:])) for w in words]
    earlier_with = _pair_index(pairs)
    for i in range(1, len(spans)):
        later = pairs[i]
        if len(words[i]) < min_words or not later:
            continue
        sentence = text[spans[i][0] : spans[i][1]]
        for j in _overlap_candidates(later, i, earlier_with, min_overlap):
            overlap = len(later & pairs[j]) / len(later)
            if overlap < min_overlap:
                continue
            if lost_facts(sentence, text[spans[j][0] : spans[j][1]], (*NUMERIC_KINDS, "date")):
                continue  # a figure or date the earlier sentence lacks: new information, not a copy
            # Remove the copy together with the space or paragraph break that introduced it. A copy that
            # is a paragraph of its own may be one the source repeats (a summary box, a deck above the
            # body), which real wire copy does: that case is less sure.
            whole = _alone_on_line(text, *spans[i])
            yield Fix(spans[i - 1][1], spans[i][1], "", f"repeats sentence {j + 1} nearly word for word "
                      f"({overlap:.0%} of its word pairs)", "paragraph" if whole else "sentence")
            break


def _first_ended_line(text: str) -> int:
    """Where the first line that ends a sentence starts (the text's length if none does)."""
    pos = 0
    for line in text.split("\n"):
        if line.strip() and ends_sentence(line):
            return pos
        pos += len(line) + 1
    return len(text)


def _alone_on_line(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` the whole of its line (but for surrounding whitespace)?"""
    before = text[text.rfind("\n", 0, start) + 1 : start]
    after_end = text.find("\n", end)
    return not before.strip() and not text[end : len(text) if after_end < 0 else after_end].strip()


def _pair_index(pairs: list[set]) -> dict:
    """Word pair -> the sentences holding it, in order."""
    index: dict = {}
    for j, held in enumerate(pairs):
        for pair in held:
            index.setdefault(pair, []).append(j)
    return index


def _overlap_candidates(later: set, i: int, earlier_with: dict, min_overlap: float) -> list[int]:
    """Earlier sentences that could hold ``min_overlap`` of ``later``'s pairs, in order. One that
    shares ``need`` of its ``n`` pairs lacks at most ``n - need``, so it holds one of any
    ``n - need + 1`` of them: the rarest are looked up (prefix filtering, as in set-similarity
    joins), which keeps a long text from comparing every sentence with every earlier one."""
    n = len(later)
    need = next((c for c in range(n + 1) if c / n >= min_overlap), n + 1)
    if need == 0:
        return list(range(i))
    if need > n:
        return []
    rarest = sorted(later, key=lambda p: (len(earlier_with[p]), p))[: n - need + 1]
    return sorted({j for p in rarest for j in earlier_with[p][: bisect_left(earlier_with[p], i)]})


def _stemmed_words(sentence: str, letters: int) -> list[str]:
    """Words cut to their first letters: a cheap stem under which "industry"/"industrial" and
    "19"/"19th" agree. Sentences are compared by adjacent pairs of these, so word order counts."""
    return [w[:letters] for w in _PAIR_TOKEN.findall(sentence.lower())]
