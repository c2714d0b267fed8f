"""Scores with their signatures, confidence intervals and paired p-values.

Every number goes through a ``pipeline.metrics`` evaluate module (its result carries the
metric's signature); the per-item values beside it feed the seeded bootstrap of
:mod:`pipeline.metrics.bootstrap`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..metrics import load_metric
from ..metrics.signature import signature
from .statistics import ItemValues
from .tasks import Inputs, ScoreSpec


@dataclass
class Score:
    spec: ScoreSpec
    value: float | None  # the module's corpus number; None when undefined (no facts in any summary)
    items: ItemValues
    signature: str
    metric_signature: str = ""  # the underlying package's own (sacrebleu's), where it has one


@dataclass(frozen=True)
class BootstrapSettings:
    resamples: int
    confidence: float
    seed: int
    min_items: int  # fewer shared items than this: no p-value (resampling a handful of items tests nothing)


class Scorer:
    """Loads each metric module once per run and computes scores grouped by module call."""

    def __init__(self) -> None:
        self._modules: dict[str, Any] = {}

    def module(self, name: str) -> Any:
        if name not in self._modules:
            self._modules[name] = load_metric(name)
        return self._modules[name]

    def score(self, specs: list[ScoreSpec], ids: list[str], inputs: Inputs,
              provenance: dict[str, str]) -> tuple[list[Score], list[str]]:
        """Scores for the specs the inputs allow, and a note for each one skipped.
        ``provenance`` (model, model_sha256) goes into every signature."""
        results: dict[tuple, dict[str, Any]] = {}
        scores, notes = [], []
        for spec in specs:
            missing = [name for _, name in spec.args if name not in inputs]
            if missing:
                notes.append(f"{spec.label}: skipped, the items have no {', '.join(spec.needs) or ', '.join(missing)}")
                continue
            if not spec.module:
                scores.append(measured(spec, ids, inputs, provenance))
                continue
            group = spec.compute_group()
            if group not in results:
                args = {param: inputs[name] for param, name in spec.args}
                results[group] = self.module(spec.module).compute(**args, **dict(spec.options), **provenance)
            result = results[group]
            scores.append(Score(spec, _number(result.get(spec.key)), spec.items(spec, ids, inputs, result),
                                result["signature"], result.get(f"{spec.key}_signature", "")))
        return scores, notes


def measured(spec: ScoreSpec, ids: list[str], inputs: Inputs, provenance: dict[str, str]) -> Score:
    """A number the bench measured itself (stage seconds): the statistic of its item values."""
    items = spec.items(spec, ids, inputs, {})
    value = float(items.statistic(items.values)) if items.statistic else float(items.values.mean())
    options = {name: value for name, value in spec.options}
    return Score(spec, value, items, signature(spec.key, options, (), provenance.get("model"),
                                               provenance.get("model_sha256")))


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def interval(score: Score, settings: BootstrapSettings) -> tuple[float, float] | None:
    """The score's bootstrap interval, or None when it has no defined item."""
    if not score.items.ids:
        return None
    return score.items.interval(settings.resamples, settings.confidence, settings.seed)


def p_value(score: Score, baseline: Score, settings: BootstrapSettings) -> float | None:
    """Paired bootstrap p-value on the items both systems have a value for (a system run on a
    subset, such as the generator, is compared on that subset)."""
    theirs = set(baseline.items.ids)
    shared = [i for i in score.items.ids if i in theirs]
    if len(shared) < settings.min_items:
        return None
    return score.items.subset(shared).paired_p(baseline.items.subset(shared), settings.resamples,
                                               settings.confidence, settings.seed)
