"""JSON output: the document's own serialisation, narrowed to what the command is about."""

from __future__ import annotations

import json

from ..document import Document

VIEW_KEYS = {
    "clean": ("source", "cleaned", "edits", "scores", "meta"),
    "segment": ("cleaned", "sentences", "paragraphs", "sections", "scores", "meta"),
    "summarize": ("cleaned", "sentences", "sections", "summary", "key_figures", "scores", "meta"),
}


def render(doc: Document, view: str) -> str:
    data = doc.to_dict()
    keys = VIEW_KEYS.get(view)
    if keys:
        data = {k: data[k] for k in keys}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
