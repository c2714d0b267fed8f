"""Boundary precision, recall and F1: a predicted boundary is right when it lies within
``tolerance`` units of a reference boundary not already matched (a maximum one-to-one
matching). The end of the document is not a boundary. Counts are summed over documents."""

import evaluate

from pipeline.metrics.common import features, metric_info, module_signature
from pipeline.metrics.core.segmentation import SEGMENTATION_INPUTS, corpus_boundary_f1

_CITATION = ""

_INPUTS = SEGMENTATION_INPUTS + """    tolerance: how many units off a boundary may be and still count (default 1).
Returns:
    boundary_precision, boundary_recall, boundary_f1, tp, fp, fn, item_scores (each document's F1), signature.
"""


class BoundaryF1(evaluate.Metric):
    def _info(self):
        return metric_info(__doc__, _CITATION, _INPUTS, features(predictions="ints", references="ints"))

    def _compute(self, predictions, references, tolerance=1, input_format="labels", units="sentences", **kwargs):
        result = corpus_boundary_f1(references, predictions, tolerance, input_format)
        options = {"tolerance": tolerance, "units": units, "input": input_format, "matching": "one-to-one"}
        return {**result, "signature": module_signature("boundary_f1", options, ["scipy"], kwargs)}
