"""HTML fragments of the review page, built from the document and the decisions.

Every piece of user text goes through :func:`html.escape` (quotes included, for attributes).
Plain stretches carry their source offsets (``data-s``, ``data-e``) so a selection in the page
maps back to source characters; a tracked change is one element, selected whole.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from html import escape

from ..document import Document, Flag
from ..review import Change, Decisions, edit_id, flag_id, resolve


@dataclass(frozen=True)
class _Block:
    start: int
    end: int
    html: str
    sort: int = 0  # insertion points before replacements at the same start


def _shown(text: str) -> str:
    """Deleted line breaks as marks, not as empty vertical space."""
    return escape(text).replace("\n", "↵")


def _label(suggestion: str) -> str:
    """A suggestion as a button label (escaped later): line breaks and lone spaces made visible."""
    if suggestion == "":
        return "delete"
    shown = suggestion.replace("\n", "↵")
    return shown if shown.strip() else shown.replace(" ", "␣")


def _tip(rule: str, reason: str, confidence: float | None) -> str:
    conf = f" (confidence {confidence:.2f})" if confidence is not None else ""
    return f"{rule}{conf}: {reason}"


def _button(label: str, title: str, **data: str) -> str:
    attrs = "".join(f' data-{k}="{escape(v)}"' for k, v in data.items())
    return f'<button type="button" class="b" title="{escape(title)}"{attrs}>{escape(label)}</button>'


def _change_block(c: Change) -> str:
    dele = f"<del>{_shown(c.before)}</del>" if c.before else ""
    ins = f"<ins>{escape(c.after)}</ins>" if c.after else ""
    if c.kind == "edit":
        ctl = _button("✗", "reject this edit", act="edit", id=c.id, accept="0")
    elif c.kind == "flag":
        ctl = _button("undo", "leave the flagged text as it was", act="choose", id=c.id, choice="", none="1")
    else:
        ctl = _button("undo", "remove this correction", act="unfix", id=c.id)
    tip = _tip(c.rule, c.reason, c.confidence)
    return (
        f'<span class="chg k-{c.kind} acc" data-id="{escape(c.id)}" data-rule="{escape(c.rule)}" '
        f'data-s="{c.start}" data-e="{c.end}" title="{escape(tip)}">{dele}{ins}'
        f'<span class="ctl">{ctl}</span></span>'
    )


def _rejected_block(e) -> str:
    """A rejected edit: the source text stands; the refused proposal is shown struck through."""
    tip = "rejected · " + _tip(e.rule, e.reason, e.confidence)
    alt = f'<s class="alt">{_shown(e.after) or "∅"}</s>'
    ctl = _button("✓", "accept this edit", act="edit", id=edit_id(e), accept="1")
    return (
        f'<span class="chg k-edit rej" data-id="{escape(edit_id(e))}" data-rule="{escape(e.rule)}" '
        f'data-s="{e.start}" data-e="{e.end}" title="{escape(tip)}">{escape(e.before)}{alt}'
        f'<span class="ctl">{ctl}</span></span>'
    )


def _flag_box(f: Flag) -> str:
    fid = flag_id(f)
    choices = "".join(
        _button(_label(s), f"use {s!r}", act="choose", id=fid, choice=s) for s in f.suggestions
    )
    if not choices:
        choices = '<span class="none">no suggestion</span>'
    tip = _tip(f.rule, f.reason, f.confidence)
    return (
        f'<span class="flagbox" data-id="{escape(fid)}" data-rule="{escape(f.rule)}" title="{escape(tip)}">'
        f'<span class="fl">⚑</span>{choices}</span>'
    )


def _inside(pos: int, blocks: list[_Block]) -> _Block | None:
    for b in blocks:
        if b.start < pos < b.end:
            return b
    return None


def text_html(doc: Document, decisions: Decisions) -> str:
    """The decided text with every change as a tracked change and every open flag as a choice."""
    winners, _ = resolve(doc, decisions)
    blocks = [_Block(c.start, c.end, _change_block(c), int(c.end > c.start)) for c in winners]
    for e in doc.edits:
        if not decisions.accepted(e) and not any(_overlaps(e.start, e.end, b) for b in blocks):
            blocks.append(_Block(e.start, e.end, _rejected_block(e), int(e.end > e.start)))
    blocks.sort(key=lambda b: (b.start, b.sort, b.end))
    decided_flags = {c.id for c in winners if c.kind == "flag"}
    open_flags = [f for f in doc.flags if flag_id(f) not in decided_flags and decisions.choice(f) is None]
    sent_spans = [doc.to_source(s.start, s.end) for s in doc.sentences]
    boxes: dict[int, list[str]] = {}
    for f in open_flags:
        inner = _inside(f.end, blocks)
        boxes.setdefault(inner.end if inner else f.end, []).append(_flag_box(f))
    marks: dict[int, list[str]] = {}
    for j, sec in enumerate(doc.sections):
        pos = doc.to_source(sec.start, sec.start)[0]
        inner = _inside(pos, blocks)
        pos = inner.start if inner else pos
        marks.setdefault(pos, []).append(f'<span class="sec lv{sec.level}" id="sec{j}">§ {escape(sec.title)}</span>')
    flagged = [(f.start, f.end) for f in open_flags if f.end > f.start]
    cuts = {0, len(doc.source), *boxes, *marks}
    cuts.update(p for b in blocks for p in (b.start, b.end))
    cuts.update(p for span in sent_spans for p in span)
    cuts.update(p for span in flagged for p in span)
    by_start: dict[int, list[_Block]] = {}
    for b in blocks:
        by_start.setdefault(b.start, []).append(b)

    sent_starts = [a for a, _ in sent_spans]

    def sentence_class(pos: int) -> str:
        i = bisect_right(sent_starts, pos) - 1  # sentences are in order and do not overlap
        return f" s{i}" if i >= 0 and pos < sent_spans[i][1] else ""

    out: list[str] = []
    pos = 0
    for cut in sorted(cuts):
        if cut < pos:
            continue
        if cut > pos:
            fl = " fl" if any(a <= pos and cut <= b for a, b in flagged) else ""
            out.append(
                f'<span class="p{sentence_class(pos)}{fl}" data-s="{pos}" data-e="{cut}">'
                f"{escape(doc.source[pos:cut])}</span>"
            )
            pos = cut
        out += boxes.pop(pos, [])
        out += marks.pop(pos, [])
        for b in by_start.pop(pos, []):
            out.append(b.html.replace('class="chg ', f'class="chg{sentence_class(b.start)} ', 1))
            pos = b.end
            out += boxes.pop(pos, [])
    for rest in boxes.values():  # a flag at the very start, or one anchored where no cut fell
        out += rest
    return "".join(out)


def _overlaps(start: int, end: int, b: _Block) -> bool:
    if start == end:
        return b.start < start < b.end or b.start == b.end == start
    if b.start == b.end:
        return start < b.start < end
    return start < b.end and b.start < end


def rule_rows(doc: Document, decisions: Decisions) -> list[dict]:
    """Per rule: how many edits (accepted / total) and flags (chosen / total)."""
    edits, accepted, flags, chosen = Counter(), Counter(), Counter(), Counter()
    for e in doc.edits:
        edits[e.rule] += 1
        accepted[e.rule] += decisions.accepted(e)
    for f in doc.flags:
        flags[f.rule] += 1
        chosen[f.rule] += decisions.choice(f) is not None
    editor = len(decisions.editor)
    rows = [
        {"rule": r, "edits": edits[r], "accepted": accepted[r], "flags": flags[r], "chosen": chosen[r]}
        for r in sorted(set(edits) | set(flags))
    ]
    if editor:
        rows.append({"rule": "editor", "edits": editor, "accepted": editor, "flags": 0, "chosen": 0})
    return rows


def counts(doc: Document, decisions: Decisions) -> dict[str, int]:
    winners, lost = resolve(doc, decisions)
    return {
        "edits": len(doc.edits),
        "rejected": sum(not decisions.accepted(e) for e in doc.edits),
        "flags": len(doc.flags),
        "chosen": sum(c.kind == "flag" for c in winners),
        "editor": len(decisions.editor),
        "superseded": len(lost),
    }


def outline_items(doc: Document) -> list[dict]:
    return [{"n": j, "title": s.title, "kind": s.kind, "level": s.level} for j, s in enumerate(doc.sections)]


def briefing_items(doc: Document) -> list[dict]:
    if doc.summary is None:
        return []
    return [
        {"text": s.text, "support": list(s.support), "unsupported": sum(not c.get("supported", True) for c in s.checks)}
        for s in doc.summary.sentences
    ]
