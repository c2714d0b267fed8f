"""Per-item values the bootstrap resamples, for metrics that are not a mean of item scores.

A mean metric (Pk, ROUGE, SARI) resamples its ``item_scores``. A corpus metric is
recomputed from summed per-item sufficient statistics on every resample: true/false
positive counts for micro-averaged precision/recall/F, GLEU's n-gram counts. BLEU, chrF
and TER go through sacrebleu's own public paired bootstrap (``sacrebleu.significance.
PairedTest``, as ``sacrebleu --paired-bs`` runs it), so their intervals and p-values are
sacrebleu's, seeded by the bench's seed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from ..metrics.bootstrap import bootstrap_ci, paired_bootstrap
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

    def interval(self, resamples: int, confidence: float, seed: int) -> tuple[float, float]:
        """The percentile bootstrap interval of the statistic."""
        ci = bootstrap_ci(self.values, self.statistic, resamples, confidence, seed)
        return ci.low, ci.high

    def paired_p(self, baseline: "ItemValues", resamples: int, confidence: float, seed: int) -> float:
        """Paired bootstrap p-value against ``baseline`` on the same items, in the same order."""
        return paired_bootstrap(self.values, baseline.values, self.statistic, resamples, confidence, seed).p_value


@dataclass
class SacrebleuItems(ItemValues):
    """BLEU, chrF or TER of per-item outputs against references: intervals and p-values from
    sacrebleu's public paired bootstrap, which reports a 95% interval (``mean +- ci``) whatever
    the bench's confidence, seeded with the bench's seed (``SACREBLEU_SEED``)."""

    metric: str = "chrf"
    outputs: list[str] = field(default_factory=list)
    references: list[list[str]] = field(default_factory=list)

    def subset(self, ids: Sequence[str]) -> "SacrebleuItems":
        where = {i: k for k, i in enumerate(self.ids)}
        keep = [where[i] for i in ids]
        return SacrebleuItems(list(ids), self.values[keep], None, self.metric,
                              [self.outputs[k] for k in keep], [self.references[k] for k in keep])

    def interval(self, resamples: int, confidence: float, seed: int) -> tuple[float, float]:
        result = self._paired_test([self.outputs], resamples, seed)[0]
        return float(result.mean - result.ci), float(result.mean + result.ci)

    def paired_p(self, baseline: "ItemValues", resamples: int, confidence: float, seed: int) -> float:
        if not isinstance(baseline, SacrebleuItems):  # corpus BLEU needs both systems' outputs, not item values
            raise TypeError(f"a {self.metric} p-value needs the baseline's outputs too, got {type(baseline).__name__}")
        return float(self._paired_test([baseline.outputs, self.outputs], resamples, seed)[1].p_value)

    def _paired_test(self, systems: list[list[str]], resamples: int, seed: int) -> list[Any]:
        """sacrebleu's ``PairedTest`` (paired bootstrap) over ``systems``, the first the baseline."""
        from sacrebleu.significance import PairedTest

        scorer = sacrebleu_scorer(self.metric)
        named = [(f"system{k}", outputs) for k, outputs in enumerate(systems)]
        saved = os.environ.get("SACREBLEU_SEED")
        os.environ["SACREBLEU_SEED"] = str(seed)  # sacrebleu's documented way to seed its resampling
        try:
            _, scores = PairedTest(named, {self.metric: scorer}, reference_streams(self.references), test_type="bs",
                                   n_samples=resamples)()
        finally:
            if saved is None:
                os.environ.pop("SACREBLEU_SEED", None)
            else:
                os.environ["SACREBLEU_SEED"] = saved
        return next(v for k, v in scores.items() if k != "System")


def defined_items(ids: Sequence[str], scores: Sequence[float | None]) -> ItemValues:
    """Item scores with undefined ones (None: no facts, no n-grams, empty summary) left out."""
    kept = [(i, s) for i, s in zip(ids, scores) if s is not None]
    return ItemValues([i for i, _ in kept], np.array([s for _, s in kept], dtype=float))


def sacrebleu_scorer(name: str, sentence_level: bool = False) -> Any:
    """sacrebleu's scorer for ``bleu``, ``chrf`` or ``ter`` with its defaults (BLEU scored per
    sentence takes effective order, as sacrebleu recommends)."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    if name == "bleu":
        return BLEU(effective_order=sentence_level)
    return {"chrf": CHRF, "ter": TER}[name]()


def sacrebleu_items(name: str, ids: Sequence[str], outputs: Sequence[str],
                    references: Sequence[Sequence[str]]) -> SacrebleuItems:
    """BLEU, chrF or TER per item (sentence-level, BLEU with effective order), with what
    sacrebleu's paired bootstrap needs (sacrebleu defaults, as the ``sacrebleu_scores`` module uses)."""
    scorer = sacrebleu_scorer(name, sentence_level=True)
    refs = [list(r) for r in references]
    values = np.array([scorer.sentence_score(o, r).score for o, r in zip(outputs, refs)], dtype=float)
    return SacrebleuItems(list(ids), values, None, name, list(outputs), refs)


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

