"""The share of items a cleaner changed. Each (source, output) pair is one unit, as gold
items are aligned pair by pair; with ``ignore_whitespace`` (default) re-spacing alone is
not a change. A high rate on text that needed little is a sign of over-editing."""

import evaluate

from pipeline.metrics.common import features, metric_info, module_signature
from pipeline.metrics.core.changes import sentences_changed

_CITATION = ""

_INPUTS = """
Args:
    sources: the input texts, one string per item.
    predictions: the outputs, one string per item.
    ignore_whitespace: compare whitespace-separated tokens rather than raw strings (default True).
Returns:
    changed_rate (0-1), changed, total, item_scores (1.0 where the item changed), signature.
"""


class SentencesChanged(evaluate.Metric):
    def _info(self):
        return metric_info(__doc__, _CITATION, _INPUTS, features(sources="text", predictions="text"))

    def _compute(self, sources, predictions, ignore_whitespace=True, **kwargs):
        result = sentences_changed(sources, predictions, ignore_whitespace)
        options = {"unit": "item", "ignore_ws": ignore_whitespace}
        return {**result, "signature": module_signature("sentences_changed", options, [], kwargs)}
