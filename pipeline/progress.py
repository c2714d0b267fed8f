"""Progress on stderr for anything slow (model loads, generation); silent when quiet."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import Iterator, TextIO


class Progress:
    def __init__(self, quiet: bool = False, stream: TextIO | None = None) -> None:
        self.quiet = quiet
        self.stream = stream or sys.stderr

    def say(self, message: str) -> None:
        if not self.quiet:
            print(f"[mtbrief] {message}", file=self.stream, flush=True)

    @contextmanager
    def task(self, label: str) -> Iterator["Progress"]:
        """Announce a step, then say how long it took once it is done."""
        self.say(f"{label} ...")
        t0 = time.perf_counter()
        yield self
        self.say(f"{label}: done in {time.perf_counter() - t0:.1f} s")

    def tick(self, label: str, done: int, total: int | None = None) -> None:
        """A counter that rewrites its line on a terminal and prints sparsely elsewhere."""
        if self.quiet:
            return
        text = f"[mtbrief] {label}: {done}" + (f"/{total}" if total else "")
        if self.stream.isatty():
            print("\r" + text, end="", file=self.stream, flush=True)
        elif total and (done == total or done % max(1, total // 10) == 0):
            print(text, file=self.stream, flush=True)


SILENT = Progress(quiet=True)
