"""Compression: source words per summary word (higher is shorter), and the summary's length
in words. Words are ``\\w+`` runs that keep inner ".,'-" (so "3.5" is one word). Empty
summaries have no ratio: they are counted apart and left out of the mean."""

import evaluate

from pipeline.metrics.common import features, metric_info, module_signature
from pipeline.metrics.core.lexical import corpus_compression

_CITATION = """\
@inproceedings{grusky-etal-2018-newsroom,
  title = {Newsroom: A Dataset of 1.3 Million Summaries with Diverse Extractive Strategies},
  author = {Grusky, Max and Naaman, Mor and Artzi, Yoav},
  booktitle = {Proceedings of NAACL-HLT 2018}, pages = {708--719}, year = {2018}
}
"""

_INPUTS = """
Args:
    sources: the documents, one string per item.
    predictions: the summaries, one string per item.
Returns:
    compression (mean ratio), summary_words (mean length), empty_summaries, item_scores, signature.
"""


class Compression(evaluate.Metric):
    def _info(self):
        return metric_info(
            __doc__, _CITATION, _INPUTS, features(sources="text", predictions="text"),
            ["https://aclanthology.org/N18-1065"],
        )

    def _compute(self, sources, predictions, **kwargs):
        result = corpus_compression(sources, predictions)
        return {**result, "signature": module_signature("compression", {"tok": "words"}, [], kwargs)}
