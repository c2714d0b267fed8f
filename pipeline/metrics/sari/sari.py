"""SARI (Xu et al. 2016) for text simplification and rewriting: the mean over n = 1..4 of
keep F1, deletion precision and addition F1 against the source and the references.
The Hugging Face ``sari`` formulation (tensor2tensor's, with the corrected keep recall
and 0/0 = 1); texts are lowercased and sacrebleu-13a-tokenised. Scale 0-100."""

import evaluate

from pipeline.metrics.common import features, metric_info, module_signature, reference_lists
from pipeline.metrics.core.sari import MAX_N, corpus_sari

_CITATION = """\
@article{xu-etal-2016-optimizing,
  title = {Optimizing Statistical Machine Translation for Text Simplification},
  author = {Xu, Wei and Napoles, Courtney and Pavlick, Ellie and Chen, Quanze and Callison-Burch, Chris},
  journal = {Transactions of the Association for Computational Linguistics},
  volume = {4}, pages = {401--415}, year = {2016}
}
"""

_INPUTS = """
Args:
    sources: the input texts, one string per item.
    predictions: the system outputs, one string per item.
    references: one reference string, or a list of them, per item.
    tokenize: "13a" (default) or "none" (whitespace, for pre-tokenised text).
    lowercase: compare lowercased text (default True).
Returns:
    sari, keep, delete, add (0-100), item_scores (each item's SARI), signature.
Example:
    >>> sari.compute(sources=["About 95 species are currently accepted."],
    ...              predictions=["About 95 you now get in."],
    ...              references=[["About 95 species are currently known.",
    ...                           "About 95 species are now accepted.", "95 species are now accepted."]])["sari"]
    26.953601953601954
"""


class Sari(evaluate.Metric):
    def _info(self):
        return metric_info(
            __doc__, _CITATION, _INPUTS, features(sources="text", predictions="text", references="texts"),
            ["https://aclanthology.org/Q16-1029"],
        )

    def _compute(self, sources, predictions, references, tokenize="13a", lowercase=True, **kwargs):
        result = corpus_sari(sources, predictions, reference_lists(references), tokenize, lowercase)
        options = {"n": MAX_N, "tok": tokenize, "case": "lc" if lowercase else "mixed"}
        return {**result, "signature": module_signature("sari", options, ["sacrebleu"], kwargs)}
