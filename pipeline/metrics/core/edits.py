"""Edit-level precision, recall and F-beta for the clean stage (M2/ERRANT-style, on spans).

An edit is a source span ``[start, end)`` and its replacement text. Detection asks
"did the system touch the place a gold edit touches?"; correction asks also "and
write the same thing there?". Each is scored with its own maximum one-to-one
matching, so one long predicted edit cannot claim several gold edits.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any, Iterable, Mapping, Sequence

from .counting import max_matching, prf
from .validation import require_aligned, require_known

MATCH_MODES = ("overlap", "exact")
# Changes at most this many words apart are one edit when re-extracted from an output.
MERGE_GAP_WORDS = 2


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


def diff_edits(source: str, target: str) -> list[dict[str, Any]]:
    """Edits turning ``source`` into ``target`` from a word-level diff (words, punctuation and
    whitespace runs are the clean stage's tokens): how the gold edits were derived from the
    hand reference, and how any output is compared with them on the same terms (as ERRANT
    re-extracts GEC edits). Changes at most ``MERGE_GAP_WORDS`` words apart are one edit, so a
    rephrased term ("the strengthening of X chains" -> "efforts to fill gaps in X chains") is
    not scored as five one-word edits."""
    from ...stages.clean.rules import TOKEN

    a, b = TOKEN.findall(source), TOKEN.findall(target)
    offsets = [0]
    for tok in a:
        offsets.append(offsets[-1] + len(tok))
    changes: list[list[int]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if changes:
            last = changes[-1]
            if _mergeable(a[last[1] : i1], a[last[0] : last[1]] + b[last[2] : last[3]], a[i1:i2] + b[j1:j2]):
                last[1], last[3] = i2, j2
                continue
        changes.append([i1, i2, j1, j2])
    return [{"start": offsets[i1], "end": offsets[i2], "after": "".join(b[j1:j2])} for i1, i2, j1, j2 in changes]


def _mergeable(gap: list[str], left: list[str], right: list[str]) -> bool:
    """Two word changes a few words apart in one sentence; layout changes (line breaks) stay apart."""
    if any("\n" in t for t in gap + left + right) or any(t in ".!?" for t in gap):
        return False
    return sum(bool(re.match(r"\w", t)) for t in gap) <= MERGE_GAP_WORDS
