"""Where a batch's results go: one file per document, a ``results.jsonl`` index and ``errors.jsonl``.

Each document's file is written atomically (a temporary file renamed over it), then its index
line is appended and flushed to disk. A document counts as done only when both are there, so
a crash or kill at any moment leaves nothing that ``--resume`` mistakes for finished work: it
keeps the index lines whose files exist, drops the rest (and a half-written last line), and
redoes those documents. Each document is then in the index exactly once."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..document import Document
from ..errors import InputError
from ..textio import write_output

INDEX = "results.jsonl"
ERRORS = "errors.jsonl"


def suffix_for(fmt: str) -> str:
    """A document's output file suffix: the renderers' own (the first that -o maps to ``fmt``)."""
    from ..render import SUFFIX_FORMATS

    return next((suffix for suffix, f in SUFFIX_FORMATS.items() if f == fmt), "." + fmt)


def index_entry(doc: Document, item_id: str, origin: str, output: str) -> dict[str, Any]:
    """The index line of a finished document: what a desk scans without opening each file."""
    summary = doc.summary
    return {
        "id": item_id,
        "input": origin,
        "status": "ok",
        "output": output,
        "timings_s": doc.meta.get("timings_s", {}),
        "briefing": summary.text if summary is not None else None,
        "counts": {
            "edits": len(doc.edits),
            "flags": len(doc.flags),
            "sentences": len(doc.sentences),
            "sections": len(doc.sections),
            "briefing_words": len(summary.text.split()) if summary is not None else 0,
        },
    }


def error_entry(item_id: str, origin: str, error: str, stage: str | None = None) -> dict[str, Any]:
    return {"id": item_id, "input": origin, "status": "error", "stage": stage, "error": error}


class BatchOutput:
    """The output folder of one batch run (or of a run resumed)."""

    def __init__(self, folder: str | Path, fmt: str, resume: bool = False) -> None:
        self.folder = Path(folder)
        self.fmt = fmt
        self.suffix = suffix_for(fmt)
        if self.folder.exists() and not self.folder.is_dir():
            raise InputError(f"-o {self.folder} is a file; a batch writes into a folder")
        self.index_path, self.errors_path = self.folder / INDEX, self.folder / ERRORS
        self.done: set[str] = set()  # ids only: a long feed's index stays on disk, not in memory
        if resume:
            self._resume()
        elif self.index_path.exists() and self.index_path.stat().st_size:
            raise InputError(f"{self.index_path} already exists; pass --resume to finish that batch, "
                             "or choose another -o folder")
        else:
            write_output(self.index_path, "")
            write_output(self.errors_path, "")

    # ---- resume ---------------------------------------------------------------------------
    def _resume(self) -> None:
        """Keep finished documents (index line and file both present); forget everything else."""
        kept = [e for e in _read_jsonl(self.index_path)
                if e.get("status") == "ok" and (self.folder / str(e.get("output", ""))).is_file()]
        self.done = {e["id"] for e in kept}
        write_output(self.index_path, "".join(_line(e) for e in kept))
        write_output(self.errors_path, "")  # failed documents are tried again

    def is_done(self, item_id: str) -> bool:
        return item_id in self.done

    # ---- writing --------------------------------------------------------------------------
    def file_for(self, item_id: str) -> str:
        return item_id + self.suffix

    def write_ok(self, item_id: str, origin: str, doc: Document, rendered: str) -> dict[str, Any]:
        name = self.file_for(item_id)
        write_output(self.folder / name, rendered)
        entry = index_entry(doc, item_id, origin, name)
        self._append(self.index_path, entry)
        self.done.add(item_id)
        return entry

    def write_ok_entry(self, entry: dict[str, Any], rendered: str) -> dict[str, Any]:
        """The same for a document finished elsewhere (a Ray worker): its rendered output and index entry."""
        write_output(self.folder / entry["output"], rendered)
        self._append(self.index_path, entry)
        self.done.add(entry["id"])
        return entry

    def write_error(self, item_id: str, origin: str, error: str, stage: str | None = None) -> dict[str, Any]:
        entry = error_entry(item_id, origin, error, stage)
        self._append(self.errors_path, entry)
        self._append(self.index_path, entry)
        return entry

    @staticmethod
    def _append(path: Path, entry: dict[str, Any]) -> None:
        try:
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(_line(entry))
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as err:
            raise InputError(f"cannot write {path}: {err.strerror or err}") from None


def _line(entry: dict[str, Any]) -> str:
    return json.dumps(entry, ensure_ascii=False) + "\n"


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The complete lines of an index; a line cut short by a crash (and anything after) is dropped."""
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").split("\n"):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            break
        if isinstance(entry, dict) and "id" in entry:
            out.append(entry)
    return out
