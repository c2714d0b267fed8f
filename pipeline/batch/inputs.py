"""What a batch reads: several files, a folder with a glob, or a JSONL/CSV file of records.

Inputs are planned up front (ids, where each came from) and read one at a time, so a feed of
any length costs one document's text at a time for files. A document that cannot be read
(missing, binary, not UTF-8, too large, a bad JSON line, no text field) becomes an item with
its one-line error, and the batch goes on."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from ..textio import decode_input, read_input

RECORD_SUFFIXES = (".jsonl", ".csv")
DEFAULT_GLOB = "*.txt"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class Item:
    """One document of a batch: its id (also its output file's name), where it came from, and
    either its text (records carry it), a path to read, or the error that stopped it."""

    id: str
    origin: str
    path: str | None = None
    text: str | None = None
    error: str | None = None

    def load(self, max_bytes: int) -> str:
        """The document's text, normalised as a single input is; raises InputError with one line."""
        if self.error is not None:
            raise InputError(self.error)
        if self.text is not None:
            size = len(self.text.encode("utf-8"))
            if size > max_bytes:
                raise InputError(f"{self.origin} is {size:,} bytes, over the limit of {max_bytes:,} "
                                 "(limits.max_input_bytes in the config)")
            return decode_input(self.text.encode("utf-8"), self.origin)
        assert self.path is not None
        return read_input(self.path, max_bytes)

    def as_record(self) -> dict[str, str | None]:
        return {"id": self.id, "origin": self.origin, "path": self.path, "text": self.text, "error": self.error}

    @classmethod
    def from_record(cls, record: dict) -> "Item":
        return cls(**{k: (None if v is None else str(v)) for k, v in record.items() if k in cls.__dataclass_fields__})


def is_record_file(path: str | Path, text_field: str | None = None) -> bool:
    return text_field is not None or Path(path).suffix.lower() in RECORD_SUFFIXES


def plan_inputs(paths: list[str], glob: str | None = None, text_field: str | None = None,
                id_field: str | None = None) -> list[Item]:
    """Every document the inputs name, in order, each with a unique id safe as a file name.

    A folder gives its files matching ``glob`` (default ``*.txt``; ``**/*.txt`` recurses), sorted;
    a ``.jsonl``/``.csv`` file (or any file with ``text_field`` given) gives one item per record."""
    items: list[Item] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.glob(glob or DEFAULT_GLOB) if p.is_file())
            if not found:
                raise InputError(f"folder {path} has no files matching {glob or DEFAULT_GLOB!r} (set --glob)")
            items.extend(Item(_file_id(p.relative_to(path)), str(p), path=str(p)) for p in found)
        elif not path.exists():
            raise InputError(f"input file not found: {path}")
        elif is_record_file(path, text_field):
            items.extend(_records(path, text_field or "text", id_field))
        else:
            items.append(Item(_file_id(Path(path.name)), str(path), path=str(path)))
    return _unique(items)


def _file_id(relative: Path) -> str:
    return _UNSAFE.sub("_", "__".join(relative.with_suffix("").parts)) or "document"


def _unique(items: list[Item]) -> list[Item]:
    """Ids double as file names: a repeated one gets ``-2``, ``-3``... in input order."""
    taken: set[str] = set()
    for item in items:
        base, n = item.id, 1
        while item.id in taken:
            n += 1
            item.id = f"{base}-{n}"
        taken.add(item.id)
    return items


def _records(path: Path, text_field: str, id_field: str | None) -> Iterator[Item]:
    """One item per JSONL line or CSV row; a bad row is an item with its error, not a failed batch."""
    stem = _file_id(Path(path.name))
    try:
        raw = path.read_bytes()
        data = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{path} is not valid UTF-8: byte 0x{raw[err.start]:02x} at byte offset {err.start}") from None
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror or err}") from None
    if path.suffix.lower() == ".csv":
        rows = _csv_rows(path, data, text_field)
    else:
        rows = _jsonl_rows(path, data)
    for n, (row, error) in enumerate(rows, start=1):
        origin = f"{path}:{n}"
        ident = str(row.get(id_field)) if row is not None and id_field and row.get(id_field) not in (None, "") else None
        item_id = _UNSAFE.sub("_", ident) if ident else f"{stem}-{n}"
        if error is None and id_field and not ident:
            error = f"{origin}: no {id_field!r} field (--id-field)"
        if error is None:
            text = row.get(text_field)
            if not isinstance(text, str):
                error = f"{origin}: no {text_field!r} text field (--text-field)"
            else:
                yield Item(item_id, origin, text=text)
                continue
        yield Item(item_id, origin, error=error)


def _jsonl_rows(path: Path, data: str) -> Iterator[tuple[dict | None, str | None]]:
    lines = [line for line in data.splitlines() if line.strip()]
    if not lines:
        raise InputError(f"{path} is empty")
    for n, line in enumerate(lines, start=1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            yield None, f"{path}:{n}: not valid JSON ({err.msg} at column {err.colno})"
            continue
        yield (row, None) if isinstance(row, dict) else (None, f"{path}:{n}: a JSON object is expected")


def _csv_rows(path: Path, data: str, text_field: str) -> Iterator[tuple[dict | None, str | None]]:
    reader = csv.DictReader(data.splitlines(keepends=True))
    if not reader.fieldnames:
        raise InputError(f"{path} is empty")
    if text_field not in reader.fieldnames:
        raise InputError(f"{path} has no column {text_field!r}; columns: {', '.join(reader.fieldnames)} (--text-field)")
    for row in reader:
        yield row, None
