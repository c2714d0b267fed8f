"""WindowDiff (Pevzner & Hearst 2002): the share of windows of ``k`` units in which the
hypothesis has a different number of boundaries than the reference (``weighted``: the
mean difference in counts). Lower is better. ``k`` defaults to half the mean reference
segment length, per document; ``nltk.metrics.segmentation.windowdiff`` scores each
document; the score is the mean over documents."""

import evaluate

from pipeline.metrics.common import features, metric_info, module_signature
from pipeline.metrics.core.segmentation import SEGMENTATION_INPUTS, corpus_window_metric

_CITATION = """\
@article{pevzner-hearst-2002-critique,
  title = {A Critique and Improvement of an Evaluation Metric for Text Segmentation},
  author = {Pevzner, Lev and Hearst, Marti A.},
  journal = {Computational Linguistics}, volume = {28}, number = {1}, pages = {19--36}, year = {2002}
}
"""

_INPUTS = SEGMENTATION_INPUTS + """    k: window size in units (default: half the mean reference segment length, per document).
    weighted: count the size of each window's disagreement, not just whether there is one (default False).
Returns:
    windowdiff (mean over documents), item_scores, signature.
"""


class Windowdiff(evaluate.Metric):
    def _info(self):
        return metric_info(__doc__, _CITATION, _INPUTS, features(predictions="ints", references="ints"))

    def _compute(self, predictions, references, k=None, input_format="labels", units="sentences", weighted=False,
                 **kwargs):
        result = corpus_window_metric("windowdiff", references, predictions, k, input_format, weighted)
        options = {"k": k or "auto", "units": units, "input": input_format, "weighted": weighted}
        return {**result, "signature": module_signature("windowdiff", options, ["nltk"], kwargs)}
