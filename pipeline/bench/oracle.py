"""The nugget oracle: the best briefing an extract of the source could be, found with the gold.

Summarisation papers report an extractive oracle (Nallapati et al. 2017: the source sentences
that maximise ROUGE against the reference) as the ceiling of any sentence-picking system. Here
the measure is nugget recall, so the oracle picks, within the default word budget, the source
sentences (as the extract step states them: list markers gone, an inherited period in front, a
long sentence cut to its head and its clauses with figures)
that carry the most gold nugget weight: budgeted maximum coverage, solved exactly (a 0-1 program),
with each sentence's nuggets judged by the ``nugget_recall`` metric itself.

It reads the gold, so it is a ceiling to compare against, never a system. When it stays
below a target at the budget, the target asks for compression (fewer words per fact), not for
better picking.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Callable, Sequence

from ..config import load_config
from ..document import Document, Summary, SummarySentence
from ..metrics.core.nuggets import nugget_recall
from ..stages.summarize.budget import count_words
from ..stages.summarize.compress import compress
from ..stages.summarize.context import stated_sentences
from ..stages.summarize.selection import has_figure

ORACLE_METHOD = "mmr"  # the pipeline run that yields the stated sentences (cheap: no generator)


@lru_cache(maxsize=1)
def _pipeline():
    from ..pipeline import Pipeline

    return Pipeline.from_config(None, overrides={"components": {"summarize": {"method": ORACLE_METHOD}}})


@lru_cache(maxsize=1)
def _encoder():
    from ..embeddings import Encoder

    return Encoder("all-MiniLM-L6-v2", load_config(None)["runtime"]["threads"])


def default_room() -> tuple[int, int]:
    """The default config's most words for a briefing and its sentence cut (``compress_words``):
    the oracle gets exactly the room and the sentence forms the systems get."""
    summarize = load_config(None)["components"]["summarize"]
    return int(summarize["words"]["max"]), int(summarize["selection"]["compress_words"])


def best_cover(covers: Sequence[set[int]], costs: Sequence[int], weights: Sequence[float], budget: int) -> list[int]:
    """Indices of the items whose union of ``covers`` carries the most weight within ``budget``,
    in index order: budgeted maximum coverage, solved exactly as a 0-1 program (HiGHS through
    scipy; a bulletin has at most a few hundred sentences and a dozen nuggets). Among optima, the
    fewest words."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    n, m = len(covers), len(weights)
    if not n or not m:
        return []
    # variables: x_i (sentence i taken), then z_k (nugget k carried)
    tie = 1e-6 / (sum(costs) + 1)  # a word costs less than any nugget's weight
    c = np.concatenate([np.asarray(costs, float) * tie, -np.asarray(weights, float)])
    rows = [np.concatenate([np.asarray(costs, float), np.zeros(m)])]
    lower, upper = [-np.inf], [float(budget)]
    for k in range(m):  # z_k <= sum of x_i over the sentences that carry nugget k
        row = np.zeros(n + m)
        row[n + k] = 1.0
        for i, cover in enumerate(covers):
            if k in cover:
                row[i] = -1.0
        rows.append(row)
        lower.append(-np.inf)
        upper.append(0.0)
    result = milp(c, constraints=LinearConstraint(np.array(rows), lower, upper),
                  integrality=np.ones(n + m), bounds=Bounds(0, 1))
    if result.x is None:
        return []
    return [i for i in range(n) if result.x[i] > 0.5]


def oracle_briefing(doc: Document, nuggets: Sequence[dict[str, Any]], budget: int, encode: Callable,
                    compress_words: int = 0) -> list[SummarySentence]:
    """The oracle's briefing of a document the pipeline read (sentences, sections, key figures),
    each sentence stated and cut as the extract step states and cuts it."""
    sentences = stated_sentences(doc, list(range(len(doc.sentences))))
    for sentence in sentences:
        sentence.text = compress(sentence.text, compress_words, has_figure)
    covers = [set(nugget_recall(s.text, nuggets, encode)["matched"]) for s in sentences]
    picked = best_cover(covers, [count_words(s.text) for s in sentences], [float(n.get("weight", 1)) for n in nuggets], budget)
    return [sentences[i] for i in picked]


def nugget_oracle(text: str, item: dict[str, Any]) -> Document:
    """Bench baseline ``nugget-oracle``: the oracle briefing of an item with gold nuggets, in the
    document the pipeline made of it (so its periods are read with the same section scopes)."""
    nuggets = [json.loads(n) if isinstance(n, str) else n for n in item.get("nuggets") or []]
    doc = _pipeline()(text)
    budget, compress_words = default_room()
    chosen = oracle_briefing(doc, nuggets, budget, _encoder().encode, compress_words) if nuggets else []
    doc.summary = Summary(text=" ".join(s.text for s in chosen), method="oracle", model="gold nuggets", sentences=chosen)
    return doc
