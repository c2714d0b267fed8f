"""GLEU for grammatical error correction (Napoles et al. 2015; revised 2016) — not Google's
sentence GLEU. A BLEU-like corpus score whose n-gram matches are reduced by output
n-grams that the source has and the reference removed, so an unchanged copy of the
input is not rewarded. Several references: one is drawn per sentence, ``iterations``
times with the authors' seeds, and the scores averaged. Scale 0-1."""

import evaluate

from pipeline.metrics.common import features, metric_info, module_signature, reference_lists
from pipeline.metrics.core.gleu import ITERATIONS, MAX_N, corpus_gleu

_CITATION = """\
@inproceedings{napoles-etal-2015-ground,
  title = {Ground Truth for Grammatical Error Correction Metrics},
  author = {Napoles, Courtney and Sakaguchi, Keisuke and Post, Matt and Tetreault, Joel},
  booktitle = {Proceedings of ACL-IJCNLP 2015}, pages = {588--593}, year = {2015}
}
@article{napoles-etal-2016-gleu,
  title = {{GLEU} Without Tuning},
  author = {Napoles, Courtney and Sakaguchi, Keisuke and Post, Matt and Tetreault, Joel},
  journal = {arXiv preprint arXiv:1605.02592}, year = {2016}
}
"""

_INPUTS = """
Args:
    sources: the input texts, one string per item.
    predictions: the corrected texts, one string per item.
    references: one reference string, or a list of them, per item.
    tokenize: "13a" (default) or "none" (whitespace, for pre-tokenised text as the original scorer reads).
    lowercase: compare lowercased text (default False, as the original scorer).
    iterations: reference draws when items have several references (default 500, as the original).
Returns:
    gleu (0-1), signature.
"""


class Gleu(evaluate.Metric):
    def _info(self):
        return metric_info(
            __doc__, _CITATION, _INPUTS, features(sources="text", predictions="text", references="texts"),
            ["https://aclanthology.org/P15-2097", "https://arxiv.org/abs/1605.02592"],
        )

    def _compute(self, sources, predictions, references, tokenize="13a", lowercase=False, iterations=ITERATIONS, **kwargs):
        refs = reference_lists(references)
        score = corpus_gleu(sources, predictions, refs, tokenize, lowercase, iterations)
        options = {"variant": "napoles2016", "n": MAX_N, "tok": tokenize, "case": "lc" if lowercase else "mixed",
                   "draws": iterations if any(len(r) > 1 for r in refs) else 1}
        return {"gleu": score, "signature": module_signature("gleu", options, ["sacrebleu"], kwargs)}
