"""Pk (Beeferman et al. 1999): the probability that two units ``k`` apart are wrongly said
to be in the same or in different segments. Lower is better; 0-1. ``k`` defaults to half
the mean reference segment length, per document. ``nltk.metrics.segmentation.pk`` scores
each document; the score is the mean over documents."""

import evaluate

from pipeline.metrics.common import features, metric_info, module_signature
from pipeline.metrics.core.segmentation import SEGMENTATION_INPUTS, corpus_window_metric

_CITATION = """\
@article{beeferman-etal-1999-statistical,
  title = {Statistical Models for Text Segmentation},
  author = {Beeferman, Doug and Berger, Adam and Lafferty, John},
  journal = {Machine Learning}, volume = {34}, pages = {177--210}, year = {1999}
}
"""

_INPUTS = SEGMENTATION_INPUTS + """    k: window size in units (default: half the mean reference segment length, per document).
Returns:
    pk (mean over documents), item_scores (each document's Pk), signature.
"""


class Pk(evaluate.Metric):
    def _info(self):
        return metric_info(__doc__, _CITATION, _INPUTS, features(predictions="ints", references="ints"))

    def _compute(self, predictions, references, k=None, input_format="labels", units="sentences", **kwargs):
        result = corpus_window_metric("pk", references, predictions, k, input_format)
        options = {"k": k or "auto", "units": units, "input": input_format}
        return {**result, "signature": module_signature("pk", options, ["nltk"], kwargs)}
