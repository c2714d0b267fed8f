"""Nugget recall (pyramid-style): does a briefing carry the facts a briefing must carry?

A nugget (a fact a gold writer listed, with its figure, period and weight) counts when one
briefing sentence matches it by embedding similarity *and* states its figure (same value) with
its period (same value; the period may stand in the sentence before, as briefings front a period
once). A sentence that names the right topic with the wrong figure, or the right figure for the
wrong period, does not count: ROUGE would give it most of the credit.
"""

from __future__ import annotations

import math
import re
from typing import Any, Callable, Sequence

from ...facts import NUMERIC_KINDS, extract_facts
from ...facts.text import content_stems
from ...sentences import split_sentences

Encode = Callable[[Sequence[str]], Any]  # texts -> L2-normalised vectors (rows)


def _figure_values(figure: str) -> list[float]:
    return [f.amount for f in extract_facts(figure, NUMERIC_KINDS) if f.amount is not None]


def carries_figure(sentence: str, figure: str | None) -> bool:
    """The sentence states the figure's (first) value; a figure the extractor cannot read must occur as written."""
    if not figure:
        return True
    wanted = _figure_values(figure)
    if not wanted:
        return figure.lower() in sentence.lower()
    stated = [f for f in extract_facts(sentence, NUMERIC_KINDS) if f.amount is not None]
    return any(math.isclose(wanted[0], f.amount, rel_tol=1e-9) or (f.qualifier and abs(wanted[0] - f.amount) <= f.resolution / 2)
               for f in stated)


def _period_facts(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.value) for f in extract_facts(text, ("period", "date"))]


def _same_time(want: tuple[str, str], have: tuple[str, str]) -> bool:
    if want[0] != have[0]:
        return False
    if want[0] == "date":  # every part the nugget states must be stated
        return all(w.strip("?") == "" or w == h for w, h in zip(want[1].split("-"), have[1].split("-")))
    return want[1] == have[1]


def carries_period(text: str, period: str | None) -> bool:
    """``text`` states the nugget's period (by value: "January-July" = "from January to July");
    a period the extractor cannot read ("the 11th") must share its content words."""
    if not period:
        return True
    wanted = _period_facts(period)
    if not wanted:
        words = content_stems(period)
        return not words or words <= content_stems(text) or period.lower() in text.lower()
    have = _period_facts(text)
    return any(_same_time(wanted[0], h) for h in have)


def nugget_recall(briefing: str, nuggets: Sequence[dict[str, Any]], encode: Encode, threshold: float = 0.5) -> dict[str, Any]:
    """Weighted share of ``nuggets`` (dicts with ``text``, ``figure``, ``period``, ``weight``) the briefing carries."""
    sentences = [briefing[a:b] for a, b in split_sentences(briefing)] if briefing.strip() else []
    if not nuggets:
        return {"nugget_recall": None, "matched": [], "weight": 0}
    matched: list[int] = []
    if sentences:
        s_vecs = encode(sentences)
        n_vecs = encode([n["text"] for n in nuggets])
        sims = n_vecs @ s_vecs.T
        for k, nugget in enumerate(nuggets):
            for j in sorted(range(len(sentences)), key=lambda j: -sims[k, j]):
                if sims[k, j] < threshold:
                    break
                context = " ".join(sentences[max(0, j - 1) : j + 1])
                if carries_figure(sentences[j], nugget.get("figure")) and carries_period(context, nugget.get("period")):
                    matched.append(k)
                    break
    total = sum(int(n.get("weight", 1)) for n in nuggets)
    got = sum(int(nuggets[k].get("weight", 1)) for k in matched)
    return {
        "nugget_recall": got / total if total else None,
        "nugget_recall_unweighted": len(matched) / len(nuggets),
        "matched": matched,
        "weight": total,
    }


def corpus_nugget_recall(briefings: Sequence[str], nuggets: Sequence[Sequence[dict[str, Any]]], encode: Encode,
                         threshold: float = 0.5) -> dict[str, Any]:
    """Mean recall over items (each item's weighted recall), and each item's score."""
    if len(briefings) != len(nuggets):
        raise ValueError(f"briefings ({len(briefings)}) and nugget lists ({len(nuggets)}) differ in length")
    items = [nugget_recall(b, n, encode, threshold) for b, n in zip(briefings, nuggets)]
    scores = [i["nugget_recall"] for i in items]
    defined = [s for s in scores if s is not None]
    return {
        "nugget_recall": sum(defined) / len(defined) if defined else None,
        "nugget_recall_unweighted": (sum(i["nugget_recall_unweighted"] for i in items if i["nugget_recall"] is not None) / len(defined))
        if defined else None,
        "item_scores": scores,
        "matched": [i["matched"] for i in items],
    }


def lede_restatements(briefing: Sequence[str], lede: Sequence[str], encode: Encode, threshold: float = 0.75) -> int:
    """Briefing sentences after the first that restate the source's lede (cosine to one of its
    sentences at least ``threshold``): the headline tells the event once; later sentences should
    tell what the bulletin reports and decides."""
    rest = list(briefing[1:])
    if not rest or not lede:
        return 0
    sims = encode(rest) @ encode(list(lede)).T
    return int((sims.max(axis=1) >= threshold).sum())
