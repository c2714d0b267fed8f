"""Find the checkable facts in English text: figures, dates, periods, ordinals and names.

Each fact carries a normalised ``value`` so that "1.968 million" and "1,968,000",
"3.5 percent" and "3.5%", "H1" and "the first half of the year" compare equal.
Patterns are written against the general forms of English news and statistics
prose, never against one bulletin's sentences.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable

from .text import NAME_CONNECTORS, NAME_TOKEN, STOPWORDS, normalise_phrase

NUMERIC_KINDS = ("number", "percent", "points", "money")
ALL_KINDS = (*NUMERIC_KINDS, "date", "period", "ordinal", "entity")


@dataclass(frozen=True)
class Fact:
    """One checkable statement-part found at ``text[start:end]``."""

    kind: str  # number | percent | points | money | date | period | ordinal | entity
    text: str
    value: str  # normalised, comparable across wordings
    start: int
    end: int
    amount: float | None = None  # numeric kinds: the value as a number
    resolution: float = 0.0  # numeric kinds: the unit of the last written digit ("1.97 million" -> 10,000)
    qualifier: str = ""  # "" | "approx" (about) | "under" (nearly, less than) | "over" (more than, exceeded)

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "text": self.text, "value": self.value, "start": self.start, "end": self.end}


# ---- vocabulary -----------------------------------------------------------------------------
MONTHS = ("January February March April May June July August September October November December").split()
_MONTH_NO = {m: i for i, m in enumerate(MONTHS, 1)}
_WEEKDAYS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
# Month names are matched case-sensitively even inside case-insensitive patterns: "may" is a verb.
_M = r"(?-i:" + "|".join(MONTHS) + r")"
_YEAR = r"(?:19|20)\d{2}"
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_COUNT_WORDS = {w: i for i, w in enumerate("one two three four five six seven eight nine ten eleven".split(), 1)}
_OF_YEAR = r"(?:\s+of\s+(?:the|this)\s+year)?"

_SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_CURRENCIES = {"yuan": "CNY", "rmb": "CNY", "¥": "CNY", "$": "USD", "us$": "USD", "dollars": "USD", "us dollars": "USD", "euro": "EUR", "euros": "EUR", "€": "EUR"}
_QUALIFIERS = {
    "approx": ("about", "around", "approximately", "roughly", "some"),
    "under": ("nearly", "almost", "less than", "fewer than", "under", "below", "up to", "close to"),
    "over": ("over", "more than", "above", "exceeded", "exceeding", "exceeds", "exceed", "at least", "beyond"),
}
_QUALIFIER_CLASS = {phrase: cls for cls, phrases in _QUALIFIERS.items() for phrase in phrases}
_QUALIFIER_BEFORE = re.compile(
    r"\b(" + "|".join(sorted((p.replace(" ", r"\s+") for p in _QUALIFIER_CLASS), key=len, reverse=True)) + r")\s+$",
    re.I,
)
_QUALIFIER_WINDOW = 24  # characters before a figure searched for a qualifier (longest phrase + spaces)

# ---- patterns -------------------------------------------------------------------------------
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_FIGURE = re.compile(
    r"(?P<pre>US\$|\$|¥|€|RMB\s?)?"
    rf"(?<![\w.,])(?P<num>{_NUM})(?!\w|[.,]\d)"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion)\b)?"
    r"(?:\s*(?P<unit>%|per\s?cent\b|percentage\s+points?\b|pp\b|(?:US\s+)?dollars\b|yuan\b|RMB\b|euros?\b))?",
    re.I,
)
_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
# Figures written in words ("nine", "twenty-five", "two million"); a bare "one" is left out:
# it is mostly a pronoun.
_UNITS = "one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD_VALUES = {w: i for i, w in enumerate(_UNITS, 1)} | {w: i for i, w in enumerate(_TEENS, 10)} | {
    w: 10 * i for i, w in enumerate(_TENS, 2)
}
_WORD_FIGURE = re.compile(
    rf"\b(?:(?P<tens>{'|'.join(_TENS)})(?:[-\s](?P<unit>{'|'.join(_UNITS)}))?|(?P<word>{'|'.join(_UNITS[1:] + _TEENS)}))"
    r"(?:\s+(?P<scale>thousand|million|billion|trillion))?\b",
    re.I,
)

_DATES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(rf"\b(?P<m>{_M})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>{_YEAR})\b)?"), lambda m: _date(m)),
    (re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_M})\b(?:,?\s+(?P<y>{_YEAR})\b)?"), lambda m: _date(m)),
    (re.compile(rf"\b(?P<m>{_M}),?\s+(?P<y>{_YEAR})\b"), lambda m: _date(m)),
]

_SEASON = r"spring|summer|autumn|fall|winter"
_TIME_WORD = "(?:" + "|".join(rf"(?<=\b{w} )" for w in ("in", "for", "into", "during", "before", "after", "until", "by")) + ")"
_SAME_WORD = {"fall": "autumn", "plowing": "ploughing"}  # American spellings, one value

_PERIODS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(rf"\b(?:from\s+)?(?P<a>{_M})\s*(?:to|through|until|-|–|—)\s*(?P<b>{_M})(?:\s+(?:of\s+)?(?:this\s+year|{_YEAR}))?\b", re.I),
        lambda m: _months(_MONTH_NO[m["a"]], _MONTH_NO[m["b"]]),
    ),
    (
        re.compile(rf"\b(?:the\s+)?(?P<n>first|second|1st|2nd)\s+half{_OF_YEAR}\b", re.I),
        lambda m: _months(6 * _ORDINAL_WORDS[m["n"].lower()] - 5, 6 * _ORDINAL_WORDS[m["n"].lower()]),
    ),
    (re.compile(r"\bH(?P<n>[12])\b"), lambda m: _months(6 * int(m["n"]) - 5, 6 * int(m["n"]))),
    (
        re.compile(rf"\b(?:the\s+)?(?P<n>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter{_OF_YEAR}\b", re.I),
        lambda m: _months(3 * _ORDINAL_WORDS[m["n"].lower()] - 2, 3 * _ORDINAL_WORDS[m["n"].lower()]),
    ),
    (re.compile(r"\bQ(?P<n>[1-4])\b"), lambda m: _months(3 * int(m["n"]) - 2, 3 * int(m["n"]))),
    (
        re.compile(rf"\b(?:the\s+)?first\s+(?P<n>\d{{1,2}}|{'|'.join(_COUNT_WORDS)})\s+(?P<u>months|quarters){_OF_YEAR}\b", re.I),
        lambda m: _months(1, _count(m["n"]) * (3 if m["u"].lower() == "quarters" else 1)),
    ),
    (
        re.compile(r"\b(?:since\s+the\s+(?:beginning|start)\s+of\s+(?:this|the)\s+year|so\s+far\s+this\s+year|year[-\s]to[-\s]date|this\s+year)\b", re.I),
        lambda m: "year-to-date",
    ),
    # The stage a work plan's targets are for ("implement the key tasks in the next stage").
    (re.compile(r"\b(?:the\s+)?next\s+(?:stage|step|phase)\b", re.I), lambda m: "next-stage"),
    # A farm season's work after a word of time ("put into the autumn harvest", "plan ahead for autumn and
    # winter sowing"): the time a farm target is for. Not the work itself ("made the autumn harvest the top
    # priority", "arrange the work of the autumn harvest"), nor a season alone ("autumn grain" is a crop).
    (re.compile(rf"{_TIME_WORD}(?:the\s+)?(?P<a>{_SEASON})(?:\s+and\s+(?P<b>{_SEASON}))?\s+(?P<w>harvest|sowing|planting|ploughing|plowing)\b", re.I),
     lambda m: "season:" + "-".join(_SAME_WORD.get(x.lower(), x.lower()) for x in (m["a"], m["b"], m["w"]) if x)),
    (
        re.compile(rf"\b(?:(?:as\s+of|by|at|until|up\s+to)\s+)?the\s+end\s+of\s+(?P<m>{_M})\b", re.I),
        lambda m: f"as-of:{_MONTH_NO[m['m']]}",
    ),
    (re.compile(rf"\b(?P<m>{_M})\b(?!\s+\d)"), lambda m: _months(_MONTH_NO[m["m"]], _MONTH_NO[m["m"]])),
]

# A capitalised ordinary word ("Strengthen"), unlike an acronym or "5G", may owe its capital to the sentence start.
_PLAIN_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:[-'’][A-Za-z]+)*")
_SAME_LINE_GAP = re.compile(r"[ \t]+")
_OPENERS = " \t\"“‘'(["

# When two candidate facts overlap, the longer wins; at equal length, the earlier kind here.
_PRIORITY = {k: i for i, k in enumerate(("period", "date", "money", "percent", "points", "number", "entity", "ordinal"))}


def extract_facts(text: str, kinds: Iterable[str] = ALL_KINDS) -> list[Fact]:
    """All non-overlapping facts in ``text``, in reading order (offsets into ``text``)."""
    wanted = set(kinds)
    candidates = [*_figures(text), *_word_figures(text), *_matches(text, _DATES, "date"), *_matches(text, _PERIODS, "period"),
                  *_ordinals(text), *_entities(text)]
    candidates.sort(key=lambda f: (f.start, -(f.end - f.start), _PRIORITY[f.kind]))
    kept: list[Fact] = []
    for fact in candidates:
        if not kept or fact.start >= kept[-1].end:
            kept.append(fact)
    return [f for f in kept if f.kind in wanted]


def fact_counts(text: str, kinds: Iterable[str] = NUMERIC_KINDS) -> Counter[tuple[str, str]]:
    """How often each (kind, value) occurs: the quick way to compare two versions of a text."""
    return Counter((f.kind, f.value) for f in extract_facts(text, kinds))


def lost_facts(before: str, after: str, kinds: Iterable[str] = NUMERIC_KINDS) -> list[Fact]:
    """Facts of ``before`` that ``after`` no longer states (as often), e.g. a figure a rewrite dropped."""
    kinds = tuple(kinds)
    remaining = fact_counts(after, kinds)
    lost = []
    for fact in extract_facts(before, kinds):
        key = (fact.kind, fact.value)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            lost.append(fact)
    return lost


# ---- figures --------------------------------------------------------------------------------
def _figures(text: str) -> Iterable[Fact]:
    for m in _FIGURE.finditer(text):
        digits = m["num"].replace(",", "")
        scale = _SCALES.get((m["scale"] or "").lower(), 0)
        unit = re.sub(r"\s+", " ", (m["unit"] or "").lower())
        currency = _CURRENCIES.get((m["pre"] or "").strip().lower()) or _CURRENCIES.get(unit)
        if not (scale or unit or m["pre"]) and re.fullmatch(_YEAR, digits):
            yield Fact("date", m.group(), f"{digits}-??-??", m.start(), m.end())
            continue
        exact = Decimal(digits).scaleb(scale)
        decimals = len(digits.partition(".")[2])
        if unit.startswith("percentage") or unit == "pp":
            kind, value = "points", f"{_plain(exact)}pp"
        elif unit == "%" or unit.startswith("per"):
            kind, value = "percent", f"{_plain(exact)}%"
        elif currency:
            kind, value = "money", f"{currency} {_plain(exact)}"
        else:
            kind, value = "number", _plain(exact)
        yield Fact(kind, m.group(), value, m.start(), m.end(), float(exact), 10.0 ** (scale - decimals), _qualifier(text, m.start()))


def _word_figures(text: str) -> Iterable[Fact]:
    for m in _WORD_FIGURE.finditer(text):
        scale = _SCALES.get((m["scale"] or "").lower(), 0)
        words = [w.lower() for w in (m["tens"], m["unit"], m["word"]) if w]
        exact = Decimal(sum(_WORD_VALUES[w] for w in words)).scaleb(scale)
        yield Fact("number", m.group(), _plain(exact), m.start(), m.end(), float(exact), 10.0**scale, _qualifier(text, m.start()))


def _plain(number: Decimal) -> str:
    """'1968000', '2.7': no exponent, no trailing zeros."""
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _qualifier(text: str, start: int) -> str:
    m = _QUALIFIER_BEFORE.search(text[max(0, start - _QUALIFIER_WINDOW) : start])
    return _QUALIFIER_CLASS[re.sub(r"\s+", " ", m.group(1).lower())] if m else ""


# ---- dates and periods ----------------------------------------------------------------------
def _matches(text: str, patterns: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]], kind: str) -> Iterable[Fact]:
    for pattern, value in patterns:
        for m in pattern.finditer(text):
            yield Fact(kind, m.group(), value(m), m.start(), m.end())


def _date(m: re.Match[str]) -> str:
    groups = m.groupdict()
    day = f"{int(groups['d']):02d}" if groups.get("d") else "??"
    return f"{groups.get('y') or '????'}-{_MONTH_NO[m['m']]:02d}-{day}"


def _months(first: int, last: int) -> str:
    return f"months:{first}-{last}"


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _COUNT_WORDS[word.lower()]


def _ordinals(text: str) -> Iterable[Fact]:
    for m in _ORDINAL.finditer(text):
        yield Fact("ordinal", m.group(), m.group(1), m.start(), m.end())


# ---- named entities -------------------------------------------------------------------------
def _entities(text: str) -> Iterable[Fact]:
    """Runs of capitalised words, joined by of/and/for/the/on ("Ministry of Industry and
    Information Technology", "14th Five-Year Plan"). A capital that only marks a sentence
    start is not a name: a one-word run there is skipped, and a leading function word is cut."""
    tokens = list(NAME_TOKEN.finditer(text))
    i = 0
    while i < len(tokens):
        if not _starts_name(tokens, i):
            i += 1
            continue
        last = _extend_run(text, tokens, i)
        first = i
        if _at_sentence_start(text, tokens[i].start()) and (
            tokens[i].group().lower() in STOPWORDS or (last == i and _PLAIN_CAPITALISED.fullmatch(tokens[i].group()))
        ):
            first = i + 1
            while first <= last and tokens[first].group().lower() in NAME_CONNECTORS:
                first += 1
        if first <= last and not (first == last and tokens[first].group().lower() in STOPWORDS):
            a, b = tokens[first].start(), tokens[last].end()
            yield Fact("entity", text[a:b], normalise_phrase(text[a:b]), a, b)
        i = last + 1


def _is_name_word(word: str) -> bool:
    bare = re.sub(r"['’]s$", "", word)
    if bare in _MONTH_NO or bare in _WEEKDAYS:
        return False
    return bare[0].isupper() or bool(re.fullmatch(r"\d+[A-Z][A-Za-z0-9]*", bare))


def _starts_name(tokens: list[re.Match[str]], i: int) -> bool:
    word = tokens[i].group()
    if _ORDINAL.fullmatch(word):  # "14th Five-Year Plan": an ordinal opens a name only before one
        return i + 1 < len(tokens) and _is_name_word(tokens[i + 1].group())
    return _is_name_word(word)


def _extend_run(text: str, tokens: list[re.Match[str]], i: int) -> int:
    """Index of the last token of the name run that starts at token ``i``."""
    last = i
    while True:
        k, joined = last + 1, []
        while k < len(tokens) and tokens[k].group() in NAME_CONNECTORS and _adjacent(text, tokens, k):
            joined.append(tokens[k].group())
            k += 1
        if joined == ["and", "the"] or len(joined) > 2:  # "X and the Y" lists two names
            return last
        if k < len(tokens) and _adjacent(text, tokens, k) and _is_name_word(tokens[k].group()):
            last = k
        else:
            return last


def _adjacent(text: str, tokens: list[re.Match[str]], k: int) -> bool:
    return bool(_SAME_LINE_GAP.fullmatch(text, tokens[k - 1].end(), tokens[k].start()))


def _at_sentence_start(text: str, pos: int) -> bool:
    while pos > 0 and text[pos - 1] in _OPENERS:
        pos -= 1
    return pos == 0 or text[pos - 1] in ".!?\n"
