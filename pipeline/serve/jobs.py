"""Runs the pipeline for the review app in one background thread, so a page never waits on a
model: the page polls the job's state and its last progress line.

One worker: on a small machine two runs at once only make both slow. The built pipeline is kept
between runs (models load once) and rebuilt only when the user's glossary file appears.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..errors import MtbriefError
from ..progress import Progress


@dataclass
class Job:
    state: str = "queued"  # queued | running | done | error
    lines: list[str] = field(default_factory=list)
    error: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"state": self.state, "message": self.lines[-1] if self.lines else self.state, "error": self.error}


class _JobStream:
    """The file-like end of a :class:`Progress`: keeps what the stages say."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def write(self, text: str) -> int:
        for line in text.replace("\r", "\n").splitlines():
            if line.strip():
                self.job.lines.append(line.removeprefix("[mtbrief] ").strip())
                del self.job.lines[:-50]
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


class Runner:
    def __init__(self, config: str | None, overrides: dict[str, Any], glossary: Path) -> None:
        self.config = config
        self.overrides = overrides
        self.glossary = glossary
        self.jobs: dict[str, Job] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mtbrief-run")
        self._pipe = None
        self._pipe_has_glossary = False
        self._lock = threading.Lock()

    def status(self, ident: str) -> Job | None:
        return self.jobs.get(ident)

    def busy(self, ident: str) -> bool:
        job = self.jobs.get(ident)
        return job is not None and job.state in ("queued", "running")

    def submit(self, ident: str, text: str, done: Callable[[Any], None]) -> Job:
        """Queue a run of ``text``; ``done(doc)`` is called in the worker when it finishes."""
        with self._lock:
            if self.busy(ident):
                return self.jobs[ident]
            job = self.jobs[ident] = Job()
        self._pool.submit(self._run, job, text, done)
        return job

    def _pipeline(self, progress: Progress):
        from ..config import load_config, merge
        from ..pipeline import Pipeline
        from ..stages.clean.glossary import load_glossary

        load_glossary.cache_clear()  # the user's file may have a new entry since the last run
        has_glossary = self.glossary.is_file()
        if self._pipe is None or has_glossary != self._pipe_has_glossary:
            overrides = self.overrides
            if has_glossary:
                paths = load_config(self.config, overrides)["components"]["clean"]["glossary"]["paths"]
                if str(self.glossary) not in paths:
                    clean = {"components": {"clean": {"glossary": {"paths": [*paths, str(self.glossary)]}}}}
                    overrides = merge(overrides, clean)
            self._pipe = Pipeline.from_config(self.config, overrides=overrides, progress=progress)
            self._pipe_has_glossary = has_glossary
        self._pipe.context.progress = progress
        return self._pipe

    @staticmethod
    def _stepwise(pipe, text: str, progress: Progress):
        """The pipeline one stage at a time, saying which step is running (timings kept as usual)."""
        from ..document import Document
        from ..pipeline import Pipeline

        doc = Document(source=text)
        for i, stage in enumerate(pipe.stages, 1):
            progress.say(f"step {i} of {len(pipe.stages)}: {stage.name}")
            doc = Pipeline([stage], pipe.config, pipe.context)(doc)
        return doc

    def _run(self, job: Job, text: str, done: Callable[[Any], None]) -> None:
        job.state = "running"
        progress = Progress(stream=_JobStream(job))
        try:
            progress.say("loading the pipeline")
            doc = self._stepwise(self._pipeline(progress), text, progress)
            done(doc)
            job.state = "done"
        except MtbriefError as err:
            job.error, job.state = str(err), "error"
        except Exception as err:  # a bug: the page says so in one line instead of spinning forever
            job.error, job.state = f"internal error: {type(err).__name__}: {err}", "error"

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
