"""Key figures table against a gold table: are the rows real figures, and do they say what each
figure measures and when?

A gold row gives a figure as written, what it measures (with accepted other wordings) and its
period. Rows align by figure text in reading order (the k-th "3.5%" with the k-th). A measure is
right when its content stems overlap the gold's (or an accepted wording's) at F1 >= ``min_f1``:
"added value of industrial enterprises above designated size" for "industrial value added" is
right, "tons" for "output of pork, beef, mutton and poultry" is not; where the gold says the source
leaves it "unspecified", only a row with no measure is right. A period is right when the
row states the gold period by value ("From January to September" = "January to September"), or
both give none.
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any, Sequence

from ...facts.text import content_stems
from .nuggets import carries_period


# A gold measure that starts so says the source never names what the figure measures (a subject the
# translation lost): the right row names nothing, where another clause's words would only share some.
UNSPECIFIED = "unspecified"


def _key(figure: str) -> str:
    return " ".join(figure.lower().replace(",", "").split())


def stem_f1(a: str, b: str) -> float:
    x, y = content_stems(a), content_stems(b)
    common = len(x & y)
    return 2 * common / (len(x) + len(y)) if common else 0.0


def key_figure_accuracy(rows: Sequence[Any], gold: Sequence[dict[str, Any]], min_f1: float = 0.5) -> dict[str, Any]:
    """``rows``: the table (objects with ``figure``, ``measure``, ``period``); ``gold``: dicts with
    ``figure``, ``measure``, optional ``also`` (other wordings) and ``period`` (None: none)."""
    used: set[int] = set()
    found = measure = period = 0
    errors: list[dict[str, Any]] = []
    for g in gold:
        k = next((k for k, r in enumerate(rows) if k not in used and _key(r.figure) == _key(g["figure"])), None)
        if k is None:  # "nearly 1.8 trillion yuan" written as "1.8 trillion yuan"
            k = next((k for k, r in enumerate(rows) if k not in used and (_key(r.figure) in _key(g["figure"]) or _key(g["figure"]) in _key(r.figure))), None)
        if k is None:
            errors.append({"figure": g["figure"], "missing": True})
            continue
        used.add(k)
        row = rows[k]
        found += 1
        if g["measure"].lower().startswith(UNSPECIFIED):  # the source does not say what it measures
            ok_measure = not content_stems(row.measure)
        else:
            ok_measure = max(stem_f1(row.measure, m) for m in [g["measure"], *g.get("also", [])]) >= min_f1
        ok_period = bool(row.period) and carries_period(row.period, g["period"]) if g.get("period") else not row.period
        measure += ok_measure
        period += ok_period
        if not (ok_measure and ok_period):
            errors.append({"figure": row.figure, "measure": row.measure, "period": row.period,
                           "gold_measure": g["measure"], "gold_period": g.get("period")})
    extra = [rows[k].figure for k in range(len(rows)) if k not in used]
    return {
        "rows": len(rows), "gold": len(gold), "found": found,
        "row_recall": found / len(gold) if gold else None,
        "row_precision": found / len(rows) if rows else None,
        "measure_accuracy": measure / found if found else None,
        "period_accuracy": period / found if found else None,
        "measure_right": measure, "period_right": period, "extra": extra, "errors": errors,
    }


def corpus_key_figure_accuracy(predicted: Sequence[Sequence[Any]], gold: Sequence[Sequence[Any]],
                               min_f1: float = 0.5) -> dict[str, Any]:
    """The mean over items of each item's scores (a bulletin counts once, as the bench's bootstrap
    over items assumes), each item's scores, and the pooled (micro) rates as ``*_micro``. Rows and
    gold rows may be dicts or JSON strings (as the bench passes them)."""
    read = lambda x: json.loads(x) if isinstance(x, str) else x  # noqa: E731
    items = [key_figure_accuracy([SimpleNamespace(**read(r)) for r in rows], [read(g) for g in golds], min_f1)
             for rows, golds in zip(predicted, gold)]
    keys = ("row_recall", "row_precision", "measure_accuracy", "period_accuracy")
    mean = lambda xs: sum(xs) / len(xs) if xs else None  # noqa: E731
    found = sum(i["found"] for i in items)
    rows = sum(i["rows"] for i in items)
    golds = sum(i["gold"] for i in items)
    micro = {
        "row_recall_micro": found / golds if golds else None,
        "row_precision_micro": found / rows if rows else None,
        "measure_accuracy_micro": sum(i["measure_right"] for i in items) / found if found else None,
        "period_accuracy_micro": sum(i["period_right"] for i in items) / found if found else None,
    }
    return {
        **{k: mean([i[k] for i in items if i[k] is not None]) for k in keys},
        **micro,
        "item_scores": {k: [i[k] for i in items] for k in keys},
        "errors": [i["errors"] for i in items],
        "extra": [i["extra"] for i in items],
    }
