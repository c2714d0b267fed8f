"""The one sentence service: paragraphs read from layout, sentences found inside them.

Every stage, metric and the bench splits text here, so "sentence 12" means the same span
wherever it is counted. Paragraphs come first and sentences never cross them: a sentence
splitter run over the whole text glues a heading without a full stop to the sentence
after it. Layout is read the way a person would: blank lines separate paragraphs when
the text has them, single line breaks when it has none (TextTiling's known failure), and
a break that falls mid-sentence (the next line starts in lower case or with a comma) is
no break at all. Inside a paragraph, nupunkt's Punkt model (it ships its parameters; no
NLTK download) finds sentences, a stop that lost its space ("here.Scraped") ends one too,
and the splitter's false splits ("1." / "968 million", a bare list marker, a lower-case
continuation) are mended.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from .document import Span
from .errors import ConfigError

SPLITTERS = ("nupunkt", "pysbd")
DEFAULT_SPLITTER = "nupunkt"
# Fewer blank lines than this in a text: it is read as one paragraph per line (the segment
# stage's ``paragraphs.min_blank_breaks`` default; callers without a config use it too).
MIN_BLANK_BREAKS = 2

# Paragraph breaks: blank lines (full-width spaces count as blank), or any line break.
_BLANK_BREAK, _LINE_BREAK = re.compile(r"\n[ \t\u3000]*\n\s*"), re.compile(r"\n\s*")
_SENTENCE_END = re.compile(r"[.!?。！？:：;；\"'”’)）]\s*$")
# A piece that cannot start a sentence: lower case, a comma or other mid-sentence mark.
_CONTINUATION = re.compile(r"^\s*[a-z,;:)\]，；、]")
# A split between "1." and "968 million" ("a £1. 8m project") or after a bare list marker such as "I." / "(1)".
# A number that already has a separator ("reached 1,024. 37 enterprises", "was 5.1. 12 firms") or four
# digits (a year) cannot go on as a decimal: its stop ends the sentence.
_NUMBER_TAIL = re.compile(r"(?<![\d.,])\d{1,3}[.,]$")
_BARE_MARKER = re.compile(r"^\s*(?:[IVXLC]+|\d{1,2}|[(（]\d{1,2}[)）])[.、]?\s*$")
# Scraped text drops the space after a full stop ("community.Dr Venter"), which Punkt does not
# split at: a stop after a lower-case word, straight before a capitalised word, ends a sentence.
_LOST_SPACE = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")

SplitFn = Callable[[str], list[tuple[int, int]]]
# How mtbrief changes a splitter's shipped model, as a local version label: signatures name the package as
# "nupunkt-0.8.0+pysbd-abbreviations.2", so a score split with the filtered model (``_real_abbreviation``)
# never passes for one split with nupunkt's own, nor with the filter before it dropped ``_PLAIN_WORDS``.
SPLITTER_REVISIONS = {"nupunkt": "pysbd-abbreviations.2"}
# Entries of pysbd's list that are everyday words before a full stop far more often than abbreviations (mostly
# US states: Maine, Illinois, Massachusetts): "... asked of me. 'England have said ..." stayed one sentence.
_PLAIN_WORDS = frozenset({"art", "fed", "id", "ill", "mass", "me", "miss", "ok", "ore", "wash"})


@lru_cache(maxsize=None)
def load_splitter(name: str) -> SplitFn:
    """Return ``text -> [(start, end), ...]`` for a splitter that ships its own model."""
    if name == "nupunkt":
        import nupunkt

        tokenizer = nupunkt.load_default_model()
        params = tokenizer._params  # noqa: SLF001 - the one place its learned abbreviations can be read
        params.abbrev_types = {a for a in params.abbrev_types if _real_abbreviation(a)}
        return lambda text: [span for _, span in tokenizer.tokenize_with_spans(text)]
    if name == "pysbd":
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
        return lambda text: [(s.start, s.end) for s in seg.segment(text)]
    raise ConfigError(f"unknown sentence splitter {name!r}; allowed: {', '.join(SPLITTERS)}")


@lru_cache(maxsize=1)
def _english_abbreviations() -> frozenset[str]:
    from pysbd.lang.english import English

    known = English.Abbreviation
    return frozenset(a.lower() for a in (*known.ABBREVIATIONS, *known.PREPOSITIVE_ABBREVIATIONS, *known.NUMBER_ABBREVIATIONS))


def _real_abbreviation(word: str) -> bool:
    """Keep a word nupunkt learned as an abbreviation only if it is one. Its model, trained on legal
    and scraped text, also lists thousands of plain words ("month", "coal", "bank", "century", "day"),
    and never ends a sentence after them: "... than the previous month. Industrial enterprises refer
    to ..." stayed one sentence. A plain-letter entry stays if pysbd's curated English list has it
    (Dr, Corp, etc, No, Sept) and is not one of its everyday words (``_PLAIN_WORDS``), or it is one letter
    (an initial); dotted forms ("u.s", "e.g") stay."""
    return not word.isalpha() or len(word) == 1 or (word in _english_abbreviations() and word not in _PLAIN_WORDS)


def find_paragraphs(text: str, min_blank_breaks: int = MIN_BLANK_BREAKS) -> list[Span]:
    """Paragraph spans (trimmed of surrounding whitespace), in order, never empty.

    With at least ``min_blank_breaks`` blank lines the text is read as blank-line
    separated; otherwise each line is a paragraph. Pieces split mid-sentence are joined.
    """
    breaks = _BLANK_BREAK if len(_BLANK_BREAK.findall(text)) >= min_blank_breaks else _LINE_BREAK
    pieces, pos = [], 0
    for m in breaks.finditer(text):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(text)))
    return _join(text, pieces, _continues)


def sentences_in(text: str, paragraphs: list[Span], splitter: str = DEFAULT_SPLITTER) -> list[Span]:
    """Sentence spans inside each paragraph, trimmed, with false splits mended."""
    split = load_splitter(splitter)
    out: list[Span] = []
    for para in paragraphs:
        chunk = text[para.start : para.end]
        merged = _join(chunk, _lost_spaces(chunk, split(chunk)), _false_split)
        out.extend(Span(para.start + s.start, para.start + s.end) for s in merged)
    return out


def _lost_spaces(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The splitter's pieces, each also cut where a sentence lost the space after its stop."""
    out = []
    for start, end in pieces:
        cuts = [start, *(m.start() for m in _LOST_SPACE.finditer(text, start, end)), end]
        out += list(zip(cuts, cuts[1:]))
    return out


