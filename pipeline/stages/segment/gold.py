"""Gold outlines (``data/gold/segment.jsonl``) and their alignment with a segmented document.

Gold sections are anchored in the *source* bulletin (an anchor string and its offset), so
they stay well defined whatever the clean stage edits: an anchor's source offset maps
through the edit list to the cleaned text, and the section starts at the sentence that
holds that point. Both gold and predicted outlines become one 0/1 label per sentence
(1 on a segment's last sentence), the form Pk, WindowDiff and boundary F1 take.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ...document import Document
from ...errors import InputError

LEVELS = ("all", "1")  # score every boundary (sections and sub-sections), or sections only


@dataclass
class GoldSection:
    anchor: str
    start: int  # offset of the anchor in the source text
    level: int
    kind: str
    title: str
    parent: int | None


@dataclass
class GoldOutline:
    id: str
    doc: str  # path of the bulletin, relative to the project root
    split: str  # "dev": the rules were written looking at it; "heldout": annotated and scored once, unseen
    source_sha256: str
    sections: list[GoldSection]


def load_gold(path: Path, root: Path) -> list[tuple[GoldOutline, str]]:
    """Each gold outline with its source text, checked: the text is the one annotated and
    every anchor stands at its offset."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        raw = json.loads(line)
        sections = [GoldSection(**s) for s in raw["sections"]]
        gold = GoldOutline(raw["id"], raw["doc"], raw["split"], raw["source_sha256"], sections)
        text = (root / gold.doc).read_text(encoding="utf-8")
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != gold.source_sha256:
            raise InputError(f"{path}:{n}: {gold.doc} changed since it was annotated (sha256 differs)")
        for s in gold.sections:
            if text[s.start : s.start + len(s.anchor)] != s.anchor:
                raise InputError(f"{path}:{n}: anchor {s.anchor[:30]!r} is not at offset {s.start} of {gold.doc}")
        out.append((gold, text))
    return out


def sentence_at(doc: Document, cleaned_pos: int) -> int:
    """Index of the sentence that holds (or first follows) a cleaned-text position."""
    for i, s in enumerate(doc.sentences):
        if s.end > cleaned_pos:
            return i
    return len(doc.sentences) - 1


def gold_starts(doc: Document, gold: GoldOutline, level: str) -> list[int]:
    """First-sentence indices of the gold sections in ``doc`` (segmented from the same source)."""
    starts = set()
    for s in gold.sections:
        if level == "all" or s.level == int(level):
            starts.add(sentence_at(doc, doc.to_cleaned(s.start, s.start)[0]))
    return sorted(starts)


def predicted_starts(doc: Document, level: str) -> list[int]:
    return sorted({sentence_at(doc, s.start) for s in doc.sections if level == "all" or s.level == int(level)})


def paragraph_starts(doc: Document) -> list[int]:
    """The one-section-per-paragraph baseline."""
    return sorted({sentence_at(doc, p.start) for p in doc.paragraphs})


def labels(starts: list[int], n: int) -> list[int]:
    """Section starts -> one label per sentence, 1 on the last sentence of each segment."""
    first = set(starts)
    return [1 if i + 1 in first or i == n - 1 else 0 for i in range(n)]
