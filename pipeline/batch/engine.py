"""The local batch engine, and what every engine shares: read, run and render one document at a
time inside ``Pipeline.pipe`` (models loaded once), failures recorded as results, never raised."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..document import Document
from ..errors import MtbriefError
from ..pipeline import Pipeline, error_line
from ..progress import SILENT, Progress
from .inputs import Item
from .outputs import BatchOutput, index_entry, suffix_for
from .progress import BatchProgress


@dataclass
class BatchJob:
    """What to run over each document: the pipeline (config, overrides, last stage) and how to
    render it (the command's view and a format). Plain data, so a Ray worker can rebuild it."""

    config: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    upto: str | None = None  # the last component (None: the whole pipeline)
    view: str = "run"  # the command whose rendering to use: run | clean | segment | summarize
    fmt: str = "json"
    batch_size: int = 16

    def pipeline(self) -> Pipeline:
        return Pipeline.from_config(self.config, overrides=self.overrides, upto=self.upto, progress=SILENT)


@dataclass
class Tally:
    ok: int = 0
    failed: int = 0
    skipped: int = 0  # already done (--resume)
    seconds: float = 0.0

    def line(self) -> str:
        n = self.ok + self.failed
        rate = f", {n / self.seconds:.2f} docs/s" if self.seconds > 0 and n else ""
        skipped = f", {self.skipped} already done" if self.skipped else ""
        return f"{self.ok} done, {self.failed} failed{skipped} in {self.seconds:.1f} s{rate}"


def results(pipe: Pipeline, job: BatchJob, items: Iterable[Item]) -> Iterator[dict[str, Any]]:
    """One result per item, in input order: ``status`` ok with the index ``entry`` and the
    ``rendered`` output, or error with its one-line ``error`` and the ``stage`` that failed."""
    from ..render import render

    max_bytes = int(pipe.config["limits"]["max_input_bytes"])
    queue: list[Item] = []

    def documents() -> Iterator[Document]:
        for item in items:
            queue.append(item)
            try:
                doc = Document(source=item.load(max_bytes))
            except MtbriefError as err:  # unreadable: carried through as a failed document
                doc = Document(source="", meta={"error": error_line(err), "error_stage": "read"})
            doc.meta.update(id=item.id, input=item.origin)
            yield doc

    for doc in pipe.pipe(documents(), batch_size=job.batch_size, on_error="record"):
        item = queue.pop(0)
        if "error" not in doc.meta:
            try:
                rendered = render(doc, job.fmt, job.view)
            except Exception as err:
                doc.meta.update(error=error_line(err), error_stage="render")
        if "error" in doc.meta:
            yield {"id": item.id, "origin": item.origin, "status": "error", "error": doc.meta["error"],
                   "stage": doc.meta.get("error_stage"), "entry": None, "rendered": None}
        else:
            entry = index_entry(doc, item.id, item.origin, item.id + suffix_for(job.fmt))
            yield {"id": item.id, "origin": item.origin, "status": "ok", "error": None, "stage": None,
                   "entry": entry, "rendered": rendered}


def record(output: BatchOutput, result: dict[str, Any]) -> bool:
    """Write one result where it belongs; True if the document succeeded."""
    if result["status"] == "ok":
        output.write_ok_entry(result["entry"], result["rendered"])
        return True
    output.write_error(result["id"], result["origin"], result["error"], result["stage"])
    return False


def run_local(job: BatchJob, items: list[Item], output: BatchOutput, progress: Progress = SILENT,
              pipe: Pipeline | None = None) -> Tally:
    """Every item not already done, through one pipeline in this process."""
    pending = [it for it in items if not output.is_done(it.id)]
    tally = Tally(skipped=len(items) - len(pending))
    t0 = time.perf_counter()
    if pending:
        pipe = pipe or job.pipeline()
        bar = BatchProgress(progress, len(pending), tally.skipped)
        for result in results(pipe, job, pending):
            ok = record(output, result)
            tally.ok, tally.failed = tally.ok + ok, tally.failed + (not ok)
            bar.update(ok)
    tally.seconds = time.perf_counter() - t0
    return tally


def run_batch(job: BatchJob, items: list[Item], out_dir: str | Path, *, resume: bool = False,
              engine: str = "local", address: str | None = None, actors: int | None = None,
              progress: Progress = SILENT) -> Tally:
    """Run a batch with the chosen engine into ``out_dir`` (see :mod:`pipeline.batch.outputs`)."""
    output = BatchOutput(out_dir, job.fmt, resume=resume)
    if engine == "ray":
        from .ray_engine import run_ray

        return run_ray(job, items, output, address=address, actors=actors, progress=progress)
    if engine != "local":
        raise ValueError(f"engine must be 'local' or 'ray', not {engine!r}")
    return run_local(job, items, output, progress)
