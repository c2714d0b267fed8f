"""Bootstrap confidence intervals and paired significance, as sacrebleu's ``--paired-bs``.

Items are resampled with replacement; a corpus statistic is recomputed on each
resample. The statistic defaults to the mean of per-item scores; a corpus metric
that is not a mean (BLEU from summed n-gram counts, micro-averaged F) passes its own
function over an array of per-item sufficient statistics.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

RESAMPLES = 1000  # Koehn (2004) and sacrebleu's paired-bs default
CONFIDENCE = 0.95
SEED = 13  # the pipeline's runtime seed, so a rerun gives the same interval

Statistic = Callable[[np.ndarray], float]


@dataclass(frozen=True)
class Interval:
    score: float  # the statistic on all items
    low: float
    high: float
    confidence: float

    def to_dict(self) -> dict[str, float]:
        return {"score": self.score, "low": self.low, "high": self.high, "confidence": self.confidence}


@dataclass(frozen=True)
class PairedResult:
    system: Interval
    baseline: Interval
    difference: float  # system minus baseline, on all items
    p_value: float  # chance of a difference this large if the systems were equally good

    def to_dict(self) -> dict[str, object]:
        return {"system": self.system.to_dict(), "baseline": self.baseline.to_dict(),
                "difference": self.difference, "p_value": self.p_value}


def _items(scores: Sequence[float] | np.ndarray) -> np.ndarray:
    items = np.asarray(scores, dtype=float)
    if len(items) == 0:
        raise ValueError("bootstrap needs at least one item")
    if np.isnan(items).any():
        raise ValueError("per-item scores contain NaN/None: drop undefined items before resampling")
    return items


def _whole(items: np.ndarray, statistic: Statistic | None) -> float:
    if statistic is None:
        if items.ndim != 1:
            raise ValueError("per-item statistics with several columns need a statistic function")
        return float(items.mean())
    return float(statistic(items))


def _resampled(items: np.ndarray, indices: np.ndarray, statistic: Statistic | None) -> np.ndarray:
    """The statistic on every resample (vectorised for the default mean)."""
    if statistic is None:
        return items[indices].mean(axis=1)
    return np.array([statistic(items[row]) for row in indices])


def _interval(whole: float, samples: np.ndarray, confidence: float) -> Interval:
    tail = (1 - confidence) / 2
    low, high = np.quantile(samples, [tail, 1 - tail])
    return Interval(float(whole), float(low), float(high), confidence)


def _indices(n: int, resamples: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, n, size=(resamples, n))


def bootstrap_ci(scores: Sequence[float] | np.ndarray, statistic: Statistic | None = None,
                 resamples: int = RESAMPLES, confidence: float = CONFIDENCE, seed: int = SEED) -> Interval:
    """Percentile interval of the statistic over ``resamples`` seeded resamples of the items."""
    items = _items(scores)
    whole = _whole(items, statistic)
    return _interval(whole, _resampled(items, _indices(len(items), resamples, seed), statistic), confidence)


def paired_bootstrap(system: Sequence[float] | np.ndarray, baseline: Sequence[float] | np.ndarray,
                     statistic: Statistic | None = None, resamples: int = RESAMPLES,
                     confidence: float = CONFIDENCE, seed: int = SEED) -> PairedResult:
    """Paired bootstrap test (Koehn 2004) as sacrebleu computes it: both systems are scored on
    the same resamples; the p-value is the share of resampled differences, centred on their
    mean, at least as large as the observed one (+1 smoothing, as sacrebleu). "At least"
    (>=) where sacrebleu counts "larger" (>): with >, a system compared with itself gets
    p = 1/(resamples + 1) and would pass for significantly different; with >= it gets 1."""
    sys_items, base_items = _items(system), _items(baseline)
    if sys_items.shape != base_items.shape:
        raise ValueError(f"paired bootstrap needs the same items: {sys_items.shape} vs {base_items.shape}")
    sys_whole, base_whole = _whole(sys_items, statistic), _whole(base_items, statistic)
    indices = _indices(len(sys_items), resamples, seed)
    sys_samples = _resampled(sys_items, indices, statistic)
    base_samples = _resampled(base_items, indices, statistic)
    observed = sys_whole - base_whole
    spread = np.abs(sys_samples - base_samples)
    exceed = int(np.sum(spread - spread.mean() >= abs(observed)))
    return PairedResult(
        system=_interval(sys_whole, sys_samples, confidence),
        baseline=_interval(base_whole, base_samples, confidence),
        difference=observed,
        p_value=(exceed + 1) / (resamples + 1),
    )
