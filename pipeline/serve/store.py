"""Where the review app keeps each text: one folder per text in the user's data folder, named by
the hash of the text, holding the text, the last pipeline result and the editor's decisions.

Keyed by content, not by file name, so opening the same bulletin again (from the folder, as an
upload or pasted) finds its decisions, and an upload or a paste, which have no file to sit
beside, are kept the same way. Every write is atomic (``textio.write_output``): a crash between
two clicks loses nothing that was saved.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..document import Document
from ..errors import InputError
from ..review import Decisions, source_sha256
from ..textio import write_output

_ID = re.compile(r"[0-9a-f]{16}")


def text_id(text: str) -> str:
    """A document's id: the first 16 hex digits of the SHA-256 of its text."""
    return source_sha256(text)[:16]


@dataclass
class Entry:
    id: str
    name: str
    source: str


class Store:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).expanduser()
        self._lock = threading.Lock()

    def folder(self, ident: str) -> Path:
        if not _ID.fullmatch(ident):  # never a path a request could steer
            raise InputError(f"no document {ident!r}")
        return self.root / ident

    def add(self, text: str, name: str) -> str:
        """Keep ``text`` (idempotent) and return its id; a known text keeps its first name."""
        ident = text_id(text)
        folder = self.folder(ident)
        with self._lock:
            if not (folder / "source.txt").is_file():
                write_output(folder / "source.txt", text)
                write_output(folder / "meta.json", json.dumps({"name": name}, ensure_ascii=False))
        return ident

    def get(self, ident: str) -> Entry:
        folder = self.folder(ident)
        try:
            text = (folder / "source.txt").read_text(encoding="utf-8")
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise InputError(f"no document {ident!r}") from None
        return Entry(ident, str(meta.get("name", ident)), text)

    def result(self, ident: str) -> Document | None:
        """The last pipeline run of this text, or None if it has not finished one."""
        path = self.folder(ident) / "doc.json"
        if not path.is_file():
            return None
        return Document.from_dict(json.loads(path.read_text(encoding="utf-8")))

    def save_result(self, ident: str, doc: Document) -> None:
        with self._lock:
            write_output(self.folder(ident) / "doc.json", json.dumps(doc.to_dict(), ensure_ascii=False))

    def decisions(self, ident: str, source: str) -> Decisions:
        path = self.folder(ident) / "decisions.json"
        if not path.is_file():
            return Decisions(source_sha256=source_sha256(source))
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            raise InputError(f"saved decisions {path} are not valid JSON; move the file away to start over") from None
        return Decisions.from_dict(data)

    def save_decisions(self, ident: str, decisions: Decisions) -> None:
        with self._lock:
            write_output(self.folder(ident) / "decisions.json", json.dumps(decisions.to_dict(), ensure_ascii=False, indent=1))
