"""Are the output's facts the source's? Supported-facts rate for summaries, numbers
preserved for cleaning — both read facts with :mod:`pipeline.facts`, the same checker
the summarise stage uses, so a score and the stage's own checks never disagree."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from ...facts import ALL_KINDS, NUMERIC_KINDS, SupportRules, check_text, extract_facts, lost_facts

from .counting import mean_of_defined
from .validation import require_aligned


def _rate(part: int, whole: int) -> float | None:
    """A share, or None when there is nothing to share out (no facts is not a perfect score)."""
    return part / whole if whole else None


def supported_facts(source: str, summary: str, kinds: Iterable[str] = ALL_KINDS, rules: SupportRules | None = None,
                    sentences: Iterable[tuple[int, int]] | None = None,
                    lead_ins: Iterable[tuple[int, int, int]] = ()) -> dict[str, Any]:
    """How many of the summary's facts the source states with the same attachment (a figure
    with its period and subject), overall and per kind; ``unsupported`` lists the failures.
    ``lead_ins``: as :func:`pipeline.facts.check_text` takes them."""
    wanted = set(kinds)
    checks = check_text(summary, source, sentences, rules, [tuple(x) for x in lead_ins])
    return count_checks([c.to_dict() for c in checks if c.fact.kind in wanted])


def count_checks(checks: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Fact checks (``FactCheck.to_dict()``: kind, supported, ...) counted overall and per kind:
    the form of :func:`supported_facts`, for checks made here or recorded by the summarize stage."""
    by_kind: dict[str, dict[str, int]] = {}
    for c in checks:
        counts = by_kind.setdefault(str(c["kind"]), {"facts": 0, "supported": 0})
        counts["facts"] += 1
        counts["supported"] += bool(c["supported"])
    supported = sum(bool(c["supported"]) for c in checks)
    return {
        "supported_rate": _rate(supported, len(checks)),
        "supported": supported,
        "facts": len(checks),
        "by_kind": by_kind,
        "unsupported": [dict(c) for c in checks if not c["supported"]],
    }


def corpus_supported_facts(sources: Sequence[str], summaries: Sequence[str], kinds: Iterable[str] = ALL_KINDS,
                           rules: SupportRules | None = None,
                           lead_ins: Sequence[Sequence[Sequence[int]]] | None = None) -> dict[str, Any]:
    """Micro rate (all facts pooled) and macro rate (mean of items that state any fact);
    ``lead_ins`` per item, as :func:`supported_facts` takes them."""
    lead_ins = [() for _ in sources] if lead_ins is None else lead_ins
    require_aligned(sources=sources, summaries=summaries, lead_ins=lead_ins)
    kinds = tuple(kinds)
    items = [supported_facts(s, p, kinds, rules, lead_ins=li) for s, p, li in zip(sources, summaries, lead_ins)]
    rates = [i["supported_rate"] for i in items]
    supported, facts = sum(i["supported"] for i in items), sum(i["facts"] for i in items)
    return {
        "supported_rate": _rate(supported, facts),
        "supported_rate_macro": mean_of_defined(rates),
        "supported": supported,
        "facts": facts,
        "item_scores": rates,
    }


def numbers_preserved(source: str, output: str, kinds: Iterable[str] = NUMERIC_KINDS) -> dict[str, Any]:
    """Share of the source's figures that the output still states (as often); ``lost`` names
    the others. A cleaner should never change a figure."""
    kinds = tuple(kinds)
    total = len(extract_facts(source, kinds))
    lost = lost_facts(source, output, kinds)
    return {
        "numbers_preserved": _rate(total - len(lost), total),
        "numbers": total,
        "lost": [f.to_dict() for f in lost],
    }
