"""What an editor takes away: the decided text (plain or Markdown), the decisions, a Word file."""

from __future__ import annotations

import json

from ..document import Document
from ..render import docx
from ..review import Decisions, apply_decisions, decided_position, resolve, stale_ids

# name -> (media type, file suffix)
FORMATS = {
    "text": ("text/plain; charset=utf-8", ".txt"),
    "markdown": ("text/markdown; charset=utf-8", ".md"),
    "decisions": ("application/json", ".decisions.json"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
}


def export(doc: Document, decisions: Decisions, fmt: str, name: str) -> bytes | str:
    if fmt == "text":
        return apply_decisions(doc, decisions)
    if fmt == "markdown":
        return markdown(doc, decisions, name)
    if fmt == "decisions":
        data = decisions.to_dict()
        data["document"] = name
        data["stale"] = stale_ids(doc, decisions)
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if fmt == "docx":
        return docx.build(doc, decisions)
    raise ValueError(fmt)


def markdown(doc: Document, decisions: Decisions, name: str) -> str:
    """The decided text with the outline as headings: a heading line of the text becomes a
    Markdown heading, a section without one gets its title as a heading line of its own."""
    changes = resolve(doc, decisions)[0]
    text = apply_decisions(doc, decisions)
    inserts: dict[int, str] = {}
    for sec in doc.sections:
        pos = decided_position(changes, doc.to_source(sec.start, sec.start)[0])
        hashes = "#" * min(sec.level + 1, 6)
        at_line_start = pos == 0 or text[pos - 1] == "\n"
        lead = "" if at_line_start else "\n\n"
        if sec.title_source == "heading":
            inserts[pos] = inserts.get(pos, "") + f"{lead}{hashes} "
        else:
            inserts[pos] = inserts.get(pos, "") + f"{lead}{hashes} {sec.title}\n\n"
    parts, last = [], 0
    for pos in sorted(inserts):
        parts += [text[last:pos], inserts[pos]]
        last = pos
    parts.append(text[last:])
    body = "".join(parts)
    return f"# {name}\n\n{body}" + ("" if body.endswith("\n") else "\n")
