"""The Ray engine, for when one machine is not enough: Ray Data streams the documents through
``map_batches`` over a pool of actors, each holding one pipeline with its models (loaded once
per actor), and the driver writes the same outputs as the local engine.

Actors are sized from the config: each asks for ``runtime.threads`` CPUs (the threads its torch
and llama.cpp use) and ``runtime.memory_mb`` of memory (one pipeline with its models), and the
pool has as many actors as the cluster's CPUs and memory allow (or ``--actors``). Every worker
machine needs ``mtbrief[ray]`` installed (and the models its config names); inputs given as
files are read by the actors, so on a cluster they must sit on storage every machine sees (or
come as a JSONL/CSV, whose texts travel with the records)."""

from __future__ import annotations

import json
import logging
import math
import time
from dataclasses import asdict, dataclass
from typing import Any

from ..config import load_config
from ..errors import MtbriefError
from ..progress import SILENT, Progress
from .engine import BatchJob, Tally, record, results
from .inputs import Item
from .outputs import BatchOutput
from .progress import BatchProgress

COLUMNS = ["id", "origin", "status", "error", "stage", "entry", "rendered"]


class PipelineActor:
    """One pipeline per actor, built once; each call runs a batch of items through it."""

    def __init__(self, job: dict[str, Any]) -> None:
        self.job = BatchJob(**job)
        self.pipe = self.job.pipeline()

    def __call__(self, batch: Any) -> Any:
        import pandas as pd

        items = [Item.from_record({k: _scalar(v) for k, v in row.items()}) for row in batch.to_dict("records")]
        rows = []
        for r in results(self.pipe, self.job, items):
            rows.append({**{k: r[k] for k in ("id", "origin", "status", "error", "stage")},
                         "entry": json.dumps(r["entry"], ensure_ascii=False) if r["entry"] else "",
                         "rendered": r["rendered"] or ""})
        return pd.DataFrame(rows, columns=COLUMNS)


def _scalar(value: Any) -> Any:
    """pandas gives NaN for a missing string; an Item wants None."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


@dataclass(frozen=True)
class PoolSize:
    cpus: int  # per actor
    memory: int  # bytes per actor
    actors: int
    batch: int  # documents per batch


def pool_size(resources: dict[str, float], threads: int, memory: int, actors: int | None, pending: int,
              batch_size: int) -> PoolSize:
    """Actors as many as the cluster's CPUs and memory allow (or ``actors``), each with ``threads``
    CPUs and ``memory`` bytes; a cluster smaller than one pipeline still runs one. A feed smaller
    than a batch per actor is cut finer, so every actor has work (8 bulletins in batches of 16 would
    all go to one actor); then no actor is started without a batch to run."""
    cpus = int(resources.get("CPU", 1))
    total_memory = int(resources.get("memory", memory))
    per_actor = max(1, min(threads, cpus))
    memory = min(memory, total_memory)
    pool = actors or max(1, min(cpus // per_actor, total_memory // memory))
    batch = max(1, min(batch_size, math.ceil(pending / pool)))
    return PoolSize(per_actor, memory, min(pool, math.ceil(pending / batch)), batch)


def run_ray(job: BatchJob, items: list[Item], output: BatchOutput, *, address: str | None = None,
            actors: int | None = None, progress: Progress = SILENT) -> Tally:
    """Every item not already done, through an actor pool on the Ray cluster at ``address``
    (a local one when None, or the one already initialised in this process)."""
    try:
        import ray
    except ImportError:
        raise MtbriefError("--engine ray needs Ray; install it with: pip install 'mtbrief[ray]'") from None

    pending = [it for it in items if not output.is_done(it.id)]
    tally = Tally(skipped=len(items) - len(pending))
    t0 = time.perf_counter()
    if not pending:
        return tally
    runtime = load_config(job.config, job.overrides)["runtime"]  # also validates the config early
    threads, memory = int(runtime["threads"]), int(runtime["memory_mb"]) * 2**20
    if not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING,
                 configure_logging=False)
    size = pool_size(ray.cluster_resources(), threads, memory, actors, len(pending), job.batch_size)
    per_actor, memory, pool, batch = size.cpus, size.memory, size.actors, size.batch

    logging.getLogger("ray.data").setLevel(logging.WARNING)  # its per-dataset INFO lines; mtbrief reports progress
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True  # the index lists documents in input order
    ctx.enable_progress_bars = False  # mtbrief prints its own line
    ds = ray.data.from_items([it.as_record() for it in pending], override_num_blocks=max(1, len(pending) // batch))
    # One batch in flight per actor: with the default (4) the first actor to finish loading its models
    # took every batch of a small feed while the others sat idle (8 bulletins: 0.56x the local engine).
    strategy = ray.data.ActorPoolStrategy(size=pool, max_tasks_in_flight_per_actor=1)
    ds = ds.map_batches(PipelineActor, fn_constructor_kwargs={"job": asdict(job)}, batch_size=batch,
                        batch_format="pandas", compute=strategy, num_cpus=per_actor, memory=memory)
    bar = BatchProgress(progress, len(pending), tally.skipped)
    try:
        for row in ds.iter_rows():
            result = {k: _scalar(row[k]) for k in COLUMNS}
            result["entry"] = json.loads(result["entry"]) if result["entry"] else None
            ok = record(output, result)
            tally.ok, tally.failed = tally.ok + ok, tally.failed + (not ok)
            bar.update(ok)
    except MtbriefError:
        raise
    except Exception as err:  # an actor could not start (a model not installed) or the cluster went away
        lines = [line for line in str(err).splitlines() if line.strip()]
        raise MtbriefError(f"ray: {lines[-1] if lines else type(err).__name__} ({tally.ok + tally.failed} documents "
                           "recorded; --resume finishes the rest)") from None
    tally.seconds = time.perf_counter() - t0
    return tally
