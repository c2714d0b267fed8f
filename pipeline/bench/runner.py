"""``mtbrief bench CONFIG``: systems x datasets x stages, scored, with intervals and p-values.

Systems run one at a time, the stage's baseline first; the leaderboard files are
rewritten after every (system, dataset), so a crash later keeps what finished. A
system that fails is recorded in ``failures`` and the run goes on; a dataset that is
not on this machine is recorded in ``skipped``.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import traceback
from pathlib import Path
from typing import Any

from .. import registry
from ..config import merge, read_yaml
from ..errors import ConfigError
from ..progress import Progress
from .chart import write_stage_chart
from .config import BenchConfig, StagePlan, load_bench_config, resolve_bench_path
from .datasets import BenchDataset, DatasetUnavailable, load_bench_dataset
from .leaderboard import LEADERBOARD_FILES, Comparison, Leaderboard, Row
from .scoring import Score, Scorer, interval, p_value
from .systems import System, SystemSpec, build_system
from .tasks import SCORES, Task, make_task, stage_seconds, with_seconds

LEADERBOARD = "leaderboard"


def run_bench(config_path: str | Path, *, limit: int | None = None, out_dir: str | Path | None = None,
              progress: Progress | None = None) -> dict[str, Any]:
    """Run a bench config of any kind (its ``kind:`` key, a name in ``registry.benches``; default
    ``leaderboard``); return where the results are, the files written, failures and skips."""
    run = registry.benches.get(bench_kind(config_path), f"{config_path}: kind").factory
    return run(config_path, limit=limit, out_dir=out_dir, progress=progress)


def bench_kind(config_path: str | Path) -> str:
    """The ``kind:`` a bench YAML names, read by the one YAML reader (``config.read_yaml``); a file
    that cannot be read is left to its runner to report, in that reader's words."""
    try:
        kind = read_yaml(resolve_bench_path(config_path)).get("kind", LEADERBOARD)
    except ConfigError:
        return LEADERBOARD
    return kind if isinstance(kind, str) else repr(kind)


@registry.benches.register(LEADERBOARD)
def run_leaderboard(config_path: str | Path, *, limit: int | None = None, out_dir: str | Path | None = None,
                    progress: Progress | None = None) -> dict[str, Any]:
    """Systems x datasets x stages, each score with its signature, interval and paired p-value."""
    cfg = load_bench_config(config_path)
    progress = progress or Progress()
    out = Path(out_dir) if out_dir else cfg.output_dir
    clear_previous(out)
    board = Leaderboard(cfg.name, str(cfg.path), out, cfg.bootstrap.confidence)
    run = BenchRun(cfg, board, Scorer(), progress, limit if limit is not None else cfg.limit)
    t0 = time.perf_counter()
    for plan in cfg.stages:
        run.stage(plan)
    board.timings_s["total"] = round(time.perf_counter() - t0, 1)
    run.files.update(board.write())
    progress.say(f"bench: {len(board.rows)} scores, {len(board.failures)} failures, "
                 f"{len(board.skipped)} skipped, in {board.timings_s['total']:.0f} s; results in {out}")
    return {
        "out_dir": str(out),
        "files": sorted(str(f) for f in run.files),  # the leaderboard in three formats and a chart per stage
        "predictions_dir": str(out / PREDICTIONS),
        "failures": board.failures,
        "skipped": board.skipped,
        "rows": len(board.rows),
        "seconds": board.timings_s["total"],
    }


PREDICTIONS = "predictions"  # out_dir/predictions/<stage>/<dataset>/<system>.jsonl


def clear_previous(out: Path) -> None:
    """Remove what an earlier run wrote here (only the bench's own file names), so no stale
    chart or prediction file passes for this run's."""
    for name in (*LEADERBOARD_FILES, *(f"{stage}.png" for stage in SCORES)):
        (out / name).unlink(missing_ok=True)
    if (out / PREDICTIONS).is_dir():
        shutil.rmtree(out / PREDICTIONS)


