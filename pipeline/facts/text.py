"""Clause and word helpers for fact checking.

Sentences come from :mod:`pipeline.sentences`, the splitter every stage uses, so a fact
checked in sentence 12 of a summary or a source is in the segment stage's sentence 12.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Clauses split at ; anywhere and at , or : followed by a space ("3,000" stays whole),
# and before "while"/"whereas", which join contrasting statements.
_CLAUSE_BREAK = re.compile(r";\s*|[,:](?=\s)\s*|\s+(?=(?:while|whereas)\b)")
_YEAR_ON_YEAR = re.compile(r"\byear[-\s]+on[-\s]+year\b", re.I)
# The words that open a breakdown of what was said before ("Among them, exports were ...", "of which 1.2
# million ..."): the key figures table, the cut of a long sentence and a briefing's stated sentences read it alike.
BREAKDOWN = r"(?:of\s+which|among\s+(?:them|which))"
# A conjunction after a figure ends the words that describe it ("... 5G base stations and ...").
CONJUNCTION = re.compile(r"\b(?:and|but|while|whereas)\b")
_ACRONYM = re.compile(r"([A-Z][A-Z0-9]+)s?")
_WORD = re.compile(r"\d+[A-Za-z]+\w*|[A-Za-z]+")
# A word as names are built from: hyphenated words and possessives stay whole, "5G" is one word.
NAME_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*")
NAME_CONNECTORS = frozenset({"of", "and", "for", "the", "on"})

STOPWORDS = frozenset(
    """a an the of and or for to in on at by with from as into onto over under than that this these those
    it its is are was were be been being has have had do does did will would shall should can could may might
    must not no nor so such which who whom whose what when where while whereas also both each all any more most
    other some same very just only their there they them we our us he she his her you your i me my one
    """.split()
)

# Words that say how a figure moved or was reported, not what it measures: a summary may
# say "rose" where the source says "increased by", so they never count as subject words.
GENERIC_WORDS = frozenset(
    """increase increased increases increasing rise rises rose risen rising grow grows grew grown growing growth
    expand expanded climb climbed gain gained jump jumped surge surged fall falls fell fallen drop dropped
    decline declined decrease decreased reduce reduced shrink shrank reach reached reaches hit exceed exceeded
    exceeding top topped surpass surpassed total totalled totaled stand stood amount amounted account accounted
    make made represent represented register registered record recorded post posted see saw achieve achieved
    up down respectively year-on-year yoy percent per cent percentage point points nearly almost about around
    approximately roughly compared compare versus against previous period same last year yoy month
    """.split()
)


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans inside ``text[start:end]`` (absolute offsets)."""
    out, pos = [], start
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return out


@lru_cache(maxsize=None)
def _stemmer():
    """Snowball's English stemmer (Porter2): imports in 0.1 s, where nltk's Porter stemmer imports
    all of nltk (3 s on a 2-core EPYC, in every run); it also keeps "general" apart from "generation"
    and "added" from "ad"."""
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer().stemWord(word.lower())


def content_stems(text: str) -> frozenset[str]:
    """Stems of the words that say *what* a clause is about (no function or movement words).

    Hyphenated words count part by part ("high-tech" -> high, tech), so "medium-sized"
    and "medium sized" agree. Acronyms stay upper-case and singular ("SMEs" -> SME), so a
    checker can still tell them from words and expand them.
    """
    out = set()
    for word in _WORD.findall(_YEAR_ON_YEAR.sub(" ", text).replace("-", " ")):
        low = word.lower()
        if low in STOPWORDS or low in GENERIC_WORDS or len(word) < 2:
            continue
        out.add(_ACRONYM.sub(r"\1", word) if _ACRONYM.fullmatch(word) else stem(low))
    return frozenset(out)


def flatten(text: str) -> str:
    """Lower-case, without quotes, hyphens as spaces, one space between words: for phrase look-ups."""
    return re.sub(r"\s+", " ", re.sub(r"[\"“”‘’]", "", text).replace("-", " ").lower()).strip()


def normalise_phrase(text: str) -> str:
    """A name's comparable form: flattened, without a leading article or a possessive ending."""
    return re.sub(r"^(?:the|a|an) ", "", flatten(re.sub(r"['’]s$", "", text.strip())))
