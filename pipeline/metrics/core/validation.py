"""Input checks every metric repeats: aligned columns and known option values."""

from __future__ import annotations

from typing import Iterable, Sequence, Sized


def require_aligned(**columns: Sized) -> None:
    """Raise unless every column has one entry per item: scores over misaligned lists are
    silently wrong, and zip would hide it."""
    lengths = {name: len(column) for name, column in columns.items()}
    if len(set(lengths.values())) > 1:
        counts = ", ".join(f"{name} {n}" for name, n in lengths.items())
        raise ValueError(f"inputs must have one entry per item; got {counts}")


def require_known(what: str, values: Iterable[object], allowed: Sequence[object]) -> None:
    """Raise naming the first value not in ``allowed`` and listing what is."""
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValueError(f"unknown {what} {unknown[0]!r}; allowed: {', '.join(map(str, allowed))}")
