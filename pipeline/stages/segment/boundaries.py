"""Two-level boundary decisions from the signals.

Structure first: where a document announces its top level (cue phrases, heading lines
without a full stop, the outermost numbered list, a sign-off block) those are its
sections, and what a cue phrase or heading line opens ("The meeting emphasized ... key
tasks", "Key work in 2023") owns the headings and list items that follow it.
Only a document that announces nothing is cut at level 1, where the weighted score of
headings, paragraph starts and topic shift stands out. Inside each section, sub-sections
start at nested list items and where that score passes the level-2 threshold. Sizes are
bounded both ways: no boundary from soft evidence closer than the minimum, and a section
longer than the maximum is split at its best-scoring sentence.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass
from typing import Any

from .signals import Signals


@dataclass
class Boundary:
    sentence: int  # index of the section's first sentence
    level: int
    signal: str  # what decided it: start | cue | heading | list | closing | score | size
    parent: int | None = None  # index (into the returned list) of the enclosing level-1 boundary


def decide(sig: Signals, opts: dict[str, Any]) -> list[Boundary]:
    """Level-1 boundaries, each followed by its level-2 boundaries, in document order."""
    n = len(sig.texts)
    if n == 0:
        return []
    weights, sizes = opts["weights"], opts["sizes"]
    soft = soft_scores(sig, weights)
    thresholds = opts["thresholds"]
    top = level_one(sig, weights, thresholds, soft, sizes)
    out: list[Boundary] = []
    for k, first in enumerate(top):
        end = top[k + 1].sentence if k + 1 < len(top) else n
        out.append(first)
        parent = len(out) - 1
        if k == 0 and len(top) > 1:  # the lede has no sub-sections
            continue
        for b in level_two(sig, first, end, weights, thresholds, soft, sizes):
            b.parent = parent
            out.append(b)
    return out


def soft_scores(sig: Signals, weights: dict[str, float]) -> list[float]:
    """Weighted heading, paragraph-start and topic-shift evidence per sentence."""
    para = sig.paragraph
    return [
        weights["heading"] * sig.heading[i] + weights["paragraph"] * para[i] + weights["topic"] * sig.topic[i]
        for i in range(len(sig.texts))
    ]


def level_one(
    sig: Signals, weights: dict[str, float], thresholds: dict[str, float], soft: list[float], sizes: dict[str, int]
) -> list[Boundary]:
    n = len(sig.texts)
    restated = [r >= thresholds["restatement"] for r in sig.restated]
    announced: dict[int, str] = {}
    owner = None  # what opened the current region: a cue phrase or a heading line
    lines = sig.heading_line
    for i in range(1, n):
        cue, marker = sig.cue[i], sig.marker[i]
        if cue is not None and not restated[i] and weights["cue"] >= thresholds["level1"]:
            announced[i], owner = "cue", "cue"
        elif marker is not None and marker.rank == 0:
            if owner is None and weights["list"] >= thresholds["level1"]:
                announced[i] = "list"
        elif lines[i] and owner != "cue" and weights["heading"] * sig.heading[i] >= thresholds["level1"]:
            announced[i], owner = "heading", "heading"
    if sig.closing is not None and 0 < sig.closing < n:
        announced[sig.closing] = "closing"
    announced = drop_short(announced, n, sizes["min_section"])
    scores = [0.0 if r else x for x, r in zip(soft, restated)]
    starts = announced or {
        i: "score" for i in pick(scores, standout(scores, thresholds["unmarked_z"]), range(1, n), [0, n], sizes["min_section"])
    }
    starts[0] = "start"
    for i in split_long(scores, sorted(starts), n, sizes["max_section"], sizes["min_section"]):
        starts[i] = "size"
    return [Boundary(i, 1, starts[i]) for i in sorted(starts)]


def level_two(
    sig: Signals,
    parent: Boundary,
    end: int,
    weights: dict[str, float],
    thresholds: dict[str, float],
    soft: list[float],
    sizes: dict[str, int],
) -> list[Boundary]:
    """Sub-sections of the level-1 section [parent.sentence, end): list items nested
    below the item that opened it (any list, under a cue phrase or heading line) stand
    whatever their length (a one-sentence article is still an article); headings and
    topic shift add sub-sections at least ``min_subsection`` sentences apart."""
    start = parent.sentence
    opener = sig.marker[start] if parent.signal == "list" else None
    items = {}
    if weights["list"] >= thresholds["level2"]:
        for i in range(start + 1, end):
            marker = sig.marker[i]
            if marker is not None and (opener is None or marker.rank > opener.rank):
                items[i] = "list"
    scores = soft  # only [start, end) is read below
    min_sub = sizes["min_subsection"]
    chosen = dict(items)
    for i in pick(scores, thresholds["level2"], range(start + 1, end), [*items, end], min_sub):
        chosen[i] = "score"
    for i in split_long(scores, sorted({start, *chosen}), end, sizes["max_subsection"], min_sub):
        chosen[i] = "size"
    return [Boundary(i, 2, chosen[i]) for i in sorted(chosen)]


def drop_short(starts: dict[int, str], n: int, min_len: int) -> dict[int, str]:
    """Merge a section shorter than ``min_len`` sentences into the one before it: a cue
    phrase that opens a one-sentence summary in the lede does not make a section."""
    order = sorted(starts)
    return {i: starts[i] for i, nxt in zip(order, [*order[1:], n]) if nxt - i >= min_len}


def standout(scores: list[float], z: float) -> float:
    """The score ``z`` standard deviations above the mean of the gaps' scores: where a text
    announces nothing, a boundary is a gap that stands out from the rest (as TextTiling cuts)."""
    gaps = scores[1:]
    if not gaps:
        return float("inf")
    mean = sum(gaps) / len(gaps)
    std = (sum((g - mean) ** 2 for g in gaps) / len(gaps)) ** 0.5
    return mean + z * std if std > 0 else float("inf")


def pick(scores: list[float], threshold: float, candidates: range, fixed: list[int], min_gap: int) -> list[int]:
    """Greedy non-maximum suppression: best first, at least ``min_gap`` sentences from
    every boundary already taken (and from ``fixed`` ones)."""
    taken: list[int] = []
    blocked = sorted(fixed)  # fixed and taken boundaries, kept sorted: a candidate checks its two neighbours
    for i in sorted(candidates, key=lambda j: (-scores[j], j)):
        if scores[i] < threshold:
            break
        at = bisect_left(blocked, i)
        near = blocked[max(0, at - 1) : at + 1]
        if all(abs(i - j) >= min_gap for j in near):
            taken.append(i)
            insort(blocked, i)
    return sorted(taken)


def split_long(scores: list[float], starts: list[int], end: int, max_len: int, min_len: int) -> list[int]:
    """Extra boundaries so no span between ``starts`` (and ``end``) exceeds ``max_len``."""
    added: list[int] = []
    bounds = sorted(set(starts)) + [end]
    queue = list(zip(bounds, bounds[1:]))
    while queue:
        a, b = queue.pop()
        if b - a <= max_len:
            continue
        inner = range(a + min_len, b - min_len + 1)
        if not inner:
            continue
        cut = max(inner, key=lambda j: (scores[j], -abs(j - (a + b) // 2)))
        added.append(cut)
        queue += [(a, cut), (cut, b)]
    return added
