"""Reference-free checks of one document, one function per stage it went through.

Each returns ``{check_name: {values..., "signature": ...}}`` and computes with the
same functions the evaluate modules wrap (:mod:`pipeline.metrics.core`), so a number
under ``scores`` and a benchmark's number mean the same thing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from ...document import Document, Summary
from ...errors import ConfigError
from ...metrics.core.faithfulness import count_checks, numbers_preserved
from ...metrics.core.lexical import compression, novel_ngram_ratio
from ...metrics.core.text import words
from ...metrics.signature import signature

Check = dict[str, Any]


def model_of(doc: Document, stage: str) -> dict[str, str]:
    """The model behind a stage's output: ``doc.meta["models"][stage]`` (name, sha256) when the
    stage recorded it, else the summary's own model name; a name with a model card gets the
    file hash the card records (the one the model store checks the file against)."""
    recorded = dict(doc.meta.get("models", {}).get(stage, {}))
    if stage == "summarize" and doc.summary is not None and doc.summary.model:
        recorded.setdefault("name", doc.summary.model)
    if recorded.get("name") and not recorded.get("sha256"):
        recorded["sha256"] = _card_sha256(recorded["name"])
    return recorded


def _card_sha256(name: str) -> str:
    from ...backends.cards import load_card

    try:
        return load_card(name).source.sha256
    except ConfigError:  # a model without a card (a path, a test fixture): no hash to state
        return ""


def _sign(metric: str, options: dict[str, Any], model: dict[str, str], packages: tuple[str, ...] = ()) -> str:
    if model.get("encoder"):
        options = {**options, "encoder": model["encoder"]}
    return signature(metric, options, packages, model.get("name"), model.get("sha256"))


def clean_checks(doc: Document) -> dict[str, Check]:
    """How much cleaning changed, by which rules, and whether every figure survived."""
    model = model_of(doc, "clean")
    by_rule = Counter(e.rule for e in doc.edits)
    touched = sum(max(len(e.before), len(e.after)) for e in doc.edits)
    return {
        "edits": {
            "total": len(doc.edits),
            "by_rule": dict(sorted(by_rule.items())),
            "signature": _sign("edits", {"count": "final-rule"}, model),
        },
        "numbers_preserved": {
            **numbers_preserved(doc.source, doc.cleaned),
            "signature": _sign("numbers_preserved", {"facts": "pipeline.facts", "against": "source"}, model),
        },
        "chars_changed": {
            "ratio": touched / len(doc.source) if doc.source else 0.0,
            "signature": _sign("chars_changed", {"per": "source-char", "edit": "max(before,after)"}, model),
        },
    }


def segment_checks(doc: Document) -> dict[str, Check]:
    """How the text was divided: sections by level and kind, and their size in sentences."""
    by_level: Counter[int] = Counter(s.level for s in doc.sections)
    by_kind: Counter[str] = Counter(s.kind for s in doc.sections)
    lengths: dict[int, list[int]] = defaultdict(list)
    for s in doc.sections:
        lengths[s.level].append(sum(s.start <= t.start and t.end <= s.end for t in doc.sentences))
    return {
        "sections": {
            "total": len(doc.sections),
            "sentences": len(doc.sentences),
            "by_level": {str(k): v for k, v in sorted(by_level.items())},
            "by_kind": dict(sorted(by_kind.items())),
            "mean_sentences_by_level": {str(k): sum(v) / len(v) for k, v in sorted(lengths.items())},
            "signature": _sign("sections", {"units": "sentences"}, model_of(doc, "segment")),
        }
    }


def recorded_checks(summary: Summary, fact_kinds: list[str]) -> list[dict[str, Any]]:
    """The fact checks the summarize stage recorded on each sentence it kept (those of the
    sentence's last attempt), of the kinds asked for: the verdicts the stage acted on, so
    the score and the briefing never disagree, and nothing is checked twice."""
    wanted = set(fact_kinds)
    out = []
    for sentence in summary.sentences:
        last = max((c.get("attempt", 0) for c in sentence.checks), default=0)
        out += [c for c in sentence.checks if c.get("attempt", 0) == last and c.get("kind") in wanted]
    return out


def summary_checks(doc: Document, novel_ngram_orders: list[int], fact_kinds: list[str]) -> dict[str, Check]:
    """Is the briefing faithful (the facts its sentences were checked for), how short, how abstractive."""
    assert doc.summary is not None
    model = model_of(doc, "summarize")
    source, summary = doc.cleaned, doc.summary.text
    facts = count_checks(recorded_checks(doc.summary, fact_kinds))
    if summary.strip() and not doc.summary.sentences:
        facts["note"] = "no recorded checks: the summary was not written by the summarize stage"
    fact_options = {"kinds": fact_kinds, "checks": "recorded-by-summarize", "against": "cleaned"}
    return {
        "supported_facts": {**facts, "signature": _sign("supported_facts", fact_options, model, ("nltk",))},
        "length": {"words": len(words(summary)), "signature": _sign("length", {"tok": "words"}, model)},
        "compression": {"ratio": compression(source, summary), "signature": _sign("compression", {"tok": "words"}, model)},
        "novel_ngrams": {
            **{f"novel_{n}gram": novel_ngram_ratio(source, summary, n) for n in novel_ngram_orders},
            "signature": _sign("novel_ngrams", {"n": novel_ngram_orders, "tok": "words-lc", "count": "tokens"}, model),
        },
    }
