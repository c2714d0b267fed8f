"""Batch processing: a desk's whole feed through one loaded pipeline, locally or on Ray.

``plan_inputs`` turns files, folders and JSONL/CSV records into items; ``run_batch`` runs them
with the local engine (``Pipeline.pipe``) or the Ray engine, into a folder with one file per
document, ``results.jsonl`` and ``errors.jsonl`` (``--resume`` finishes an interrupted run);
``map_dataset`` maps a Hugging Face ``datasets.Dataset`` through the pipeline. Names load on
first use, so the command line's ``--help`` stays instant."""

from importlib import import_module
from typing import Any

_WHERE = {
    "BatchJob": "engine", "Tally": "engine", "results": "engine", "run_batch": "engine", "run_local": "engine",
    "map_dataset": "hf", "Item": "inputs", "plan_inputs": "inputs", "BatchOutput": "outputs",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'pipeline.batch' has no attribute {name!r}")
    return getattr(import_module(f".{_WHERE[name]}", __name__), name)
