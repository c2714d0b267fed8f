"""What each section does in a bulletin: lede, review, requirements, tasks or other.

The evidence, strongest first: position (the first of several sections is the lede), the
words of the heading or opening sentence ("Key tasks", "General requirements"), the cue
phrase that opened it ("The meeting pointed out" reviews), and what it is made of (a
section whose sentences mostly report figures reviews results). Sub-sections take their
parent's kind.
"""

from __future__ import annotations

import re
from typing import Any

from .signals import FIGURE

KINDS = ("lede", "review", "requirements", "tasks", "other")


def section_kind(
    opening: str,
    sentences: list[str],
    cue_kind: str | None,
    first_of_many: bool,
    opts: dict[str, Any],
) -> str:
    """Kind of a level-1 section from its opening sentence, cue and sentences."""
    if first_of_many:
        return "lede"
    for kind, patterns in opts["keywords"].items():
        if any(re.search(p, opening, re.IGNORECASE) for p in patterns):
            return kind
    if cue_kind:
        return cue_kind
    with_figures = sum(1 for s in sentences if FIGURE.search(s))
    if sentences and with_figures / len(sentences) >= opts["review_figure_share"]:
        return "review"
    return "other"
