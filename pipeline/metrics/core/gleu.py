"""GLEU for grammatical error correction (Napoles et al. 2015, revised 2016).

Not Google's sentence GLEU: this one also reads the source, and an output n-gram
that the source has but the reference dropped counts against the output, so
copying the input unchanged is not rewarded. Corpus statistics are summed as in
BLEU. With several references one is drawn per sentence, ``iterations`` times
(seeded as the authors' ``compute_gleu`` script seeds them), and the scores averaged.
"""

from __future__ import annotations

import math
import random
from typing import Sequence

from .counting import mean
from .text import ngrams, tokenize
from .validation import require_aligned

MAX_N = 4
ITERATIONS = 500  # reference draws of the original compute_gleu script


def gleu_stats(source: list[str], output: list[str], reference: list[str], order: int = MAX_N) -> list[int]:
    """``[output_len, ref_len, match_1, total_1, ..., match_n, total_n]`` for one sentence."""
    stats = [len(output), len(reference)]
    for n in range(1, order + 1):
        out, ref, src = ngrams(output, n), ngrams(reference, n), ngrams(source, n)
        dropped = {g: c for g, c in src.items() if g not in ref}  # source n-grams the reference removed
        penalty = sum(min(c, dropped[g]) for g, c in out.items() if g in dropped)
        stats += [max(sum((out & ref).values()) - penalty, 0), max(len(output) + 1 - n, 0)]
    return stats


def gleu_from_stats(stats: Sequence[int], order: int = MAX_N) -> float:
    """BLEU's brevity penalty times the geometric mean of the penalised n-gram precisions."""
    if any(s == 0 for s in stats):
        return 0.0
    out_len, ref_len = stats[0], stats[1]
    log_precision = sum(math.log(m / t) for m, t in zip(stats[2::2], stats[3::2])) / order
    return math.exp(min(0.0, 1 - ref_len / out_len) + log_precision)


def corpus_gleu(sources: Sequence[str], outputs: Sequence[str], references: Sequence[Sequence[str]],
                tokenizer: str = "13a", lowercase: bool = False, iterations: int = ITERATIONS,
                order: int = MAX_N) -> float:
    """Corpus GLEU in [0, 1]; ``iterations`` only matters when items have several references."""
    require_aligned(sources=sources, outputs=outputs, references=references)
    if any(not refs for refs in references):
        raise ValueError("GLEU needs at least one reference per item")

    def toks(text: str) -> list[str]:
        return tokenize(text, tokenizer, lowercase)

    per_ref = [
        [gleu_stats(toks(s), toks(o), toks(r), order) for r in refs]
        for s, o, refs in zip(sources, outputs, references)
    ]
    draws = iterations if any(len(refs) > 1 for refs in references) else 1
    scores = []
    for j in range(draws):
        rng = random.Random(j * 101)  # the authors' seeds, so multi-reference scores match theirs
        totals = [0] * (2 + 2 * order)
        for stats in per_ref:
            chosen = stats[rng.randint(0, len(stats) - 1)]
            totals = [a + b for a, b in zip(totals, chosen)]
        scores.append(gleu_from_stats(totals, order))
    return mean(scores)
