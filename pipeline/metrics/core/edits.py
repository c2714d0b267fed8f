"""Edit-level precision, recall and F-beta for the clean stage (M2/ERRANT-style, on spans).

An edit is a source span ``[start, end)`` and its replacement text. Detection asks
"did the system touch the place a gold edit touches?"; correction asks also "and
write the same thing there?". Each is scored with its own maximum one-to-one
matching, so one long predicted edit cannot claim several gold edits.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any, Iterable, Mapping, Sequence

from .counting import max_matching, prf
from .validation import require_aligned, require_known

MATCH_MODES = ("overlap", "exact")


@dataclass(frozen=True)
class SpanEdit:
    start: int
    end: int
    after: str

    @classmethod
    def of(cls, edit: Mapping[str, Any] | Any) -> "SpanEdit":
        """From a dict (gold JSONL, evaluate input) or anything with start/end/after (``Edit``)."""
        get = edit.get if isinstance(edit, Mapping) else lambda k: getattr(edit, k)
        start, end = int(get("start")), int(get("end"))
        if not 0 <= start <= end:
            raise ValueError(f"edit span [{start}, {end}) is not a valid span")
        return cls(start, end, str(get("after")))


def span_dicts(edits: Iterable[Any]) -> list[dict[str, Any]]:
    """``{"start", "end", "after"}`` only — the evaluate module's input form — from
    ``Document.edits``, ``Document.to_dict()["edits"]`` or gold JSONL edits with more fields."""
    return [asdict(SpanEdit.of(e)) for e in edits]


def _normalise(text: str) -> str:
    """Replacements compare with whitespace runs collapsed: spacing is not a correction."""
    return " ".join(text.split())


def spans_match(a: SpanEdit, b: SpanEdit, mode: str) -> bool:
    """Exact: the same span. Overlap: they share a character, or an insertion point
    (an empty span) lies inside or at the edge of the other."""
    if mode == "exact":
        return (a.start, a.end) == (b.start, b.end)
    if a.start == a.end or b.start == b.end:
        return a.start <= b.end and b.start <= a.end
    return a.start < b.end and b.start < a.end


def edit_counts(gold: Sequence[SpanEdit], predicted: Sequence[SpanEdit], mode: str) -> dict[str, int]:
    """True/false positives and negatives for detection and correction in one text."""
    require_known("match mode", [mode], MATCH_MODES)

    def located(i: int, j: int) -> bool:
        return spans_match(predicted[i], gold[j], mode)

    def corrected(i: int, j: int) -> bool:
        return located(i, j) and _normalise(predicted[i].after) == _normalise(gold[j].after)

    detected = len(max_matching(len(predicted), len(gold), located))
    right = len(max_matching(len(predicted), len(gold), corrected))
    return {
        "detection_tp": detected,
        "detection_fp": len(predicted) - detected,
        "detection_fn": len(gold) - detected,
        "correction_tp": right,
        "correction_fp": len(predicted) - right,
        "correction_fn": len(gold) - right,
        "detected_but_wrong": detected - right,
    }


def edit_prf(
    gold: Sequence[Iterable[Any]], predicted: Sequence[Iterable[Any]], mode: str = "overlap", beta: float = 0.5
) -> dict[str, Any]:
    """Corpus (micro-averaged) detection and correction P/R/F-beta over texts' edit lists."""
    require_aligned(gold=gold, predicted=predicted)
    totals = Counter(edit_counts([], [], mode))  # every key present, even for no texts
    for g, p in zip(gold, predicted):
        totals.update(edit_counts([SpanEdit.of(e) for e in g], [SpanEdit.of(e) for e in p], mode))
    out: dict[str, Any] = dict(totals)
    for level in ("detection", "correction"):
        scores = prf(totals[f"{level}_tp"], totals[f"{level}_fp"], totals[f"{level}_fn"], beta)
        out.update({f"{level}_{k}": v for k, v in scores.items()})
    return out
