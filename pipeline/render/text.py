"""Plain text: just the cleaned document, for piping into an editor."""

from ..document import Document


def render(doc: Document, view: str) -> str:
    return doc.cleaned if doc.cleaned.endswith("\n") else doc.cleaned + "\n"
