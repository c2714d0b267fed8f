"""Evaluate modules for every stage, loadable offline by path (no hub metric loads offline).

Each ``<name>/<name>.py`` is an ``evaluate.Metric`` wrapping a plain function from
:mod:`pipeline.metrics.core`; every result carries a sacrebleu-style ``signature``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import registry
from ..errors import ConfigError

METRICS_DIR = Path(__file__).resolve().parent
METRICS = (
    "edit_prf",
    "sari",
    "gleu",
    "sacrebleu_scores",
    "sentences_changed",
    "pk",
    "windowdiff",
    "boundary_f1",
    "section_agreement",
    "rouge",
    "supported_facts",
    "nugget_recall",
    "key_figures",
    "briefing_checks",
    "novel_ngrams",
    "compression",
)


for _name in METRICS:  # the package's own; plugins add theirs (group mtbrief.metrics: a path evaluate.load takes)
    registry.metrics.register(_name, str(METRICS_DIR / _name))


def metric_path(name: str) -> str:
    """The folder (or module path) ``evaluate.load`` takes for a registered metric."""
    if name not in registry.metrics:
        raise ConfigError(f"unknown metric {name!r}; allowed: {', '.join(registry.metrics)}")
    return str(registry.metrics[name])


def load_metric(name: str, **kwargs: Any) -> Any:
    """``evaluate.load`` by path; evaluate is imported here, not at import time (it costs ~6 s)."""
    import evaluate

    return evaluate.load(metric_path(name), **kwargs)
