"""chrF, BLEU and TER through sacrebleu, each with sacrebleu's own signature."""

from __future__ import annotations

from typing import Any, Sequence

from .validation import require_aligned, require_known

MT_METRICS = ("bleu", "chrf", "ter")


def reference_streams(references: Sequence[Sequence[str]]) -> list[list[str | None]]:
    """sacrebleu wants one stream per reference position; items with fewer references get
    ``None``, which sacrebleu reads as "no reference here" (its ``nrefs:var``)."""
    width = max((len(r) for r in references), default=0)
    return [[refs[k] if k < len(refs) else None for refs in references] for k in range(width)]


def _scorer(name: str, lowercase: bool, tokenize: str, chrf_word_order: int):
    from sacrebleu.metrics import BLEU, CHRF, TER

    if name == "bleu":
        return BLEU(lowercase=lowercase, tokenize=tokenize)
    if name == "chrf":
        return CHRF(lowercase=lowercase, word_order=chrf_word_order)
    return TER(case_sensitive=not lowercase)


def sacrebleu_scores(outputs: Sequence[str], references: Sequence[Sequence[str]],
                     metrics: Sequence[str] = MT_METRICS, lowercase: bool = False, tokenize: str = "13a",
                     chrf_word_order: int = 0) -> dict[str, Any]:
    """Corpus scores (0-100) for each requested metric, plus ``<metric>_signature``."""
    require_known("sacrebleu metric", metrics, MT_METRICS)
    require_aligned(outputs=outputs, references=references)
    streams = reference_streams(references)
    out: dict[str, Any] = {}
    for name in metrics:
        scorer = _scorer(name, lowercase, tokenize, chrf_word_order)
        out[name] = scorer.corpus_score(list(outputs), streams).score
        out[f"{name}_signature"] = str(scorer.get_signature())
    return out
