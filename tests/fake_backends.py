"""Generators for tests of the worker process: they run in a spawned child, so they live in an
importable module (the child imports this file by name; pytest puts tests/ on sys.path)."""

from __future__ import annotations

import os
import signal
from typing import Any

from pipeline.backends.base import Generation


class _Fake:
    runs_in_worker = True
    requires: tuple[str, ...] = ()
    install = "nothing to install"
    crash_advice = "rebuild the test backend"

    def __init__(self, card: Any, path: Any, ctx: Any) -> None:
        self.card = card
        self.name = card.name
        self.context_tokens = card.context_tokens
        self.load_seconds = 0.0
        self.pid = os.getpid()

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def worker_pid(self) -> int:
        return os.getpid()


class EchoGenerator(_Fake):
    """Answers with the first sentence of its input: a stand-in that never crashes."""

    def generate(self, task: str, variables: dict[str, Any], settings: Any = None) -> Generation:
        text = str(variables.get("text") or variables.get("sentence") or "")
        return Generation(text.split(". ")[0].rstrip(".") + ".", self.count_tokens(text), 5, 0.01)


class SegfaultGenerator(_Fake):
    """Dies of SIGSEGV in the middle of generating, as llama.cpp's AMX kernels did."""

    def generate(self, task: str, variables: dict[str, Any], settings: Any = None) -> Generation:
        os.kill(os.getpid(), signal.SIGSEGV)
        raise AssertionError("unreachable")


class KilledGenerator(_Fake):
    """Killed with SIGKILL mid-generation, as the out-of-memory killer does."""

    def generate(self, task: str, variables: dict[str, Any], settings: Any = None) -> Generation:
        os.kill(os.getpid(), signal.SIGKILL)
        raise AssertionError("unreachable")


class FailsToLoad(_Fake):
    def __init__(self, card: Any, path: Any, ctx: Any) -> None:
        raise ValueError("no such tensor")


class SlowToLoad(_Fake):
    """Takes SECONDS to load, as a 1.1 GB GGUF does on a busy machine."""

    SECONDS = 0.5

    def __init__(self, card: Any, path: Any, ctx: Any) -> None:
        import time

        time.sleep(self.SECONDS)
        super().__init__(card, path, ctx)
        self.load_seconds = self.SECONDS
