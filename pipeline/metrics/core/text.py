"""Tokenising and counting shared by the n-gram metrics."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Sequence

from .validation import require_known

# A word keeps inner punctuation so "3.5", "1,200" and "year-on-year" each count once.
WORD = re.compile(r"\w+(?:[.,'\-]\w+)*")
TOKENIZERS = ("13a", "none")


def words(text: str, lowercase: bool = True) -> list[str]:
    """Words for length, compression and novelty: punctuation is not a word."""
    return WORD.findall(text.lower() if lowercase else text)


@lru_cache(maxsize=1)
def _tokenizer_13a():
    from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

    return Tokenizer13a()


def tokenize(text: str, tokenizer: str = "13a", lowercase: bool = False) -> list[str]:
    """sacrebleu's 13a (mteval-v13a) tokens, or whitespace tokens for pre-tokenised text."""
    require_known("tokenizer", [tokenizer], TOKENIZERS)
    if lowercase:
        text = text.lower()
    if tokenizer == "13a":
        text = _tokenizer_13a()(text)
    return text.split()


def ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    """Counts of the order-``n`` n-grams of a token list."""
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


SPLITS = ("auto", "newline", "nupunkt")


def split_sentences(text: str, how: str = "auto") -> list[str]:
    """Sentences for ROUGE-Lsum, which reads one sentence per line.

    ``newline``: the text's own lines. ``nupunkt``: the pipeline's sentence service
    (:mod:`pipeline.sentences`: nupunkt inside layout paragraphs, the segment stage's
    sentences). ``auto``: the lines when there are several, else the service — Lsum
    silently equals ROUGE-L on a one-line text, so a summary written as one paragraph
    must be split before scoring.
    """
    require_known("sentence split", [how], SPLITS)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if how == "newline" or (how == "auto" and len(lines) > 1):
        return lines
    from ...sentences import split_sentences as sentence_spans

    return [text[a:b] for a, b in sentence_spans(text)]