class BenchRun:
    def __init__(self, cfg: BenchConfig, board: Leaderboard, scorer: Scorer, progress: Progress,
                 limit: int | None) -> None:
        self.cfg, self.board, self.scorer, self.progress, self.limit = cfg, board, scorer, progress, limit
        self.files: set[Path] = set()

    def stage(self, plan: StagePlan) -> None:
        task = make_task(plan.stage, plan.options)
        datasets = [d for d in (self.dataset(plan, spec) for spec in plan.datasets) if d is not None]
        if not datasets:
            return
        baseline: dict[tuple[str, str], Score] = {}
        self.scored: dict[tuple[str, str, str], Score] = {}
        for spec in plan.systems:
            self.system(plan, task, spec, datasets, baseline)
        self.compare(plan)
        chart = write_stage_chart(self.board.rows, plan.stage, self.board.out_dir, self.cfg.bootstrap.confidence)
        if chart:
            self.files.add(chart)

    def dataset(self, plan: StagePlan, spec: dict[str, Any]) -> BenchDataset | None:
        limits = [n for n in (self.limit, spec["limit"]) if n is not None]
        try:
            with self.progress.task(f"{plan.stage}: loading dataset {spec['name']}"):
                ds = load_bench_dataset(spec, plan.stage, self.cfg.root, self.cfg.cache_dir,
                                        min(limits) if limits else None)
            self.board.datasets[f"{plan.stage}/{ds.name}"] = {"origin": ds.origin, "items": len(ds.items)}
            return ds
        except DatasetUnavailable as err:
            self.progress.say(f"{plan.stage}: skipping dataset {spec['name']}: {err}")
            self.board.skipped.append({"stage": plan.stage, "dataset": spec["name"], "reason": str(err)})
        except Exception as err:  # a broken file must not stop the other datasets
            self._fail(plan.stage, "(dataset)", spec["name"], err)
        return None

    def system(self, plan: StagePlan, task: Task, spec: SystemSpec, datasets: list[BenchDataset],
               baseline: dict[tuple[str, str], Score]) -> None:
        """Run one system over the stage's datasets; it is built once per distinct set of
        overrides (a dataset may bring its own), and a failure stops only what it touches."""
        built: dict[str, System | None] = {}
        for ds in datasets:
            if spec.datasets and ds.name not in spec.datasets:
                continue
            overrides = merge(merge(self.cfg.overrides, plan.overrides), ds.overrides)
            key = json.dumps(overrides, sort_keys=True)
            try:
                if key not in built:
                    built[key] = None  # a failed build is not retried for the next dataset
                    with self.progress.task(f"{plan.stage}: building system {spec.name}"):
                        built[key] = build_system(spec, plan.stage, self.cfg.pipeline_config, overrides)
                system = built[key]
                if system is None:
                    continue
                self.evaluate(plan, task, spec, system, ds, baseline)
            except Exception as err:  # a missing model, a bad override, a crash on an item
                self._fail(plan.stage, spec.name, ds.name, err)
            self.files.update(self.board.write())

    def evaluate(self, plan: StagePlan, task: Task, spec: SystemSpec, system: System, ds: BenchDataset,
                 baseline: dict[tuple[str, str], Score]) -> None:
        items = spec.items_for(ds.name, ds.items)
        t0 = time.perf_counter()
        docs, predictions, kept = [], [], []
        label = f"{plan.stage}: {spec.name} on {ds.name}"
        for n, item in enumerate(items, 1):
            doc = system.predict(item, task.text(item))
            self.progress.tick(label, n, len(items))
            if doc is not None:
                docs.append(doc)
                predictions.append({**task.prediction(doc), **stage_seconds(doc, plan.stage)})
                kept.append(item)
        if not kept:
            self.board.notes.append(f"{label}: no item applies (no stored output for it)")
            return
        self._write_predictions(plan.stage, ds.name, spec.name, kept, predictions)
        t1 = time.perf_counter()
        ids = [it["id"] for it in kept]
        inputs = with_seconds(task.inputs(kept, predictions), predictions)
        scores, notes = self.scorer.score(plan.scores[ds.name], ids, inputs,
                                          system.provenance(docs))
        for note in notes:
            if (text := f"{plan.stage} · {ds.name}: {note}") not in self.board.notes:
                self.board.notes.append(text)
        system_signature = system.signature(docs)
        for score in scores:
            self.board.rows.append(self._row(plan, ds, spec, score, baseline, system_signature))
        self.board.timings_s[f"{plan.stage}/{ds.name}/{spec.name}"] = {
            "run": round(t1 - t0, 1), "score": round(time.perf_counter() - t1, 1)}

    def compare(self, plan: StagePlan) -> None:
        """Paired p-values of every system against each of the stage's ``compare`` systems
        (the baseline's are in the rows), on the items both have."""
        for (dataset, metric, system), score in self.scored.items():
            for other in plan.compare:
                theirs = self.scored.get((dataset, metric, other))
                if other == system or theirs is None:
                    continue
                self.board.comparisons.append(Comparison(
                    plan.stage, dataset, metric, system, other, score.value, theirs.value,
                    p_value(score, theirs, self.cfg.bootstrap)))
        if plan.compare:
            self.files.update(self.board.write())

    def _row(self, plan: StagePlan, ds: BenchDataset, spec: SystemSpec, score: Score,
             baseline: dict[tuple[str, str], Score], system_signature: str) -> Row:
        settings = self.cfg.bootstrap
        key = (ds.name, score.spec.label)
        self.scored[(ds.name, score.spec.label, spec.name)] = score
        if spec.name == plan.baseline:
            baseline[key] = score
            p = None
        else:
            p = p_value(score, baseline[key], settings) if key in baseline else None
        ci = interval(score, settings)
        return Row(
            stage=plan.stage, dataset=ds.name, system=spec.name, metric=score.spec.label, score=score.value,
            ci_low=ci[0] if ci else None, ci_high=ci[1] if ci else None, p_vs_baseline=p,
            n=len(score.items.ids), better=score.spec.better, baseline=plan.baseline,
            signature=score.signature, system_signature=system_signature, package_signature=score.metric_signature,
        )

    def _write_predictions(self, stage: str, dataset: str, system: str, items: list[dict[str, Any]],
                           predictions: list[dict[str, Any]]) -> None:
        """Each system's outputs, so two runs can be compared item by item."""
        path = self.board.out_dir / PREDICTIONS / stage / _safe(dataset) / f"{_safe(system)}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as fh:
            for item, pred in zip(items, predictions):
                fh.write(json.dumps({"id": item["id"], **pred}, ensure_ascii=False) + "\n")

    def _fail(self, stage: str, system: str, dataset: str, err: Exception) -> None:
        message = f"{type(err).__name__}: {err}"
        frame = traceback.extract_tb(err.__traceback__)[-1] if err.__traceback__ else None
        where = f"{frame.filename}:{frame.lineno}" if frame else ""
        self.progress.say(f"{stage}: {system} failed on {dataset}: {message} ({where})")
        self.board.failures.append({"stage": stage, "system": system, "dataset": dataset, "error": message,
                                    "where": where})


def _safe(name: str) -> str:
    return re.sub(r"[^\w.+-]", "_", name)
