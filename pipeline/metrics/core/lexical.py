"""Reference-free summary shape: length, compression and how much of it is new wording.

Words are lowercased :data:`text.WORD` matches, so punctuation neither lengthens a
summary nor counts as a novel n-gram.
"""

from __future__ import annotations

from typing import Any, Sequence

from .counting import mean, mean_of_defined
from .text import ngrams, words
from .validation import require_aligned


def novel_ngram_ratio(source: str, summary: str, n: int) -> float | None:
    """Share of the summary's order-``n`` n-grams (counted with repeats) absent from the
    source, as in See et al. (2017); None when the summary has no n-gram of that order."""
    seen = ngrams(words(source), n)
    grams = ngrams(words(summary), n)
    total = sum(grams.values())
    if not total:
        return None
    return sum(c for g, c in grams.items() if g not in seen) / total


def compression(source: str, summary: str) -> float | None:
    """Source words per summary word; None for an empty summary, which compresses nothing."""
    length = len(words(summary))
    return len(words(source)) / length if length else None


def corpus_novel_ngrams(sources: Sequence[str], summaries: Sequence[str], orders: Sequence[int]) -> dict[str, Any]:
    """Mean novel n-gram ratio per order over items that have n-grams of that order."""
    require_aligned(sources=sources, summaries=summaries)
    if any(n < 1 for n in orders):
        raise ValueError(f"n-gram orders must be at least 1, got {list(orders)}")
    per_order = {f"novel_{n}gram": [novel_ngram_ratio(s, p, n) for s, p in zip(sources, summaries)] for n in orders}
    return {**{k: mean_of_defined(v) for k, v in per_order.items()}, "item_scores": per_order}


def corpus_compression(sources: Sequence[str], summaries: Sequence[str]) -> dict[str, Any]:
    """Mean compression ratio over non-empty summaries, and mean summary length in words."""
    require_aligned(sources=sources, summaries=summaries)
    ratios = [compression(s, p) for s, p in zip(sources, summaries)]
    lengths = [len(words(p)) for p in summaries]
    return {
        "compression": mean_of_defined(ratios),
        "summary_words": mean(lengths) if lengths else None,
        "empty_summaries": sum(r is None for r in ratios),
        "item_scores": ratios,
    }
