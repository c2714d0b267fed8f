"""A batch's progress line on stderr: documents done (and failed), documents/s and an ETA."""

from __future__ import annotations

import time

from ..progress import Progress


class BatchProgress:
    """Rewrites one line on a terminal; elsewhere (a log) prints about every tenth of the batch
    or every 10 s, whichever comes first."""

    def __init__(self, progress: Progress, total: int, skipped: int = 0) -> None:
        self.progress = progress
        self.total = total
        self.skipped = skipped
        self.done = self.failed = 0
        self.t0 = self._last = time.perf_counter()

    @property
    def rate(self) -> float:
        elapsed = time.perf_counter() - self.t0
        return (self.done + self.failed) / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        finished = self.done + self.failed
        rate = self.rate
        left = self.total - finished
        eta = f"ETA {_duration(left / rate)}" if rate > 0 and left else ("done" if not left else "ETA ?")
        failed = f" ({self.failed} failed)" if self.failed else ""
        return f"{finished + self.skipped}/{self.total + self.skipped} documents{failed}, {rate:.2f} docs/s, {eta}"

    def update(self, ok: bool) -> None:
        if ok:
            self.done += 1
        else:
            self.failed += 1
        p = self.progress
        if p.quiet:
            return
        finished, now = self.done + self.failed, time.perf_counter()
        if p.stream.isatty():
            print("\r[mtbrief] " + self.line(), end="\n" if finished == self.total else "", file=p.stream, flush=True)
        elif finished == self.total or finished % max(1, self.total // 10) == 0 or now - self._last >= 10:
            self._last = now
            print("[mtbrief] " + self.line(), file=p.stream, flush=True)


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"
