"""How much of a corpus a cleaner touched: the share of items whose output differs."""

from __future__ import annotations

from typing import Sequence

from .validation import require_aligned


def changed(source: str, output: str, ignore_whitespace: bool = True) -> bool:
    """Did the output change the text? Re-spacing alone is no change when ``ignore_whitespace``."""
    if ignore_whitespace:
        return source.split() != output.split()
    return source != output


def sentences_changed(sources: Sequence[str], outputs: Sequence[str], ignore_whitespace: bool = True) -> dict:
    """Share of (source, output) items that changed. Each item is one unit, as gold pairs are
    aligned item by item: re-splitting both sides into sentences would need an alignment
    that a merge or split of sentences makes ambiguous."""
    require_aligned(sources=sources, outputs=outputs)
    flags = [changed(s, o, ignore_whitespace) for s, o in zip(sources, outputs)]
    return {
        "changed_rate": sum(flags) / len(flags) if flags else 0.0,
        "changed": sum(flags),
        "total": len(flags),
        "item_scores": [float(f) for f in flags],
    }
