"""An editor's decisions on one document, and the text they give.

Pure functions shared by ``mtbrief serve`` and the Word export. Every applied edit is accepted
unless rejected; every flag stands unchanged unless one of its suggestions is chosen; an editor
may also replace any span by hand (rule ``editor``). All positions are *source* offsets, so the
decisions survive a re-run: an edit or flag is keyed by its source span and rule, and a re-run
that produces the same edit finds its decision again.

Where decided changes overlap, the editor's hand wins over a chosen suggestion, which wins over
an applied edit: each is a replacement of source text, and the later, more deliberate choice is
the one the editor sees.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Iterable

from .document import Document, Edit, Flag
from .errors import InputError

DECISIONS_VERSION = 1
EDITOR_RULE = "editor"
_PRIORITY = {"editor": 0, "flag": 1, "edit": 2}


def edit_id(edit: Edit) -> str:
    return f"edit:{edit.start}-{edit.end}:{edit.rule}"


def flag_id(flag: Flag) -> str:
    return f"flag:{flag.start}-{flag.end}:{flag.rule}"


def source_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class EditorEdit:
    """A correction by hand: ``source[start:end]`` becomes ``after``. ``before`` is what the
    editor saw there (the text with the decisions of that moment), kept to show the change."""

    start: int
    end: int
    after: str
    before: str = ""
    note: str = ""

    @property
    def id(self) -> str:
        return f"editor:{self.start}-{self.end}"


@dataclass
class Decisions:
    """What an editor decided. Only departures from the defaults are stored."""

    edits: dict[str, bool] = field(default_factory=dict)  # edit id -> accepted
    flags: dict[str, str] = field(default_factory=dict)  # flag id -> chosen suggestion
    editor: list[EditorEdit] = field(default_factory=list)  # sorted by start
    source_sha256: str = ""

    def accepted(self, edit: Edit) -> bool:
        return self.edits.get(edit_id(edit), True)

    def choice(self, flag: Flag) -> str | None:
        chosen = self.flags.get(flag_id(flag))
        return chosen if chosen is not None and chosen in flag.suggestions else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": DECISIONS_VERSION,
            "source_sha256": self.source_sha256,
            "edits": {k: bool(v) for k, v in sorted(self.edits.items())},
            "flags": dict(sorted(self.flags.items())),
            "editor": [
                {"start": e.start, "end": e.end, "before": e.before, "after": e.after, "note": e.note}
                for e in self.editor
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Decisions":
        """Read saved decisions; anything malformed is an :class:`InputError`, not a crash."""
        try:
            if data.get("version", DECISIONS_VERSION) != DECISIONS_VERSION:
                raise InputError(f"decisions version {data.get('version')!r} is not {DECISIONS_VERSION}")
            editor = [
                EditorEdit(int(e["start"]), int(e["end"]), str(e["after"]), str(e.get("before", "")),
                           str(e.get("note", "")))
                for e in data.get("editor", [])
            ]
            return cls(
                edits={str(k): bool(v) for k, v in (data.get("edits") or {}).items()},
                flags={str(k): str(v) for k, v in (data.get("flags") or {}).items() if v is not None},
                editor=sorted(editor, key=lambda e: (e.start, e.end)),
                source_sha256=str(data.get("source_sha256", "")),
            )
        except (AttributeError, KeyError, TypeError, ValueError) as err:
            raise InputError(f"decisions are malformed: {err}") from None

    @classmethod
    def for_document(cls, doc: Document) -> "Decisions":
        return cls(source_sha256=source_sha256(doc.source))


@dataclass(frozen=True)
class Change:
    """One decided replacement of ``source[start:end]``: what the decided text holds there."""

    start: int
    end: int
    before: str
    after: str
    kind: str  # editor | flag | edit
    id: str
    rule: str
    reason: str
    confidence: float | None = None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Do two source spans claim a common character or the same insertion point?"""
    (s1, e1), (s2, e2) = a, b
    if s1 == e1 and s2 == e2:
        return s1 == s2
    if s1 == e1:
        return s2 < s1 < e2
    if s2 == e2:
        return s1 < s2 < e1
    return s1 < e2 and s2 < e1


def candidates(doc: Document, decisions: Decisions) -> list[Change]:
    """Every change the decisions ask for, before overlaps are settled."""
    out = [
        Change(e.start, e.end, doc.source[e.start : e.end], e.after, "editor", e.id, EDITOR_RULE,
               e.note or "corrected by hand")
        for e in decisions.editor
    ]
    for f in doc.flags:
        chosen = decisions.choice(f)
        if chosen is not None:
            out.append(Change(f.start, f.end, f.before, chosen, "flag", flag_id(f), f.rule, f.reason, f.confidence))
    for e in doc.edits:
        if decisions.accepted(e):
            out.append(Change(e.start, e.end, e.before, e.after, "edit", edit_id(e), e.rule, e.reason, e.confidence))
    return out


