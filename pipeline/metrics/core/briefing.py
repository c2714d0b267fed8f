"""Reference-free checks of a briefing against its source: what a reader is misled by.

* unsupported figures: figures (numbers, percents, money, points) the source does not state
  with the same period and subject (:mod:`pipeline.facts`, the check the summarize stage runs);
* attribution errors: "X said / held / decided / grew ..." that the source never states of X
  (:class:`pipeline.facts.attribution.SourceAgents`);
* lede restatements: sentences after the first that say again what the source's lede says
  (its first body paragraph: the paragraph a lede-copying briefing restates).
"""

from __future__ import annotations

from typing import Any, Sequence

from ...facts import NUMERIC_KINDS, SupportRules, check_text
from ...facts.attribution import SourceAgents
from ...sentences import find_paragraphs, split_sentences
from ...structure import BODY, classify
from .nuggets import Encode, lede_restatements
from .validation import require_aligned


def lede_sentences(source: str) -> list[str]:
    """The sentences of the source's first body paragraph (headline, dateline, byline skipped)."""
    body = next((p for p in classify(source, find_paragraphs(source)) if p.kind == BODY), None)
    if body is None:
        return []
    return [source[a:b] for a, b in split_sentences(source, body.start, body.end)]


def briefing_checks(source: str, briefing: str, encode: Encode, rules: SupportRules | None = None,
                    lede_threshold: float = 0.75, lead_ins: Sequence[Sequence[int]] = ()) -> dict[str, Any]:
    """Counts for one briefing: unsupported figures (of how many), attribution errors (with the
    reasons), lede restatements. ``lead_ins``: ``(start, first_sub, end)`` source offsets of sections
    whose lead-in period governs their sub-sections (the segment stage's reading; none: paragraphs
    and headings alone carry a period)."""
    spans = split_sentences(source)
    sentences = [briefing[a:b] for a, b in split_sentences(briefing)] if briefing.strip() else []
    scopes = [(a, m, b) for a, m, b in lead_ins]
    figures = [c for c in check_text(briefing, source, spans, rules, scopes) if c.fact.kind in NUMERIC_KINDS]
    agents = SourceAgents([source[a:b] for a, b in spans])
    wrong = [c for s in sentences for c in agents.check(s) if not c.supported]
    return {
        "figures": len(figures),
        "unsupported_figures": sum(not c.supported for c in figures),
        "attribution_errors": len(wrong),
        "attribution": [c.reason for c in wrong],
        "lede_restatements": lede_restatements(sentences, lede_sentences(source), encode, lede_threshold),
        "sentences": len(sentences),
    }


KEYS = ("unsupported_figures", "attribution_errors", "lede_restatements")


def corpus_briefing_checks(sources: Sequence[str], briefings: Sequence[str], encode: Encode,
                           rules: SupportRules | None = None, lede_threshold: float = 0.75,
                           lead_ins: Sequence[Sequence[Sequence[int]]] | None = None) -> dict[str, Any]:
    """Each count per briefing (mean over items, as the bench's interval resamples it), summed
    (``<key>_total``) and per item (``item_scores[key]``), with the reasons. ``lead_ins``: per item,
    as :func:`briefing_checks` takes them."""
    lead_ins = [() for _ in sources] if lead_ins is None else lead_ins
    require_aligned(sources=sources, briefings=briefings, lead_ins=lead_ins)
    items = [briefing_checks(s, b, encode, rules, lede_threshold, li) for s, b, li in zip(sources, briefings, lead_ins)]
    out: dict[str, Any] = {key: sum(i[key] for i in items) / len(items) if items else None for key in KEYS}
    out.update({f"{key}_total": sum(i[key] for i in items) for key in (*KEYS, "figures", "sentences")})
    out["item_scores"] = {key: [i[key] for i in items] for key in KEYS}
    out["attribution"] = [i["attribution"] for i in items]
    return out
