"""Edit-level precision, recall and F-beta (default F0.5, as in GEC) for the clean stage.

Each edit is a source span with its replacement: ``{"start", "end", "after"}``.
Detection: a predicted edit matches a gold edit at the same place (``match="overlap"``,
the default: the spans share a character, or an insertion point touches the other span;
``match="exact"``: the same span). Correction: at the same place and with the same
replacement once whitespace runs are collapsed. Each is a maximum one-to-one matching;
counts are summed over items (micro average), as the M2 scorer and ERRANT do."""

import evaluate

from pipeline.metrics.common import features, metric_info, module_signature
from pipeline.metrics.core.edits import edit_prf

_CITATION = """\
@inproceedings{dahlmeier-ng-2012-better,
  title = {Better Evaluation for Grammatical Error Correction},
  author = {Dahlmeier, Daniel and Ng, Hwee Tou},
  booktitle = {Proceedings of NAACL-HLT 2012}, pages = {568--572}, year = {2012}
}
"""

_INPUTS = """
Args:
    predictions: per item, the system's edits: a list of {"start": int, "end": int, "after": str}
        in source character offsets, exactly these keys (core.edits.span_dicts makes them from
        Document.edits or richer gold records).
    references: per item, the gold edits, same form.
    match: "overlap" (default) or "exact".
    beta: the F-beta weight (default 0.5: precision counts twice as much as recall).
Returns:
    detection_precision/recall/f and correction_precision/recall/f, the counts behind them
    (detection_tp, ..., detected_but_wrong: right place, different replacement), signature.
"""


class EditPrf(evaluate.Metric):
    def _info(self):
        return metric_info(
            __doc__, _CITATION, _INPUTS, features(predictions="edits", references="edits"),
            ["https://aclanthology.org/N12-1067"],
        )

    def _compute(self, predictions, references, match="overlap", beta=0.5, **kwargs):
        result = edit_prf(references, predictions, match, beta)
        options = {"match": match, "beta": beta, "after": "whitespace-collapsed", "avg": "micro"}
        return {**result, "signature": module_signature("edit_prf", options, ["scipy"], kwargs)}