def resolve(doc: Document, decisions: Decisions) -> tuple[list[Change], list[Change]]:
    """(winners sorted by source position, superseded): overlaps go to the editor's hand, then a
    chosen suggestion, then an applied edit; among equals the earlier-listed one stays."""
    kept: list[Change] = []
    lost: list[Change] = []
    for c in sorted(candidates(doc, decisions), key=lambda c: _PRIORITY[c.kind]):
        if any(_overlap((c.start, c.end), (k.start, k.end)) for k in kept):
            lost.append(c)
        else:
            kept.append(c)
    kept.sort(key=lambda c: (c.start, c.end))
    return kept, lost


def splice(source: str, changes: Iterable[Change], start: int = 0, end: int | None = None) -> str:
    """``source[start:end]`` with the (sorted, non-overlapping) changes inside it applied."""
    end = len(source) if end is None else end
    parts, pos = [], start
    for c in changes:
        if c.start < start or c.end > end:
            continue
        parts.append(source[pos : c.start])
        parts.append(c.after)
        pos = c.end
    parts.append(source[pos:end])
    return "".join(parts)


def apply_decisions(doc: Document, decisions: Decisions) -> str:
    """The text an editor gets: the source with every decided change applied."""
    return splice(doc.source, resolve(doc, decisions)[0])


def decided_position(changes: list[Change], pos: int) -> int:
    """Where source offset ``pos`` lands in the decided text (inside a change: at its start)."""
    delta = 0
    for c in changes:
        if pos <= c.start:
            break
        if pos < c.end:
            return c.start + delta
        delta += len(c.after) - (c.end - c.start)
    return pos + delta


# ---- changing decisions (each validates against the document, so a stale page fails clearly) -----
def _find(items: Iterable[Any], key, wanted: str, what: str):
    for item in items:
        if key(item) == wanted:
            return item
    raise InputError(f"no {what} {wanted!r} in this document (was it re-run?)")


def decide_edit(doc: Document, decisions: Decisions, ident: str, accept: bool) -> None:
    _find(doc.edits, edit_id, ident, "edit")
    if accept:
        decisions.edits.pop(ident, None)
    else:
        decisions.edits[ident] = False


def choose_suggestion(doc: Document, decisions: Decisions, ident: str, choice: str | None) -> None:
    """Pick one of a flag's suggestions (``None``: leave the flagged text as it is)."""
    flag = _find(doc.flags, flag_id, ident, "flag")
    if choice is None:
        decisions.flags.pop(ident, None)
        return
    if choice not in flag.suggestions:
        raise InputError(f"{choice!r} is not one of the suggestions for {ident}")
    decisions.flags[ident] = choice


def decide_rule(doc: Document, decisions: Decisions, rule: str, accept: bool) -> int:
    """Accept or reject every edit of ``rule``; for its flags, accepting picks the first
    suggestion and rejecting leaves the text. Returns how many items it set."""
    n = 0
    for e in doc.edits:
        if e.rule == rule:
            decide_edit(doc, decisions, edit_id(e), accept)
            n += 1
    for f in doc.flags:
        if f.rule == rule and f.suggestions:
            choose_suggestion(doc, decisions, flag_id(f), f.suggestions[0] if accept else None)
            n += 1
    if not n:
        raise InputError(f"no edit or flag of rule {rule!r} in this document")
    return n


def current_text(doc: Document, decisions: Decisions, start: int, end: int) -> str:
    """What the decided text holds for ``source[start:end]``; refused when the span cuts a change."""
    if not 0 <= start <= end <= len(doc.source):
        raise InputError(f"span [{start}, {end}) is outside the text (0-{len(doc.source)})")
    changes = resolve(doc, decisions)[0]
    for c in changes:
        if c.start < start < c.end or c.start < end < c.end:
            raise InputError(f"span [{start}, {end}) cuts through the change at {c.start}-{c.end}; select all of it")
    return splice(doc.source, changes, start, end)


def add_editor_edit(doc: Document, decisions: Decisions, start: int, end: int, after: str, note: str = "") -> EditorEdit | None:
    """Replace the decided text of ``source[start:end]`` by hand. An earlier hand correction the
    span overlaps is replaced; typing back what is there changes nothing (returns None)."""
    before = current_text(doc, decisions, start, end)
    if after == before:
        return None
    decisions.editor = [e for e in decisions.editor if not _overlap((e.start, e.end), (start, end))]
    new = EditorEdit(start, end, after, before, note)
    decisions.editor.append(new)
    decisions.editor.sort(key=lambda e: (e.start, e.end))
    return new


def remove_editor_edit(decisions: Decisions, ident: str) -> None:
    edit = _find(decisions.editor, lambda e: e.id, ident, "correction")
    decisions.editor.remove(edit)


def stale_ids(doc: Document, decisions: Decisions) -> list[str]:
    """Saved decisions whose edit or flag a re-run no longer produced (kept, but inert)."""
    known = {edit_id(e) for e in doc.edits} | {flag_id(f) for f in doc.flags}
    return sorted(k for k in (*decisions.edits, *decisions.flags) if k not in known)
