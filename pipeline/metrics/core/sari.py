"""SARI (Xu et al. 2016): did the output add, keep and delete the n-grams the references do?

The formulation of Hugging Face's ``sari`` metric and tensor2tensor's ``sari_hook``:
n = 1..4; keep F1 (with the corrected keep recall), deletion precision, addition F1;
0/0 counts as 1 so an output equal to the references scores full marks; texts are
lowercased and 13a-tokenised as EASSE does.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from .counting import mean
from .text import ngrams, tokenize
from .validation import require_aligned

MAX_N = 4  # the paper's n-gram orders 1..4


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0


def _keep(source: Counter, output: Counter, refs: Counter) -> float:
    kept = source & output
    kept_good = kept & refs
    should_keep = source & refs
    precision = sum(kept_good[g] / kept[g] for g in kept_good) / len(kept) if kept else 1.0
    recall = sum(kept_good.values()) / sum(should_keep.values()) if should_keep else 1.0
    return _f1(precision, recall)


def _delete_precision(source: Counter, output: Counter, refs: Counter) -> float:
    deleted = source - output
    deleted_good = deleted - refs
    return sum(deleted_good[g] / deleted[g] for g in deleted_good) / len(deleted) if deleted else 1.0


def _add(source: Counter, output: Counter, refs: Counter) -> float:
    added = set(output) - set(source)
    added_good = added & set(refs)
    should_add = set(refs) - set(source)
    precision = len(added_good) / len(added) if added else 1.0
    recall = len(added_good) / len(should_add) if should_add else 1.0
    return _f1(precision, recall)


def sentence_sari(source: str, output: str, references: Sequence[str], tokenizer: str = "13a",
                  lowercase: bool = True) -> dict[str, float]:
    """SARI of one output, with its keep, delete and add parts, each in [0, 1]."""
    if not references:
        raise ValueError("SARI needs at least one reference per item")

    def toks(text: str) -> list[str]:
        return tokenize(text, tokenizer, lowercase)

    src, out, refs = toks(source), toks(output), [toks(r) for r in references]
    weight = len(refs)  # source and output n-grams count once per reference, as the refs are pooled
    parts: dict[str, list[float]] = {"keep": [], "delete": [], "add": []}
    for n in range(1, MAX_N + 1):
        s = Counter({g: c * weight for g, c in ngrams(src, n).items()})
        o = Counter({g: c * weight for g, c in ngrams(out, n).items()})
        r = sum((ngrams(ref, n) for ref in refs), Counter())
        parts["keep"].append(_keep(s, o, r))
        parts["delete"].append(_delete_precision(s, o, r))
        parts["add"].append(_add(s, o, r))
    scores = {name: mean(values) for name, values in parts.items()}
    scores["sari"] = mean(list(scores.values()))
    return scores


def corpus_sari(sources: Sequence[str], outputs: Sequence[str], references: Sequence[Sequence[str]],
                tokenizer: str = "13a", lowercase: bool = True) -> dict[str, object]:
    """Mean sentence SARI over a corpus, on the 0-100 scale papers report."""
    require_aligned(sources=sources, outputs=outputs, references=references)
    items = [sentence_sari(s, o, r, tokenizer, lowercase) for s, o, r in zip(sources, outputs, references)]
    out: dict[str, object] = {k: 100 * mean([i[k] for i in items]) for k in ("sari", "keep", "delete", "add")}
    out["item_scores"] = [100 * i["sari"] for i in items]
    return out
