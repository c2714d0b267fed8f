"""Native generators run in a worker process, so a crash in native code is an error, not a dead run.

llama.cpp is C++: a bad build (AMX kernels on a CPU that cannot run them), an illegal instruction or an
out-of-memory kill takes down whatever process holds the model. The stage therefore talks to the model
through :class:`WorkerGenerator`, a stand-in with the :class:`~pipeline.backends.base.Generator` interface
whose model lives in a child process (started once, kept loaded between calls). If the child dies, every
call raises :class:`~pipeline.errors.BackendCrashed` naming the backend, the signal and what to do; the
stages catch it and fall back, so the document keeps everything the earlier stages produced.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Callable

from ..errors import BackendCrashed, MtbriefError
from .base import Generation, GenerationSettings

# Seconds the parent waits for the child to load the model, and for one request: generous, since a
# 1.1 GB model on a busy 2-core machine can take a minute to load and a long prompt minutes to run.
LOAD_TIMEOUT_S = 600.0
CALL_TIMEOUT_S = 1800.0
# What any user can do, whatever the backend: run without it.
GENERIC_ADVICE = ("or run without it: --set components.summarize.backend=causal (transformers), "
                  "or --set components.summarize.method=centroid (extractive); check a machine first with "
                  "`mtbrief models verify NAME`")
DOING = {"generate": "generating", "count_tokens": "counting tokens"}


@dataclass
class WorkerSpec:
    """Everything the child needs to build the generator: a picklable factory (a class, by reference),
    its arguments, and the runtime settings (threads, seed)."""

    factory: Callable[..., Any]
    card: Any
    path: Path
    runtime: dict[str, Any] = field(default_factory=dict)
    backend: str = ""
    advice: str = ""  # what a user can do when this backend crashes


def _serve(spec: WorkerSpec, conn: Connection) -> None:
    """The child: load once, then answer (method, args) requests until told to stop."""
    from ..pipeline import Context

    try:
        generator = spec.factory(spec.card, spec.path, Context(runtime=dict(spec.runtime)))
        conn.send(("ready", {"name": generator.name, "context_tokens": generator.context_tokens,
                             "load_seconds": generator.load_seconds}))
    except BaseException as err:  # a Python-level failure to load is reported, not a crash
        conn.send(("error", _describe(err)))
        return
    while True:
        try:
            method, args = conn.recv()
        except (EOFError, OSError):
            return
        if method == "stop":
            return
        try:
            conn.send(("ok", getattr(generator, method)(*args)))
        except BaseException as err:
            conn.send(("error", _describe(err)))


def _describe(err: BaseException) -> tuple[str, str, str]:
    return type(err).__name__, str(err), "".join(traceback.format_exception(err))


class WorkerGenerator:
    """A generator whose model runs in a child process; same interface as the one it wraps.

    The child loads the model in the background: construction returns at once, and the first call
    (or a read of ``load_seconds``) waits for it, so loading (2-3 s for the 1.1 GB GGUF) overlaps the
    earlier stages. A Python-level failure to load is raised there, a crash as ``BackendCrashed``."""

    def __init__(self, spec: WorkerSpec) -> None:
        self.spec = spec
        self.card = spec.card
        self.name = getattr(spec.card, "name", "model")
        self.context_tokens = getattr(spec.card, "context_tokens", 0)
        self._load_seconds: float | None = None
        self._load_error: tuple[str, str, str] | None = None
        self.crashed: BackendCrashed | None = None
        # A fresh interpreter (`python -m pipeline.backends.worker`), not fork (the parent may hold torch threads
        # and open models) nor multiprocessing's spawn (it re-runs the user's main script, which without a
        # `__main__` guard would start the pipeline again inside the worker).
        ours, theirs = socket.socketpair()
        self._t0 = time.perf_counter()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "pipeline.backends.worker", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=_stderr_fd(), start_new_session=False,
        )
        theirs.close()
        self._conn = Connection(ours.detach())
        self._conn.send(list(sys.path))  # so that the factory's module (a plugin's, a test's) imports there too
        self._conn.send(spec)

    @property
    def load_seconds(self) -> float:
        self._ready()
        return self._load_seconds or 0.0

    def _ready(self) -> None:
        """Wait until the child has loaded the model (once); a failed load fails every call alike."""
        if self._load_seconds is not None:
            return
        if self.crashed is not None:
            raise self.crashed
        if self._load_error is None:
            status, payload = self._receive("loading the model", LOAD_TIMEOUT_S)
            if status != "error":
                self.name = payload["name"]
                self.context_tokens = payload["context_tokens"]
                self._load_seconds = payload["load_seconds"] or time.perf_counter() - self._t0
                return
            self._load_error = payload
        self._raise_remote(self._load_error)

    # ---- the Generator interface ----------------------------------------------------------
    def count_tokens(self, text: str) -> int:
        return self._call("count_tokens", text)

    def generate(self, task: str, variables: dict[str, Any], settings: GenerationSettings | None = None) -> Generation:
        return self._call("generate", task, variables, settings)

    def __getattr__(self, name: str) -> Any:
        """Other methods of the wrapped generator (a backend's extras) are forwarded as calls."""
        if name.startswith("_") or name in {"spec", "card", "crashed", "load_seconds"}:
            raise AttributeError(name)
        return lambda *args: self._call(name, *args)

    # ---- plumbing ------------------------------------------------------------------------------
    def _call(self, method: str, *args: Any) -> Any:
        self._ready()
        if self.crashed is not None:  # died after loading: every later call fails at once
            raise self.crashed
        try:
            self._conn.send((method, args))
        except (BrokenPipeError, OSError):
            raise self._crash(f"while sending {method}") from None
        status, payload = self._receive(DOING.get(method, f"running {method}"), CALL_TIMEOUT_S)
        if status == "error":
            self._raise_remote(payload)
        return payload

    def _receive(self, what: str, timeout: float) -> tuple[str, Any]:
        deadline = time.monotonic() + timeout
        while not self._conn.poll(0.2):
            if self._process.poll() is not None:
                raise self._crash(f"while {what}")
            if time.monotonic() > deadline:
                self.close()
                raise self._crash(f"after {timeout:.0f} s without an answer while {what}")
        try:
            return self._conn.recv()
        except (EOFError, OSError):
            raise self._crash(f"while {what}") from None

    def _crash(self, when: str) -> BackendCrashed:
        try:
            code = self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        signame = None
        if code is not None and code < 0:
            try:
                signame = signal.Signals(-code).name
            except ValueError:
                signame = f"signal {-code}"
            how = f"was killed by {signame}"
        elif code is None:
            how = "stopped answering"
        else:
            how = f"exited with status {code}"
        advice = "; ".join(filter(None, (self.spec.advice, GENERIC_ADVICE)))
        self.crashed = BackendCrashed(f"the {self.spec.backend} worker running {self.name} {how} {when}; {advice}",
                                      backend=self.spec.backend, signal=signame)
        return self.crashed

    def _raise_remote(self, payload: tuple[str, str, str]) -> None:
        """Re-raise a Python-level error of the child as the same user-facing error class."""
        from .. import errors
        from .templated import PromptTooLong

        kind, message, _trace = payload
        known = {"PromptTooLong": PromptTooLong, **{
            name: getattr(errors, name) for name in ("MtbriefError", "ModelNotInstalled", "ConfigError", "InputError")}}
        if kind in known:
            raise known[kind](message)
        raise MtbriefError(f"{self.spec.backend} worker: {kind}: {message}")

    def close(self) -> None:
        """Stop the child (it also stops by itself when this process ends and its socket closes)."""
        if self._process.poll() is None:
            try:
                self._conn.send(("stop", ()))
            except (BrokenPipeError, OSError):
                pass
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=5)
        self._conn.close()

    @property
    def pid(self) -> int | None:
        return self._process.pid


def _stderr_fd() -> int | None:
    """The child's stdout goes to our stderr, so native chatter never mixes into JSON on stdout."""
    try:
        return sys.__stderr__.fileno() if sys.__stderr__ is not None else None
    except (AttributeError, OSError, ValueError):
        return None


def main(fd: int) -> None:
    """The worker process: take the parent's import path and the spec, then serve until told to stop."""
    conn = Connection(fd)
    sys.path[:] = conn.recv()
    _serve(conn.recv(), conn)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it then stops us
    main(int(sys.argv[1]))
