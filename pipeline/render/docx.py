"""Word (.docx) with real tracked changes, for editors who review in Word or LibreOffice.

Every decided change is a Word revision (``w:del`` + ``w:ins``, author ``mtbrief``, a date) with a
comment giving its rule and reason; flags nobody acted on are comments only, listing their
suggestions. Each line of the text is a paragraph, and a changed line break is a revision of the
paragraph mark, so Word's own Reject All gives back the source exactly and Accept All gives the
decided text. python-docx writes the package and the comments; it has no revisions, so the runs
and marks are built here as WordprocessingML.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from ..document import Document
from ..review import Change, Decisions, flag_id, resolve

AUTHOR = "mtbrief"
INITIALS = "mt"
# Characters XML 1.0 cannot hold; Word could not open a file with them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Note:
    """A comment only: anchored on ``source[start:end]``, no change to the text."""

    start: int
    end: int
    text: str


@dataclass
class _Paragraph:
    items: list[tuple] = field(default_factory=list)  # ("run", kind, text, revision id) | ("cstart"|"cend", cid)
    mark: tuple[str, int] | None = None  # ("ins"|"del", revision id) when the line break itself changed


def render(doc: Document, view: str) -> bytes:
    """The document with every applied edit as a revision (what ``clean -o out.docx`` writes)."""
    return build(doc, Decisions.for_document(doc))


def build(doc: Document, decisions: Decisions, when: dt.datetime | None = None) -> bytes:
    """A .docx of ``doc`` under ``decisions``: decided changes as revisions, other flags as comments."""
    changes = resolve(doc, decisions)[0]
    chosen = {c.id for c in changes}
    notes = [Note(f.start, f.end, flag_comment(f)) for f in doc.flags if flag_id(f) not in chosen]
    return write_docx(doc.source, changes, notes, when)


def change_comment(c: Change) -> str:
    conf = f" (confidence {c.confidence:.2f})" if c.confidence is not None else ""
    what = {"edit": "", "flag": " (suggestion chosen by the editor)", "editor": ""}[c.kind]
    return f"{c.rule}{conf}{what}: {c.reason}"


def flag_comment(flag) -> str:
    options = "; ".join(f"{i}) \u201c{s}\u201d" for i, s in enumerate(flag.suggestions, 1)) or "none"
    conf = f" (confidence {flag.confidence:.2f})" if flag.confidence is not None else ""
    return f"{flag.rule}{conf}, flagged, not changed: {flag.reason}. Suggestions: {options}"


def write_docx(source: str, changes: list[Change], notes: list[Note], when: dt.datetime | None = None) -> bytes:
    import docx

    when = (when or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    stamp = when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    document = docx.Document()
    document.core_properties.author = document.core_properties.last_modified_by = AUTHOR
    comment_ids = [
        document.comments.add_comment(_xml_safe(text), author=AUTHOR, initials=INITIALS).comment_id
        for text in [change_comment(c) for c in changes] + [n.text for n in notes]
    ]
    paragraphs = _paragraphs(source, changes, notes, comment_ids)
    body = document.element.body
    for p in body.findall(_qn("w:p")):  # the template's empty paragraph, if any
        body.remove(p)
    anchor = body.sectPr
    for para in paragraphs:
        element = _paragraph_xml(para, stamp)
        if anchor is not None:
            anchor.addprevious(element)
        else:
            body.append(element)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraphs(source: str, changes: list[Change], notes: list[Note], comment_ids: list[int]) -> list[_Paragraph]:
    """Split the stream of plain, deleted and inserted text into lines; comment marks go along."""
    spans = [(c.start, c.end) for c in changes]
    opens: dict[int, list[int]] = {}
    closes: dict[int, list[tuple[int, int]]] = {}  # position -> (where the note opened, comment id)
    for cid, note in zip(comment_ids[len(changes) :], notes):
        lo, hi = _snap(note.start, spans, left=True), _snap(note.end, spans, left=False)
        opens.setdefault(lo, []).append(cid)
        closes.setdefault(hi, []).append((lo, cid))
    by_start: dict[int, list[tuple[Change, int]]] = {}
    for c, cid in zip(changes, comment_ids):
        by_start.setdefault(c.start, []).append((c, cid))
    rev = iter(range(max(comment_ids, default=-1) + 1, 10_000_000))  # ids unique across annotations
    stream: list[tuple] = []
    pos = 0

    def close_notes(at: int, opened_before: bool) -> None:
        keep = []
        for lo, cid in closes.get(at, []):
            if (lo < at) == opened_before:
                stream.append(("cend", cid))
            else:
                keep.append((lo, cid))
        closes[at] = keep

    for cut in sorted({0, len(source), *opens, *closes, *(p for s in spans for p in s)}):
        if cut < pos:  # inside a change already written
            continue
        if cut > pos:
            stream.append(("run", "plain", source[pos:cut]))
            pos = cut
        close_notes(pos, opened_before=True)
        stream += [("cstart", cid) for cid in opens.pop(pos, [])]
        close_notes(pos, opened_before=False)  # a note on an insertion point
        for c, cid in by_start.pop(pos, []):
            stream.append(("cstart", cid))
            if c.before:
                stream.append(("run", "del", c.before))
            if c.after:
                stream.append(("run", "ins", c.after))
            stream.append(("cend", cid))
            pos = c.end
            close_notes(pos, opened_before=True)
    paras = [_Paragraph()]
    for item in stream:
        if item[0] != "run":
            paras[-1].items.append(item)
            continue
        _, kind, text = item
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if line:  # each piece of a revision split over lines is a revision of its own
                paras[-1].items.append(("run", kind, line, next(rev)))
            if i < len(lines) - 1:
                paras[-1].mark = None if kind == "plain" else (kind, next(rev))
                paras.append(_Paragraph())
    return paras


def _snap(pos: int, spans: list[tuple[int, int]], left: bool) -> int:
    """A comment boundary inside a change moves to that change's edge, so changes stay whole."""
    for s, e in spans:
        if s < pos < e:
            return s if left else e
    return pos


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _el(tag: str, **attrs: str):
    from docx.oxml import OxmlElement

    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(_qn(k.replace("_", ":", 1)), v)
    return el


