"""Review a draft summary sentence by sentence against the source's facts.

A sentence with an unsupported fact (a figure, date, period or name the source does not
state, or states with another period or subject) is regenerated with the problem stated,
up to ``retries`` times, then dropped if it still fails. Every check of every attempt
goes into the document: kept sentences carry theirs, dropped ones are listed in
``summary.stats["dropped"]``.
"""

from __future__ import annotations

from typing import Any, Callable

from ...document import Document, Summary, SummarySentence
from ...facts import FactCheck, SourceFacts, SupportRules
from ...facts.attribution import AttributionRules, SourceAgents
from .support import SupportFinder


class SentenceChecker:
    """Every check a summary sentence must pass: its facts with their attachment (period,
    subject) and, when enabled, who did what (the agents of held / said / decided / issued)."""

    def __init__(self, doc: Document, rules: SupportRules, attribution: dict[str, Any]) -> None:
        spans = [(s.start, s.end) for s in doc.sentences]
        # the pipeline's paragraphs and their kinds (a heading's period governs its section)
        layout = [(p.start, p.end, getattr(p, "kind", "body")) for p in doc.paragraphs] or None
        self.facts = SourceFacts(doc.cleaned, spans, rules, layout, doc.lead_ins())
        self.agents = (
            SourceAgents([doc.cleaned[a:b] for a, b in spans], AttributionRules(attribution["min_agent_overlap"]))
            if attribution["enabled"]
            else None
        )

    def check_sentence(self, text: str) -> list[FactCheck]:
        checks = self.facts.check_sentence(text)
        return checks + (self.agents.check(text) if self.agents else [])

Reviser = Callable[[str, str, str], str]  # (sentence, problem, evidence) -> corrected sentence


def review(draft: Summary, facts: SourceFacts | SentenceChecker, support: SupportFinder, reviser: Reviser | None, retries: int) -> Summary:
    kept: list[SummarySentence] = []
    dropped: list[dict[str, Any]] = []
    revised = 0
    for sentence in draft.sentences:
        text, log = sentence.text, []
        checks = facts.check_sentence(text)
        log.extend(_logged(checks, 0, text))
        attempt = 0
        while _failures(checks) and reviser is not None and attempt < retries:
            attempt += 1
            problem = "; ".join(c.reason for c in _failures(checks))
            text = reviser(text, problem, support.evidence(text, checks))
            checks = facts.check_sentence(text) if text else []
            log.extend(_logged(checks, attempt, text))
            if not text:
                break
        if not text or _failures(checks):
            dropped.append({"text": sentence.text, "last_attempt": text, "checks": log})
            continue
        revised += attempt > 0
        kept.append(SummarySentence(text, support=sentence.support or support.for_sentence(text, checks), checks=log))
    stats = {**draft.stats, "revised": revised, "dropped": dropped}
    return Summary(" ".join(s.text for s in kept), kept, draft.method, draft.model, draft.plan, stats, draft.format)


def _failures(checks: list[FactCheck]) -> list[FactCheck]:
    return [c for c in checks if not c.supported]


def _logged(checks: list[FactCheck], attempt: int, text: str) -> list[dict[str, Any]]:
    if not text:
        return [{"attempt": attempt, "supported": False, "reason": "the model gave no sentence"}]
    return [{"attempt": attempt, **c.to_dict()} for c in checks]
