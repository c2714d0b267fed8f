"""Key figures table against a gold table: row recall and precision (are the rows real figures),
measure accuracy (does a row say what its figure measures: content-stem F1 >= ``min_f1`` with the
gold wording or an accepted one) and period accuracy (does it give the gold period, by value).
Rows align by figure text in reading order. Each a mean over items (a bulletin counts once), with
the pooled rates beside as ``*_micro``; 0-1."""

import evaluate

from pipeline.metrics.common import features, metric_info, module_signature
from pipeline.metrics.core.keyfigures import corpus_key_figure_accuracy

_CITATION = ""

_INPUTS = """
Args:
    pred_figures: each item's table, one JSON object per row ({"figure", "measure", "period"}).
    gold_figures: each item's gold rows, one JSON object per figure ({"figure", "measure", "also", "period"}),
        as in data/gold/keyfigures.jsonl.
    min_f1: least content-stem F1 at which a measure is right (default 0.5).
Returns:
    row_recall, row_precision, measure_accuracy, period_accuracy (means over items; ``*_micro``: pooled),
    item_scores (each per item),
    errors and extra (per item: wrong rows, rows the gold does not have), signature.
"""


class KeyFigures(evaluate.Metric):
    def _info(self):
        return metric_info(__doc__, _CITATION, _INPUTS, features(pred_figures="texts", gold_figures="texts"))

    def _compute(self, pred_figures, gold_figures, min_f1=0.5, **kwargs):
        result = corpus_key_figure_accuracy(pred_figures, gold_figures, min_f1)
        options = {"align": "figure-in-order", "measure": f"stem-f1>={min_f1}+unspecified-empty", "period": "value"}
        return {**result, "signature": module_signature("key_figures", options, ["snowballstemmer"], kwargs)}
