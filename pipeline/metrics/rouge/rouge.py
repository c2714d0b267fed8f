"""ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum F-measures (0-1) computed by Google's
``rouge_score``: lowercased ``[a-z0-9]+`` tokens, Porter-stemmed when ``use_stemmer``
(default True). Lsum reads one sentence per line, so texts are first put one sentence
per line: by default their own lines when they have several, else the nupunkt Punkt
splitter — without this Lsum silently equals ROUGE-L. With several references an item
scores its best. Scores are means over items."""

import evaluate

from pipeline.metrics.common import features, metric_info, module_signature, reference_lists
from pipeline.metrics.core.rouge import ROUGE_TYPES, rouge_scores

_CITATION = """\
@inproceedings{lin-2004-rouge,
  title = {{ROUGE}: A Package for Automatic Evaluation of Summaries},
  author = {Lin, Chin-Yew},
  booktitle = {Text Summarization Branches Out}, pages = {74--81}, year = {2004}
}
"""

_INPUTS = """
Args:
    predictions: the summaries, one string per item.
    references: one reference summary, or a list of them, per item.
    rouge_types: any of "rouge1", "rouge2", "rougeL", "rougeLsum" (default all).
    use_stemmer: Porter-stem tokens (default True).
    sentence_split: how Lsum's sentences are found: "auto" (default), "newline" or "nupunkt".
Returns:
    one mean F-measure per type, item_scores (per type, each item's F-measure), signature.
"""


class Rouge(evaluate.Metric):
    def _info(self):
        return metric_info(
            __doc__, _CITATION, _INPUTS, features(predictions="text", references="texts"),
            ["https://aclanthology.org/W04-1013", "https://github.com/google-research/google-research/tree/master/rouge"],
        )

    def _compute(self, predictions, references, rouge_types=ROUGE_TYPES, use_stemmer=True, sentence_split="auto",
                 **kwargs):
        result = rouge_scores(predictions, reference_lists(references), rouge_types, use_stemmer, sentence_split)
        options = {
            "types": list(rouge_types),
            "tok": "rouge_score-lc-alnum",
            "stem": "porter" if use_stemmer else "no",
            "lsum_split": sentence_split,
            "agg": "mean-f",
        }
        return {**result, "signature": module_signature("rouge", options, ["rouge_score", "nupunkt"], kwargs)}
