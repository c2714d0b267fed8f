"""Section agreement: of the gold sections a predicted section matches (same first unit and
level), the share with the gold kind (``kind_agreement``); of the matched gold sections
whose title is their own heading, the share whose predicted title is that heading
(``heading_titles``, whitespace and case aside); and the share of gold sections matched.
Counts are pooled over documents."""

import evaluate

from pipeline.metrics.common import features, metric_info, module_signature
from pipeline.metrics.core.segmentation import corpus_section_agreement

_CITATION = ""

_INPUTS = """
Args:
    predictions: per document, the predicted sections as {unit, level, kind, title}; title
        only where the section is titled by its own heading, else "".
    references: per document, the gold sections in the same form; title only where the
        gold title is the section's heading.
    units: what a unit is, for the signature only (default "sentences").
Returns:
    kind_agreement, heading_titles, matched_share, the counts they pool (sections, matched,
    kind_agreed, headings, headings_titled), item_scores (each document's kind agreement), signature.
"""


class SectionAgreement(evaluate.Metric):
    def _info(self):
        return metric_info(__doc__, _CITATION, _INPUTS, features(predictions="sections", references="sections"))

    def _compute(self, predictions, references, units="sentences", **kwargs):
        result = corpus_section_agreement(references, predictions)
        options = {"match": "unit+level", "title": "heading,ws+case", "units": units}
        return {**result, "signature": module_signature("section_agreement", options, [], kwargs)}