def split_sentences(text: str, start: int = 0, end: int | None = None, splitter: str = DEFAULT_SPLITTER,
                    min_blank_breaks: int = MIN_BLANK_BREAKS) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` as ``(start, end)`` offsets into ``text``: the
    segment stage's sentences, for callers that hold a plain string (a clean rule, a
    generated summary, a metric). Cached: the clean rules split the same text several times."""
    end = len(text) if end is None else end
    return list(_cached_spans(text[start:end], splitter, min_blank_breaks, start))


@lru_cache(maxsize=4096)
def _cached_spans(text: str, splitter: str, min_blank_breaks: int, offset: int) -> tuple[tuple[int, int], ...]:
    spans = sentences_in(text, find_paragraphs(text, min_blank_breaks), splitter)
    return tuple((offset + s.start, offset + s.end) for s in spans)


def _join(text: str, pieces: list[tuple[int, int]], belongs: Callable[[str, Span, Span], bool]) -> list[Span]:
    """Trimmed, non-empty spans of ``pieces``, each joined to the one before where ``belongs``."""
    spans: list[Span] = []
    for start, end in pieces:
        span = _trim(text, start, end)
        if span is None:
            continue
        if spans and belongs(text, spans[-1], span):
            spans[-1] = Span(spans[-1].start, span.end)
        else:
            spans.append(span)
    return spans


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def _continues(text: str, prev: Span, nxt: Span) -> bool:
    """Was a sentence broken across a paragraph break? ("...we should" / "put stable ...")"""
    ends_open = not _SENTENCE_END.search(text[prev.start : prev.end])
    return ends_open and bool(_CONTINUATION.match(text[nxt.start : nxt.end]))


def _false_split(text: str, prev: Span, nxt: Span) -> bool:
    before, after = text[prev.start : prev.end], text[nxt.start : nxt.end]
    if _NUMBER_TAIL.search(before) and after[:1].isdigit():
        return True
    return bool(_BARE_MARKER.match(before)) or bool(_CONTINUATION.match(after))
