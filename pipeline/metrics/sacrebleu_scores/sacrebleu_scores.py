"""BLEU, chrF and TER computed by sacrebleu, each reported with sacrebleu's own signature
(``bleu_signature`` etc.) beside mtbrief's. Items may have different numbers of
references (sacrebleu's ``nrefs:var``). Scale 0-100; TER is an error rate (lower is better)."""

import evaluate

from pipeline.metrics.common import features, metric_info, module_signature, reference_lists
from pipeline.metrics.core.mt import MT_METRICS, sacrebleu_scores

_CITATION = """\
@inproceedings{post-2018-call,
  title = {A Call for Clarity in Reporting {BLEU} Scores},
  author = {Post, Matt},
  booktitle = {Proceedings of the Third Conference on Machine Translation}, pages = {186--191}, year = {2018}
}
"""

_INPUTS = """
Args:
    predictions: the system outputs, one string per item.
    references: one reference string, or a list of them, per item.
    metrics: which of "bleu", "chrf", "ter" (default all three).
    lowercase: case-insensitive scores (default False).
    tokenize: BLEU's sacrebleu tokenizer (default "13a").
    chrf_word_order: 0 for chrF (default), 2 for chrF++.
Returns:
    bleu, chrf, ter and bleu_signature, chrf_signature, ter_signature; signature.
"""


class SacrebleuScores(evaluate.Metric):
    def _info(self):
        return metric_info(
            __doc__, _CITATION, _INPUTS, features(predictions="text", references="texts"),
            ["https://aclanthology.org/W18-6319"],
        )

    def _compute(self, predictions, references, metrics=MT_METRICS, lowercase=False, tokenize="13a",
                 chrf_word_order=0, **kwargs):
        result = sacrebleu_scores(predictions, reference_lists(references), metrics, lowercase, tokenize,
                                  chrf_word_order)
        options = {"metrics": list(metrics), "case": "lc" if lowercase else "mixed"}
        return {**result, "signature": module_signature("sacrebleu", options, ["sacrebleu"], kwargs)}
