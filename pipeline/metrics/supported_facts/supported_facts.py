"""Supported-facts rate: the share of a summary's facts — figures, percents, money, dates,
periods ("January to July"), ordinals, names — that its source states with the same
attachment: a figure must keep its period and its subject, so a January-to-July figure
moved to "the first half" or given to another indicator is unsupported although the
number occurs in the source. Checked by :mod:`pipeline.facts`. Reference-free; 0-1;
None when no summary states a fact."""

from dataclasses import asdict

import evaluate

from pipeline.facts import ALL_KINDS, SupportRules
from pipeline.metrics.common import features, metric_info, module_signature, read_lead_ins
from pipeline.metrics.core.faithfulness import corpus_supported_facts

_CITATION = ""

_INPUTS = """
Args:
    sources: the documents, one string per item.
    predictions: the summaries, one string per item.
    kinds: fact kinds to count (default all: number, percent, points, money, date, period, ordinal, entity).
    min_subject_overlap, rounding_needs_hedge, inherit_period: the attachment rules
        (defaults: pipeline.facts.SupportRules).
    lead_ins: optional, per item a JSON list of [start, first_sub, end] source offsets: sections whose
        lead-in ("since the beginning of this year, ...") dates the sub-sections it introduces, as the
        segment stage read them (absent or []: only paragraphs and headings carry a period).
Returns:
    supported_rate (all facts pooled), supported_rate_macro (mean over items with facts),
    supported, facts, item_scores, signature.
"""


class SupportedFacts(evaluate.Metric):
    def _info(self):
        return metric_info(__doc__, _CITATION, _INPUTS, features(sources="text", predictions="text"))

    def _compute(self, sources, predictions, kinds=ALL_KINDS, lead_ins=None, **kwargs):
        rules = SupportRules(**{k: kwargs[k] for k in asdict(SupportRules()) if k in kwargs})
        scopes, periods = read_lead_ins(lead_ins)
        result = corpus_supported_facts(sources, predictions, kinds, rules, scopes)
        options = {"kinds": list(kinds), "period_scopes": periods, **asdict(rules)}
        return {**result, "signature": module_signature("supported_facts", options, ["snowballstemmer"], kwargs)}
