"""Output formats. Each renderer takes the document and a *view* (which command asked),
so ``clean`` shows edits while ``run`` shows everything."""

from __future__ import annotations

from typing import Callable

from ..document import Document
from . import diff, html, jsonfmt, markdown, text

Renderer = Callable[[Document, str], str]

RENDERERS: dict[str, Renderer] = {
    "json": jsonfmt.render,
    "markdown": markdown.render,
    "html": html.render,
    "text": text.render,
    "diff": diff.render,
}
# Which formats each command offers (text and diff only make sense for cleaning).
FORMATS_BY_VIEW: dict[str, tuple[str, ...]] = {
    "run": ("json", "markdown", "html"),
    "clean": ("json", "markdown", "html", "text", "diff"),
    "segment": ("json", "markdown", "html"),
    "summarize": ("json", "markdown", "html"),
}
SUFFIX_FORMATS = {".json": "json", ".md": "markdown", ".html": "html", ".htm": "html", ".txt": "text", ".diff": "diff"}


def render(doc: Document, fmt: str, view: str) -> str:
    return RENDERERS[fmt](doc, view)
