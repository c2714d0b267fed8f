"""Reading user input safely: every bad file gets one clear line, never a traceback."""

from __future__ import annotations

from pathlib import Path

from .errors import InputError


def read_input(path: str | Path, max_bytes: int) -> str:
    """Return the UTF-8 text of ``path`` or raise :class:`InputError` saying what is wrong."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"input file not found: {p}")
    if not p.is_file():
        raise InputError(f"input is not a regular file: {p}")
    size = p.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"input file {p} is {size:,} bytes, over the limit of {max_bytes:,} (limits.max_input_bytes in the config)"
        )
    data = p.read_bytes()
    return decode_input(data, str(p))


def decode_input(data: bytes, name: str = "input") -> str:
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"{name} looks binary: NUL byte at byte offset {nul}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{name} is not valid UTF-8: byte 0x{data[err.start]:02x} at byte offset {err.start}"
        ) from None
    if not text.strip():
        raise InputError(f"{name} is empty")
    # One line-break convention, so layout rules see CRLF files as they see LF ones;
    # all offsets refer to this normalised text.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def refuse_overwrite(output: str | Path, inputs: list[Path]) -> None:
    """Raise before any work is done if ``output`` is one of the user's input files (or a folder)."""
    out = Path(output)
    if out.is_dir():
        raise InputError(f"-o {out} is a folder; give a file name")
    for p in inputs:
        if out.exists() and p.exists() and out.resolve() == p.resolve():
            raise InputError(f"refusing to overwrite the input file {p} with output; choose another -o path")


def write_output(path: str | Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8, or bytes) so that a failed run never leaves a half-written file.

    A new path or a regular file is replaced atomically (a temporary file renamed over it). Anything
    else (a device such as /dev/null or /dev/full, a FIFO) is written in place, never replaced by a
    regular file.
    """
    out = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if out.exists() and not out.is_file():
        if out.is_dir():
            raise InputError(f"cannot write {out}: it is a folder")
        _write_in_place(out, data)
        return
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        tmp.replace(out)
    except OSError as err:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:  # the folder itself is not there or not a folder: nothing was written
            pass
        raise InputError(f"cannot write {out}: {err.strerror or err}") from None


def _write_in_place(out: Path, data: bytes) -> None:
    try:
        with open(out, "wb") as fh:
            fh.write(data)
            fh.flush()
    except OSError as err:
        raise InputError(f"cannot write {out}: {err.strerror or err}") from None
