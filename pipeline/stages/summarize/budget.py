"""Word budgets: a summary holds whole sentences only, and no more words than the config allows.

The HF summarisation pipeline's best-known fault is a summary cut mid-sentence at the
token limit; here generated text is split into sentences, an unfinished last sentence
is dropped, and sentences are kept in order while they fit the budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...sentences import split_sentences

_SENTENCE_CLOSED = re.compile(r"[.!?][\"'”’)\]]*$")
# Chat models decorate answers: "**Summary:**", "Title: ...", "- item", "1. item".
_DECORATION = re.compile(r"^\s*(?:#+\s*|\*\*[^*]{0,40}\*\*:?\s*|(?:summary|brief|news brief|title|headline)\s*:\s*|[-*•]\s+|\d+[.)]\s+)", re.I)
_HEADING_ONLY = re.compile(r"^\s*(?:\*\*[^*]+\*\*|#+.*|(?:summary|brief|news brief)\s*:?)\s*$", re.I)


@dataclass(frozen=True)
class WordBudget:
    min_words: int
    max_words: int

    def split(self, sizes: list[int], floor: int) -> list["WordBudget"]:
        """Shares in proportion to ``sizes`` that add up to at most this budget, none below
        ``floor`` words (unless the budget cannot give every part that many)."""
        total = sum(sizes) or 1
        spare = max(0, self.max_words - floor * len(sizes))
        shares = []
        for size in sizes:
            high = floor + spare * size // total
            shares.append(WordBudget(min(high, max(1, round(self.min_words * size / total))), high))
        return shares


def is_closed(sentence: str) -> bool:
    """Ends on a full stop, an exclamation or question mark (a quote or bracket may follow)."""
    return _SENTENCE_CLOSED.search(sentence.rstrip()) is not None


def count_words(text: str) -> int:
    return len(text.split())


def generated_sentences(text: str) -> list[str]:
    """Prose sentences of a model's answer: decoration removed, an unfinished last sentence dropped."""
    lines = [_DECORATION.sub("", line).strip() for line in text.splitlines() if not _HEADING_ONLY.match(line)]
    prose = " ".join(line for line in lines if line)
    sentences = [prose[a:b] for a, b in split_sentences(prose)]
    if sentences and not is_closed(sentences[-1]):
        sentences.pop()
    return sentences


def fit_sentences(sentences: list[str], budget: WordBudget) -> list[str]:
    """Sentences in order while they fit ``budget.max_words`` (the first one is always kept)."""
    kept, words = [], 0
    for sentence in sentences:
        n = count_words(sentence)
        if kept and words + n > budget.max_words:
            break
        kept.append(sentence)
        words += n
    return kept
