"""Output formats. Each renderer takes the document and a *view* (which command asked),
so ``clean`` shows edits while ``run`` shows everything."""

from __future__ import annotations

from typing import Callable

from .. import registry
from ..document import Document
from . import diff, docx, html, jsonfmt, markdown, text

Renderer = Callable[[Document, str], str | bytes]  # bytes for a binary format (docx)

for _name, _render in {"json": jsonfmt.render, "markdown": markdown.render, "html": html.render,
                       "text": text.render, "diff": diff.render, "docx": docx.render}.items():
    registry.renderers.register(_name, _render)
RENDERERS = registry.renderers  # format name -> Renderer; plugins add theirs (group mtbrief.renderers)
# Which formats each command offers (text and diff only make sense for cleaning).
FORMATS_BY_VIEW: dict[str, tuple[str, ...]] = {
    "run": ("json", "markdown", "html", "docx"),
    "clean": ("json", "markdown", "html", "text", "diff", "docx"),
    "segment": ("json", "markdown", "html"),
    "summarize": ("json", "markdown", "html"),
}
SUFFIX_FORMATS = {".json": "json", ".md": "markdown", ".html": "html", ".htm": "html", ".txt": "text", ".diff": "diff",
                  ".docx": "docx"}


def render(doc: Document, fmt: str, view: str) -> str | bytes:
    return RENDERERS[fmt](doc, view)
