"""The one document model every stage reads and extends.

Edits are stored in *source* coordinates, sorted and non-overlapping, so that
``cleaned`` is always ``source`` with the edits applied and any cleaned span can
be mapped back to the exact source characters it came from. Stages propose
edits against the current cleaned text (what they see); :meth:`Document.edit`
translates them, merging with earlier edits they touch.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Edit:
    """One explainable change: ``source[start:end]`` (``before``) became ``after``."""

    start: int
    end: int
    before: str
    after: str
    rule: str
    reason: str
    confidence: float = 1.0
    stage: str = "clean"
    merged: list[str] = field(default_factory=list)  # rule ids of earlier edits this one absorbed


@dataclass
class Span:
    """A half-open character span ``[start, end)`` of the cleaned text."""

    start: int
    end: int


@dataclass
class Section:
    title: str
    kind: str  # lede | review | requirements | tasks | other
    start: int
    end: int
    level: int = 1
    title_source: str = "heading"  # heading | keywords | generated
    parent: int | None = None  # index of the enclosing level-1 section


@dataclass
class SummarySentence:
    text: str
    support: list[int] = field(default_factory=list)  # indices into Document.sentences
    checks: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Summary:
    text: str
    sentences: list[SummarySentence] = field(default_factory=list)
    method: str = ""  # "abstractive" or "extractive"
    model: str = ""
    plan: str = ""  # "whole" or "sections": how long input was fitted to the model
    stats: dict[str, Any] = field(default_factory=dict)


@dataclass
class Document:
    source: str
    edits: list[Edit] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    paragraphs: list[Span] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    summary: Summary | None = None
    scores: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    _cleaned: str | None = field(default=None, repr=False, compare=False)

    # ---- the cleaned text and coordinate maps -------------------------------------------
    @property
    def cleaned(self) -> str:
        if self._cleaned is None:
            parts, pos = [], 0
            for e in self.edits:
                parts.append(self.source[pos : e.start])
                parts.append(e.after)
                pos = e.end
            parts.append(self.source[pos:])
            self._cleaned = "".join(parts)
        return self._cleaned

    def replacement_spans(self) -> list[tuple[int, int, int]]:
        """(cleaned_start, cleaned_end, index) of each edit's replacement in the cleaned text."""
        out, delta = [], 0
        for i, e in enumerate(self.edits):
            cs = e.start + delta
            out.append((cs, cs + len(e.after), i))
            delta += len(e.after) - (e.end - e.start)
        return out

    def cleaned_span(self, edit: Edit) -> tuple[int, int]:
        """Where an edit's ``after`` text stands in the cleaned text."""
        for cs, ce, i in self.replacement_spans():
            if self.edits[i] is edit:
                return cs, ce
        raise ValueError("edit is not part of this document")

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a cleaned span to the smallest source span that produced it.

        A boundary inside an edit's replacement widens to the whole edit, so the
        mapped span always covers every source character that contributed.
        """
        if not 0 <= start <= end <= len(self.cleaned):
            raise ValueError(f"span [{start}, {end}) outside cleaned text of length {len(self.cleaned)}")
        lo, hi = self._point_to_source(start, left=True), self._point_to_source(end, left=False)
        return min(lo, hi), max(lo, hi)  # an empty span on a deletion covers the deleted text

    def _point_to_source(self, pos: int, left: bool) -> int:
        """A start skips text deleted at ``pos``; an end stops before it."""
        delta = 0
        for cs, ce, i in self.replacement_spans():
            e = self.edits[i]
            if pos < cs or (pos == cs and not (left and ce == cs)):
                break
            if pos < ce:
                return e.start if left else e.end
            delta = ce - e.end
        return pos - delta

    def to_cleaned(self, start: int, end: int) -> tuple[int, int]:
        """Map a source span to the cleaned text (edits it touches are included whole)."""
        if not 0 <= start <= end <= len(self.source):
            raise ValueError(f"span [{start}, {end}) outside source text of length {len(self.source)}")
        return self._point_to_cleaned(start, left=True), self._point_to_cleaned(end, left=False)

    def _point_to_cleaned(self, pos: int, left: bool) -> int:
        delta = 0
        for cs, ce, i in self.replacement_spans():
            e = self.edits[i]
            if pos < e.start or (pos == e.start and (left or e.end > e.start)):
                if pos == e.start == e.end:  # a span starting at an insertion point includes it
                    return cs
                break
            if pos < e.end:
                return cs if left else ce
            delta = ce - e.end
        return pos + delta

    # ---- adding edits ---------------------------------------------------------------------
    def edit(
        self,
        start: int,
        end: int,
        after: str,
        rule: str,
        reason: str,
        confidence: float = 1.0,
        stage: str = "clean",
    ) -> Edit | None:
        """Replace ``cleaned[start:end]`` with ``after``, recording it in source coordinates.

        An edit that touches earlier edits' replacement text absorbs them: its source
        span widens to cover them and their rule ids go to ``merged``. A no-op returns None.
        """
        text = self.cleaned
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"edit span [{start}, {end}) outside cleaned text of length {len(text)}")
        if text[start:end] == after:
            return None
        shifts = self.replacement_spans()
        touched = [k for k, (cs, ce, _) in enumerate(shifts) if _touches(cs, ce, start, end)]
        if touched:
            first, last = touched[0], touched[-1]
            c_lo, c_hi = min(start, shifts[first][0]), max(end, shifts[last][1])
            s_lo = self.edits[first].start - (shifts[first][0] - c_lo)
            s_hi = self.edits[last].end + (c_hi - shifts[last][1])
            new_after = text[c_lo:start] + after + text[end:c_hi]
            merged = [r for e in self.edits[first : last + 1] for r in (*e.merged, e.rule)]
            del self.edits[first : last + 1]
            index = first
        else:
            before_edits = [k for k, (_, ce, _) in enumerate(shifts) if ce <= start]
            index = len(before_edits)
            delta = shifts[index - 1][1] - self.edits[index - 1].end if index else 0
            s_lo, s_hi = start - delta, end - delta
            new_after, merged = after, []
        self._cleaned = None
        before = self.source[s_lo:s_hi]
        if before == new_after:  # the edits cancelled out: the source stands again
            return None
        new = Edit(s_lo, s_hi, before, new_after, rule, reason, round(float(confidence), 3), stage, merged)
        self.edits.insert(index, new)
        return new

    # ---- serialisation --------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable view; edits also carry where they stand in the cleaned text."""
        edits = []
        for (cs, ce, _), e in zip(self.replacement_spans(), self.edits):
            d = asdict(e)
            d.update(cleaned_start=cs, cleaned_end=ce)
            edits.append(d)
        text = self.cleaned
        return {
            "source": self.source,
            "cleaned": text,
            "edits": edits,
            "sentences": [_span_dict(s, text) for s in self.sentences],
            "paragraphs": [asdict(p) for p in self.paragraphs],
            "sections": [
                {**asdict(s), "source_span": list(self.to_source(s.start, s.end))} for s in self.sections
            ],
            "summary": asdict(self.summary) if self.summary else None,
            "scores": self.scores,
            "meta": self.meta,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Document":
        keep = set(Edit.__dataclass_fields__)
        doc = cls(source=data["source"])
        doc.edits = [Edit(**{k: v for k, v in e.items() if k in keep}) for e in data.get("edits", [])]
        doc.sentences = [Span(s["start"], s["end"]) for s in data.get("sentences", [])]
        doc.paragraphs = [Span(**p) for p in data.get("paragraphs", [])]
        sec_keys = set(Section.__dataclass_fields__)
        doc.sections = [Section(**{k: v for k, v in s.items() if k in sec_keys}) for s in data.get("sections", [])]
        if data.get("summary"):
            s = dict(data["summary"])
            s["sentences"] = [SummarySentence(**x) for x in s.get("sentences", [])]
            doc.summary = Summary(**s)
        doc.scores = data.get("scores", {})
        doc.meta = data.get("meta", {})
        return doc

    def sentence_text(self, i: int) -> str:
        s = self.sentences[i]
        return self.cleaned[s.start : s.end]


def _touches(cs: int, ce: int, start: int, end: int) -> bool:
    """Does the cleaned span [start, end) overlap or abut an edit's replacement [cs, ce)?"""
    if ce == cs:  # a deletion point: touched only when strictly inside the new span
        return start < cs < end
    return start < ce and cs < end


def _span_dict(s: Span, text: str) -> dict[str, Any]:
    return {"start": s.start, "end": s.end, "text": text[s.start : s.end]}
