"""Per-item values the bootstrap resamples, for metrics that are not a mean of item scores.

A mean metric (Pk, ROUGE, SARI) resamples its ``item_scores``. A corpus metric is
recomputed from summed per-item sufficient statistics on every resample, as
sacrebleu's own ``--paired-bs`` does: n-gram counts for BLEU/chrF/TER (taken from
sacrebleu itself, so the interval is around the same number), true/false
positive counts for micro-averaged precision/recall/F.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from ..metrics.core.counting import prf
from ..metrics.core.mt import reference_streams

Statistic = Callable[[np.ndarray], float]


@dataclass
class ItemValues:
    """What one score resamples: a value (or a row of counts) per item, and how to pool them."""

    ids: list[str]
    values: np.ndarray  # shape (n,) for mean metrics, (n, k) for sufficient statistics
    statistic: Statistic | None = None  # None: the mean of ``values``

    def subset(self, ids: Sequence[str]) -> "ItemValues":
        where = {i: k for k, i in enumerate(self.ids)}
        return ItemValues(list(ids), self.values[[where[i] for i in ids]], self.statistic)


def defined_items(ids: Sequence[str], scores: Sequence[float | None]) -> ItemValues:
    """Item scores with undefined ones (None: no facts, no n-grams, empty summary) left out."""
    kept = [(i, s) for i, s in zip(ids, scores) if s is not None]
    return ItemValues([i for i, _ in kept], np.array([s for _, s in kept], dtype=float))


def sacrebleu_items(name: str, ids: Sequence[str], outputs: Sequence[str],
                    references: Sequence[Sequence[str]]) -> ItemValues:
    """Per-segment sufficient statistics of BLEU, chrF or TER (sacrebleu defaults, as the
    ``sacrebleu_scores`` module uses) and the function that scores summed statistics."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    scorer = {"bleu": BLEU, "chrf": CHRF, "ter": TER}[name]()
    stats = np.array(scorer._extract_corpus_statistics(list(outputs), reference_streams(references)), dtype=float)

    def statistic(rows: np.ndarray) -> float:
        return float(scorer._compute_score_from_stats(rows.sum(axis=0)).score)

    return ItemValues(list(ids), stats, statistic)


def gleu_items(ids: Sequence[str], sources: Sequence[str], outputs: Sequence[str],
               references: Sequence[str]) -> ItemValues:
    """Per-sentence GLEU statistics (the ``gleu`` module's defaults: 13a tokens, mixed case)."""
    from ..metrics.core.gleu import gleu_from_stats, gleu_stats
    from ..metrics.core.text import tokenize

    stats = [gleu_stats(tokenize(s), tokenize(o), tokenize(r)) for s, o, r in zip(sources, outputs, references)]

    def statistic(rows: np.ndarray) -> float:
        return gleu_from_stats([int(x) for x in rows.sum(axis=0)])

    return ItemValues(list(ids), np.array(stats, dtype=float).reshape(len(ids), -1), statistic)


def count_items(ids: Sequence[str], counts: Sequence[dict[str, int]], prefix: str, field: str,
                beta: float) -> ItemValues:
    """Per-item ``{prefix}tp/fp/fn`` counts pooled into micro precision, recall or F-beta."""
    rows = np.array([[c[f"{prefix}tp"], c[f"{prefix}fp"], c[f"{prefix}fn"]] for c in counts], dtype=float)

    def statistic(block: np.ndarray) -> float:
        tp, fp, fn = block.sum(axis=0)
        return prf(int(tp), int(fp), int(fn), beta)[field]

    return ItemValues(list(ids), rows.reshape(len(ids), 3), statistic)


def ratio_items(ids: Sequence[str], numerators: Sequence[int], denominators: Sequence[int]) -> ItemValues:
    """A share pooled over items (sum of numerators over sum of denominators); items with a
    zero denominator have nothing to share out and are left out."""
    rows = [(i, n, d) for i, n, d in zip(ids, numerators, denominators) if d]

    def statistic(block: np.ndarray) -> float:
        return float(block[:, 0].sum() / block[:, 1].sum())

    return ItemValues([i for i, _, _ in rows], np.array([[n, d] for _, n, d in rows], dtype=float).reshape(-1, 2),
                      statistic)


def median_items(ids: Sequence[str], values: Sequence[float]) -> ItemValues:
    """Per-item measurements summarised by their median (robust to a first item that loads models)."""
    return ItemValues(list(ids), np.array(values, dtype=float), lambda block: float(np.median(block)))

