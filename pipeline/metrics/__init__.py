"""Evaluate modules for every stage, loadable offline by path (no hub metric loads offline).

Each ``<name>/<name>.py`` is an ``evaluate.Metric`` wrapping a plain function from
:mod:`pipeline.metrics.core`; every result carries a sacrebleu-style ``signature``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
    "rouge",
    "supported_facts",
    "novel_ngrams",
    "compression",
)


def metric_path(name: str) -> str:
    """The folder ``evaluate.load`` takes for one of :data:`METRICS`."""
    if name not in METRICS:
        raise ConfigError(f"unknown metric {name!r}; allowed: {', '.join(METRICS)}")
    return str(METRICS_DIR / name)


def load_metric(name: str, **kwargs: Any) -> Any:
    """``evaluate.load`` by path; evaluate is imported here, not at import time (it costs ~6 s)."""
    import evaluate

    return evaluate.load(metric_path(name), **kwargs)
