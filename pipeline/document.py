"""The one document model every stage reads and extends.

Edits are stored in *source* coordinates, sorted and non-overlapping, so that
``cleaned`` is always ``source`` with the edits applied and any cleaned span can
be mapped back to the exact source characters it came from. Stages propose
edits against the current cleaned text (what they see); :meth:`Document.edit`
translates them, merging with earlier edits they touch.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import asdict, dataclass, field
from typing import Any, Callable


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
    suggestions: list[str] = field(default_factory=list)  # other replacements an editor may pick instead


@dataclass
class Flag:
    """A problem a rule found but did not fix (below ``min_confidence``, or no safe repair):
    ``source[start:end]`` with concrete candidate replacements an editor can pick from."""

    start: int
    end: int
    before: str
    rule: str
    reason: str
    confidence: float | None = None
    suggestions: list[str] = field(default_factory=list)
    stage: str = "clean"


@dataclass
class Span:
    """A half-open character span ``[start, end)`` of the cleaned text."""

    start: int
    end: int


@dataclass
class Paragraph(Span):
    """A paragraph with its wire-copy kind (``pipeline.structure.KINDS``): body, headline,
    dateline, byline, credit, caption, list-item or heading. Only body paragraphs follow
    sentence punctuation; a headline is a strong section and briefing cue."""

    kind: str = "body"


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
    plan: str = ""  # "structure", "whole" or "sections": how the input was fitted to the model
    stats: dict[str, Any] = field(default_factory=dict)
    format: str = ""  # prose | bullets: how renderers show it ("": one sentence a line, as older documents)


@dataclass
class KeyFigure:
    """One row of the key figures table (``pipeline.facts.keyfigures``): a figure as the source
    writes it, what it measures, its period and the sentence (index into ``sentences``) stating it."""

    figure: str
    kind: str
    value: str
    measure: str
    period: str
    period_inherited: bool
    sentence: int
    start: int
    end: int
    section_period: bool = False  # the inherited period is its section's (a heading's or lead-in's), not a breakdown's


@dataclass
class Document:
    source: str
    edits: list[Edit] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)  # source coordinates, sorted by start
    sentences: list[Span] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    summary: Summary | None = None
    key_figures: list[KeyFigure] = field(default_factory=list)  # every figure, deterministic (summarize stage)
    scores: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    _cleaned: str | None = field(default=None, repr=False, compare=False)

    # ---- the cleaned text and coordinate maps -------------------------------------------
    # Where each edit's replacement stands in the cleaned text is cached for a prefix of the
    # edits and extended on demand, and ``cleaned`` is updated in place by ``edit``: a stage that
    # edits right to left (as clean does) and maps points as it goes pays O(log E) per lookup,
    # not a rescan of the text and every edit.
    _spans: list[tuple[int, int]] = field(default_factory=list, repr=False, compare=False)
    _spans_of: Any = field(default=None, repr=False, compare=False)  # the edits list the cache describes

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

    def _span_prefix(self, until: Callable[[int, tuple[int, int]], bool] | None = None) -> list[tuple[int, int]]:
        """The cached (cleaned_start, cleaned_end) of edits, extended until ``until(i, span)`` holds
        for the last one computed (or to the end)."""
        if self._spans_of is not self.edits:  # the edits list was replaced (from_dict, a caller)
            self._spans, self._spans_of = [], self.edits
        spans, edits = self._spans, self.edits
        if spans and until is not None and until(len(spans) - 1, spans[-1]):
            return spans
        delta = spans[-1][1] - edits[len(spans) - 1].end if spans else 0
        for i in range(len(spans), len(edits)):
            e = edits[i]
            cs = e.start + delta
            spans.append((cs, cs + len(e.after)))
            delta += len(e.after) - (e.end - e.start)
            if until is not None and until(i, spans[-1]):
                break
        return spans

    def replacement_spans(self) -> list[tuple[int, int, int]]:
        """(cleaned_start, cleaned_end, index) of each edit's replacement in the cleaned text."""
        return [(cs, ce, i) for i, (cs, ce) in enumerate(self._span_prefix())]

    def cleaned_span(self, edit: Edit) -> tuple[int, int]:
        """Where an edit's ``after`` text stands in the cleaned text."""
        i = bisect_left(self.edits, edit.start, key=lambda e: e.start)  # edits are sorted by start
        while i < len(self.edits) and self.edits[i].start == edit.start:
            if self.edits[i] is edit:
                return self._span_prefix(lambda k, _: k >= i)[i]
            i += 1
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
        spans = self._span_prefix(lambda _, span: span[0] > pos)
        k = bisect_left(spans, (pos, -1))  # edits whose replacement starts before pos
        if k and pos < spans[k - 1][1]:  # inside a replacement: the whole edit
            e = self.edits[k - 1]
            return e.start if left else e.end
        if left:  # a start skips deletions at pos
            while k < len(spans) and spans[k] == (pos, pos):
                k += 1
        return pos - (spans[k - 1][1] - self.edits[k - 1].end if k else 0)

    def to_cleaned(self, start: int, end: int) -> tuple[int, int]:
        """Map a source span to the cleaned text (edits it touches are included whole)."""
        if not 0 <= start <= end <= len(self.source):
            raise ValueError(f"span [{start}, {end}) outside source text of length {len(self.source)}")
        return self._point_to_cleaned(start, left=True), self._point_to_cleaned(end, left=False)

    def _point_to_cleaned(self, pos: int, left: bool) -> int:
        edits = self.edits
        spans = self._span_prefix(lambda i, _: edits[i].start > pos)
        k = bisect_left(edits, pos, hi=len(spans), key=lambda e: e.start)  # edits starting before pos
        if k and pos < edits[k - 1].end:
            return spans[k - 1][0] if left else spans[k - 1][1]
        if left:  # a span starting at an insertion point includes it
            if k < len(spans) and edits[k].start == edits[k].end == pos:
                return spans[k][0]
        else:  # an end passes insertions at pos
            while k < len(spans) and edits[k].start == edits[k].end == pos:
                k += 1
        return pos + (spans[k - 1][1] - edits[k - 1].end if k else 0)

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
        # Only edits whose replacement starts at or before ``end`` can touch the new span.
        shifts = self._span_prefix(lambda _, span: span[0] > end)
        k = bisect_left(shifts, (start, -1))
        if k and shifts[k - 1][1] > start:  # the previous replacement runs past start
            k -= 1
        touched = []
        while k < len(shifts) and shifts[k][0] <= end:
            if _touches(*shifts[k], start, end):
                touched.append(k)
            k += 1
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
            index = bisect_left(shifts, (start, -1))
            while index < len(shifts) and shifts[index][1] <= start:  # deletions at start stay before
                index += 1
            delta = shifts[index - 1][1] - self.edits[index - 1].end if index else 0
            s_lo, s_hi = start - delta, end - delta
            new_after, merged = after, []
        del shifts[index:]  # edits from here on move: recomputed when next needed
        self._cleaned = "".join((text[:start], after, text[end:]))
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
            "flags": [asdict(f) for f in self.flags],
            "sentences": [_span_dict(s, text) for s in self.sentences],
            "paragraphs": [asdict(p) for p in self.paragraphs],
            "sections": [
                {**asdict(s), "source_span": list(self.to_source(s.start, s.end))} for s in self.sections
            ],
            "summary": asdict(self.summary) if self.summary else None,
            "key_figures": [asdict(k) for k in self.key_figures],
            "scores": self.scores,
            "meta": self.meta,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Document":
        keep = set(Edit.__dataclass_fields__)
        doc = cls(source=data["source"])
        doc.edits = [Edit(**{k: v for k, v in e.items() if k in keep}) for e in data.get("edits", [])]
        flag_keys = set(Flag.__dataclass_fields__)
        doc.flags = [Flag(**{k: v for k, v in f.items() if k in flag_keys}) for f in data.get("flags", [])]
        doc.sentences = [Span(s["start"], s["end"]) for s in data.get("sentences", [])]
        doc.paragraphs = [Paragraph(**p) for p in data.get("paragraphs", [])]  # old JSON: no kind, body
        sec_keys = set(Section.__dataclass_fields__)
        doc.sections = [Section(**{k: v for k, v in s.items() if k in sec_keys}) for s in data.get("sections", [])]
        if data.get("summary"):
            s = dict(data["summary"])
            s["sentences"] = [SummarySentence(**x) for x in s.get("sentences", [])]
            doc.summary = Summary(**s)
        doc.key_figures = [KeyFigure(**k) for k in data.get("key_figures", [])]
        doc.scores = data.get("scores", {})
        doc.meta = data.get("meta", {})
        return doc

    def sentence_text(self, i: int) -> str:
        s = self.sentences[i]
        return self.cleaned[s.start : s.end]

    def lead_ins(self) -> list[tuple[int, int, int]]:
        """``(start, first_sub, end)`` of each section whose opening introduces sub-sections (a review's
        "since the beginning of this year, ..." before its headed results), or whose heading introduces
        the rest ("Fourth, Plan ahead for autumn and winter sowing."): the period that opening fronts
        dates them (:class:`pipeline.facts.SourceFacts`)."""
        out, headings = [], self.heading_sentences()
        for k, section in enumerate(self.sections):
            subs = [s.start for s in self.sections if s.parent == k and s.level > section.level]
            if subs and min(subs) > section.start:
                out.append((section.start, min(subs), section.end))
            elif k in headings and (end := self.sentences[headings[k]].end) < section.end:
                out.append((section.start, end, section.end))
        return out

    def heading_sentences(self) -> dict[int, int]:
        """Section index -> the sentence that is its heading as the source gives it ("(2) Promote the
        trade-in of old home appliances.", "Fourth, Plan ahead for autumn and winter sowing."), for the
        sections that open on one."""
        at = {s.start: i for i, s in enumerate(self.sentences)}
        return {k: at[s.start] for k, s in enumerate(self.sections)
                if s.title_source == "heading" and s.start in at
                and " ".join(s.title.split()) == " ".join(self.sentence_text(at[s.start]).split())}

    def warn(self, message: str) -> None:
        """Record what went wrong without stopping the run (``meta["warnings"]``: the CLI prints each
        as one line, the HTML report shows them), once per message."""
        warnings = self.meta.setdefault("warnings", [])
        if message not in warnings:
            warnings.append(message)

    def record_model(self, stage: str, name: str, role: str = "name") -> None:
        """Note a model a stage used on this document in ``meta["models"][stage]``: the text
        writer under ``name`` (its card's sha256 then goes into every signature of the stage's
        scores), a sentence encoder under ``encoder``."""
        self.meta.setdefault("models", {}).setdefault(stage, {})[role] = name


def _touches(cs: int, ce: int, start: int, end: int) -> bool:
    """Does the cleaned span [start, end) overlap or abut an edit's replacement [cs, ce)?"""
    if ce == cs:  # a deletion point: touched only when strictly inside the new span
        return start < cs < end
    return start < ce and cs < end


def _span_dict(s: Span, text: str) -> dict[str, Any]:
    return {"start": s.start, "end": s.end, "text": text[s.start : s.end]}