def _revision(kind: str, rid: int, stamp: str):
    return _el(f"w:{kind}", w_id=str(rid), w_author=AUTHOR, w_date=stamp)


def _run(text: str, deleted: bool):
    """A run whose tabs are <w:tab/>, the rest w:t (w:delText inside a deletion), spaces kept."""
    r = _el("w:r")
    for k, piece in enumerate(_xml_safe(text).split("\t")):
        if k:
            r.append(_el("w:tab"))
        if piece:
            t = _el("w:delText" if deleted else "w:t")
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            t.text = piece
            r.append(t)
    return r


def _paragraph_xml(para: _Paragraph, stamp: str):
    p = _el("w:p")
    if para.mark is not None:
        ppr, rpr = _el("w:pPr"), _el("w:rPr")
        rpr.append(_revision(*para.mark, stamp))
        ppr.append(rpr)
        p.append(ppr)
    for item in para.items:
        if item[0] == "cstart":
            p.append(_el("w:commentRangeStart", w_id=str(item[1])))
        elif item[0] == "cend":
            p.append(_el("w:commentRangeEnd", w_id=str(item[1])))
            ref = _el("w:r")
            ref.append(_el("w:commentReference", w_id=str(item[1])))
            p.append(ref)
        else:
            _, kind, text, rid = item
            if kind == "plain":
                p.append(_run(text, deleted=False))
            else:
                wrapper = _revision(kind, rid, stamp)
                wrapper.append(_run(text, deleted=kind == "del"))
                p.append(wrapper)
    return p


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


# ---- reading back: what Word's Accept All / Reject All would leave ---------------------------
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def resolved_text(data: bytes, accept: bool) -> str:
    """The body text of a .docx after accepting (or rejecting) every revision, read from its XML:
    paragraphs joined by line breaks, a paragraph whose mark is removed runs into the next."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    gone = f"{_W}del" if accept else f"{_W}ins"
    out: list[str] = []
    paras = root.find(f"{_W}body").findall(f"{_W}p")
    for i, p in enumerate(paras):
        for node in p.iter(f"{_W}t", f"{_W}delText", f"{_W}tab"):
            if any(a.tag == gone for a in node.iterancestors()):
                continue
            out.append("\t" if node.tag == f"{_W}tab" else node.text or "")
        mark = p.find(f"{_W}pPr/{_W}rPr")
        removed = mark is not None and mark.find(gone) is not None
        if i < len(paras) - 1 and not removed:
            out.append("\n")
    return "".join(out)
