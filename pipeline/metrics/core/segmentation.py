"""Segmentation metrics: Pk (Beeferman et al. 1999), WindowDiff (Pevzner & Hearst 2002),
boundary F1 with a tolerance.

A segmentation is a list of labels, one per unit (sentence), where 1 marks the last
unit of a segment — NLTK's convention, so the document's last unit is normally 1 —
or a list of segment sizes in units ("masses", e.g. ``[3, 2, 4]``). Pk and WindowDiff are
``nltk.metrics.segmentation``'s; this module adds the input checks, the default window
and the corpus mean.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from .counting import max_matching, mean, prf
from .validation import require_aligned, require_known

INPUT_FORMATS = ("labels", "masses")
SEGMENTATION_INPUTS = """
Args:
    predictions: per document, the system's segmentation: labels (default) or masses.
    references: per document, the gold segmentation, same form and same number of units.
    input_format: "labels" (one 0/1 per unit, 1 on the last unit of a segment) or
        "masses" (segment sizes in units, e.g. [3, 2, 4]).
    units: what a unit is, for the signature only (default "sentences").
"""


def masses_to_labels(masses: Sequence[int]) -> list[int]:
    """``[3, 2]`` -> ``[0, 0, 1, 0, 1]``: a 1 on the last unit of each segment."""
    if any(m <= 0 for m in masses):
        raise ValueError(f"segment sizes must be positive, got {list(masses)}")
    labels: list[int] = []
    for m in masses:
        labels += [0] * (m - 1) + [1]
    return labels


def as_labels(segmentation: Sequence[int], input_format: str = "labels") -> list[int]:
    require_known("input format", [input_format], INPUT_FORMATS)
    if input_format == "masses":
        return masses_to_labels(segmentation)
    labels = [int(x) for x in segmentation]
    if any(x not in (0, 1) for x in labels):
        raise ValueError("boundary labels must be 0 or 1")
    return labels


def default_k(reference: Sequence[int]) -> int:
    """Half the mean reference segment length, at least 1 (equals NLTK's default when the
    last unit is marked; an unmarked last unit still closes a segment here)."""
    segments = sum(reference) + (0 if reference and reference[-1] else 1)
    return max(1, round(len(reference) / segments / 2))


def _same_units(reference: Sequence[int], hypothesis: Sequence[int]) -> None:
    if len(reference) != len(hypothesis):
        raise ValueError(f"segmentations cover different numbers of units: {len(reference)} vs {len(hypothesis)}")


def _check(reference: Sequence[int], hypothesis: Sequence[int], k: int) -> None:
    """NLTK's Pk accepts unequal lengths and a window wider than the text (it divides by zero); refuse both."""
    _same_units(reference, hypothesis)
    if not 1 <= k <= len(reference):
        raise ValueError(f"window k={k} must be between 1 and the number of units ({len(reference)})")


def pk(reference: Sequence[int], hypothesis: Sequence[int], k: int | None = None) -> float:
    """Share of windows where reference and hypothesis disagree on "is there a boundary"
    (``nltk.metrics.segmentation.pk``, with :func:`default_k`)."""
    from nltk.metrics.segmentation import pk as nltk_pk

    k = k or default_k(reference)
    _check(reference, hypothesis, k)
    return float(nltk_pk(list(reference), list(hypothesis), k, boundary=1))


def windowdiff(reference: Sequence[int], hypothesis: Sequence[int], k: int | None = None,
               weighted: bool = False) -> float:
    """Share of windows whose boundary counts differ, or the mean count difference when
    ``weighted`` (``nltk.metrics.segmentation.windowdiff``, with :func:`default_k`)."""
    from nltk.metrics.segmentation import windowdiff as nltk_windowdiff

    k = k or default_k(reference)
    _check(reference, hypothesis, k)
    return float(nltk_windowdiff(list(reference), list(hypothesis), k, boundary=1, weighted=weighted))


