"""Novel n-gram ratio (See et al. 2017): the share of a summary's n-grams, counted with
repeats, that never occur in its source — how abstractive the summary is, and with
facts unsupported, a warning sign. Words are lowercased; punctuation is ignored. The
mean is over items whose summary has n-grams of that order."""

import evaluate

from pipeline.metrics.common import features, metric_info, module_signature
from pipeline.metrics.core.lexical import corpus_novel_ngrams

_ORDERS = (1, 2, 3)

_CITATION = """\
@inproceedings{see-etal-2017-get,
  title = {Get To The Point: Summarization with Pointer-Generator Networks},
  author = {See, Abigail and Liu, Peter J. and Manning, Christopher D.},
  booktitle = {Proceedings of ACL 2017}, pages = {1073--1083}, year = {2017}
}
"""

_INPUTS = """
Args:
    sources: the documents, one string per item.
    predictions: the summaries, one string per item.
    orders: the n-gram orders to report (default 1, 2 and 3).
Returns:
    novel_1gram, novel_2gram, ... (0-1, None when no item has n-grams of that order), item_scores, signature.
"""


class NovelNgrams(evaluate.Metric):
    def _info(self):
        return metric_info(
            __doc__, _CITATION, _INPUTS, features(sources="text", predictions="text"),
            ["https://aclanthology.org/P17-1099"],
        )

    def _compute(self, sources, predictions, orders=_ORDERS, **kwargs):
        result = corpus_novel_ngrams(sources, predictions, orders)
        options = {"n": list(orders), "tok": "words-lc", "count": "tokens"}
        return {**result, "signature": module_signature("novel_ngrams", options, [], kwargs)}
