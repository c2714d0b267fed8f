"""Map a Hugging Face ``datasets.Dataset`` through the pipeline with ``Dataset.map(batched=True)``,
so a benchmarker keeps the results next to the inputs as Arrow or Parquet.

Nested results (edits, sections, scores) are JSON strings: their shapes vary by document and by
stage, which Arrow's fixed schemas do not allow; ``json.loads`` gives back what ``--format json``
prints."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..pipeline import Pipeline

if TYPE_CHECKING:
    import datasets

COLUMNS = ("cleaned", "edits", "sections", "briefing", "scores", "error")


def map_dataset(dataset: "datasets.Dataset", pipeline: Pipeline, text_column: str = "text", batch_size: int = 16,
                prefix: str = "") -> "datasets.Dataset":
    """``dataset`` with the columns ``cleaned``, ``edits``, ``sections``, ``briefing``, ``scores``
    and ``error`` (each name after ``prefix``) added; a document that fails gets its one-line
    error and empty results, and the map goes on."""
    if text_column not in dataset.column_names:
        raise ValueError(f"dataset has no column {text_column!r}; columns: {', '.join(dataset.column_names)}")

    def run(batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {prefix + c: [] for c in COLUMNS}
        for doc in pipeline.pipe(batch[text_column], batch_size=batch_size, on_error="record"):
            failed = "error" in doc.meta
            data = None if failed else doc.to_dict()
            out[prefix + "cleaned"].append(None if failed else data["cleaned"])
            out[prefix + "edits"].append(None if failed else json.dumps(data["edits"], ensure_ascii=False))
            out[prefix + "sections"].append(None if failed else json.dumps(data["sections"], ensure_ascii=False))
            out[prefix + "briefing"].append(None if failed or doc.summary is None else doc.summary.text)
            out[prefix + "scores"].append(None if failed else json.dumps(doc.scores, ensure_ascii=False, default=str))
            out[prefix + "error"].append(doc.meta.get("error"))
        return out

    return dataset.map(run, batched=True, batch_size=batch_size, load_from_cache_file=False,
                       desc="mtbrief")


__all__ = ["COLUMNS", "map_dataset"]