def boundary_counts(reference: Sequence[int], hypothesis: Sequence[int], tolerance: int = 1) -> dict[str, int]:
    """Boundaries matched one-to-one within ``tolerance`` units. The document's end is not a
    boundary (every segmentation has it), so a last-unit label is ignored."""
    _same_units(reference, hypothesis)
    ref = [i for i, x in enumerate(reference[:-1]) if x]
    hyp = [i for i, x in enumerate(hypothesis[:-1]) if x]
    tp = len(max_matching(len(hyp), len(ref), lambda i, j: abs(hyp[i] - ref[j]) <= tolerance))
    return {"tp": tp, "fp": len(hyp) - tp, "fn": len(ref) - tp}


def _pairs(references: Sequence[Sequence[int]], predictions: Sequence[Sequence[int]], input_format: str):
    require_aligned(references=references, predictions=predictions)
    return [(as_labels(r, input_format), as_labels(p, input_format)) for r, p in zip(references, predictions)]


def corpus_window_metric(name: str, references: Sequence[Sequence[int]], predictions: Sequence[Sequence[int]],
                         k: int | None = None, input_format: str = "labels", weighted: bool = False) -> dict[str, Any]:
    """Mean Pk or WindowDiff over documents, each with its own default k unless ``k`` is given."""
    items = []
    for ref, hyp in _pairs(references, predictions, input_format):
        items.append(pk(ref, hyp, k) if name == "pk" else windowdiff(ref, hyp, k, weighted))
    return {name: mean(items), "item_scores": items}


def corpus_boundary_f1(references: Sequence[Sequence[int]], predictions: Sequence[Sequence[int]],
                       tolerance: int = 1, input_format: str = "labels") -> dict[str, Any]:
    """Micro-averaged boundary precision/recall/F1 over documents, with each document's F1."""
    totals = {"tp": 0, "fp": 0, "fn": 0}
    items = []
    for ref, hyp in _pairs(references, predictions, input_format):
        counts = boundary_counts(ref, hyp, tolerance)
        items.append(prf(counts["tp"], counts["fp"], counts["fn"], beta=1.0)["f"])
        totals = {key: totals[key] + counts[key] for key in totals}
    scores = prf(totals["tp"], totals["fp"], totals["fn"], beta=1.0)
    return {"boundary_precision": scores["precision"], "boundary_recall": scores["recall"],
            "boundary_f1": scores["f"], **totals, "item_scores": items}


def _same_title(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def section_counts(reference: Sequence[Mapping[str, Any]], prediction: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Sections as ``{unit, level, kind, title}``: the gold sections a predicted one matches
    (same first unit and level), how many of those have the gold kind, and among matched gold
    sections titled by their own heading (``title`` not empty), how many predicted sections
    took that heading as their title."""
    predicted = {(p["unit"], p["level"]): p for p in prediction}
    counts = {"sections": len(reference), "matched": 0, "kind_agreed": 0, "headings": 0, "headings_titled": 0}
    for gold in reference:
        p = predicted.get((gold["unit"], gold["level"]))
        if p is None:
            continue
        counts["matched"] += 1
        counts["kind_agreed"] += p["kind"] == gold["kind"]
        if gold["title"]:
            counts["headings"] += 1
            counts["headings_titled"] += _same_title(p["title"], gold["title"])
    return counts


def corpus_section_agreement(references: Sequence[Sequence[Mapping[str, Any]]],
                             predictions: Sequence[Sequence[Mapping[str, Any]]]) -> dict[str, Any]:
    """Pooled kind agreement, heading titles and matched share, with each document's kind agreement."""
    require_aligned(references=references, predictions=predictions)
    items = [section_counts(r, p) for r, p in zip(references, predictions)]
    totals = {key: sum(c[key] for c in items) for key in items[0]} if items else {}

    def share(part: str, whole: str) -> float | None:
        return totals[part] / totals[whole] if totals.get(whole) else None

    return {"kind_agreement": share("kind_agreed", "matched"), "heading_titles": share("headings_titled", "headings"),
            "matched_share": share("matched", "sections"), **totals,
            "item_scores": [c["kind_agreed"] / c["matched"] if c["matched"] else None for c in items]}

