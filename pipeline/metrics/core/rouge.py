"""ROUGE-1/2/L/Lsum through Google's ``rouge_score``, with Lsum's sentences made explicit.

``rouge_score`` lowercases, keeps only ``[a-z0-9]`` runs as tokens and, with
``use_stemmer``, Porter-stems tokens longer than three letters. Lsum reads one
sentence per line; texts are re-joined one sentence per line (see
:func:`text.split_sentences`) so Lsum never silently collapses to ROUGE-L.
"""

from __future__ import annotations

from typing import Any, Sequence

from .counting import mean
from .text import split_sentences
from .validation import require_aligned, require_known

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")


def rouge_scores(predictions: Sequence[str], references: Sequence[Sequence[str]],
                 rouge_types: Sequence[str] = ROUGE_TYPES, use_stemmer: bool = True,
                 sentence_split: str = "auto") -> dict[str, Any]:
    """Mean F-measure (0-1) of each ROUGE type; with several references an item takes its best."""
    from rouge_score.rouge_scorer import RougeScorer

    require_known("ROUGE type", rouge_types, ROUGE_TYPES)
    require_aligned(predictions=predictions, references=references)

    def lines(text: str) -> str:
        return "\n".join(split_sentences(text, sentence_split))

    scorer = RougeScorer(list(rouge_types), use_stemmer=use_stemmer)
    items = [scorer.score_multi([lines(r) for r in refs], lines(pred)) for pred, refs in zip(predictions, references)]
    per_type = {t: [item[t].fmeasure for item in items] for t in rouge_types}
    return {**{t: mean(v) for t, v in per_type.items()}, "item_scores": per_type}
