"""Precision/recall/F-beta and one-to-one matching, shared by the edit and boundary metrics."""

from __future__ import annotations

from typing import Callable, Sequence


def prf(tp: int, fp: int, fn: int, beta: float) -> dict[str, float]:
    """Precision, recall and F-beta from counts.

    Follows the M2 scorer and ERRANT: with nothing proposed precision is 1, with
    nothing to find recall is 1, so an empty output on an empty gold scores 1.
    """
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    b2 = beta * beta
    denom = b2 * precision + recall
    f = (1 + b2) * precision * recall / denom if denom else 0.0
    return {"precision": precision, "recall": recall, "f": f}


def max_matching(n_left: int, n_right: int, allowed: Callable[[int, int], bool]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching of left to right items (scipy's Hopcroft-Karp).

    Greedy matching can strand an item whose only partner was taken by a neighbour
    that had another choice; a maximum matching never does, so counts are the best possible.
    """
    if not n_left or not n_right:
        return []
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import maximum_bipartite_matching

    graph = csr_matrix([[1 if allowed(i, j) else 0 for j in range(n_right)] for i in range(n_left)])
    partner = maximum_bipartite_matching(graph, perm_type="column")  # per left item, its right item or -1
    return [(i, int(j)) for i, j in enumerate(partner) if j >= 0]


def mean(values: Sequence[float]) -> float:
    """Arithmetic mean; an empty list is an error a caller must not hide."""
    if not values:
        raise ValueError("mean of no values")
    return sum(values) / len(values)


def mean_of_defined(values: Sequence[float | None]) -> float | None:
    """Mean over the items where a score is defined (None: no facts, no n-grams, empty
    summary); None when no item has one. Undefined is not zero: averaging it in would
    reward or punish an item for having nothing to score."""
    defined = [v for v in values if v is not None]
    return mean(defined) if defined else None
