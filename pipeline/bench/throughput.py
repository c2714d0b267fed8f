"""Throughput: documents/s and peak memory for a shell loop of one ``mtbrief`` per file, the local
batch engine and Ray on this machine, for clean + segment and for the full pipeline.

The corpus is real text: the project's bulletins, FRANK news articles and WMT23 zh-en news
documents (one system's machine-translated English, lines grouped into documents by the MQM
map), read from ``../shared/data`` and written as plain files into the output folder for the
run (deleted afterwards unless ``keep_corpus``). Every engine runs as its own ``mtbrief``
process, measured from outside: wall time, and peak RSS of the whole process tree (Ray's
workers included) sampled every ``sample_s``. For the local engine the peak after the first 20
documents is noted too, so "memory stays flat" is a measured ratio.

    mtbrief bench configs/bench-throughput.yaml [--limit N] [-o DIR]
"""

from __future__ import annotations

import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field

from .. import registry
from ..config import Block, Positive
from ..errors import ConfigError
from ..progress import Progress
from .config import read_bench_file

KIND = "throughput"
ROOT = Path(__file__).resolve().parents[2]
ENGINES = ("loop", "local", "ray")


class CorpusBlock(Block):
    size: Positive = Field(200, description="documents, in this order: bulletins, then news and WMT interleaved")
    bulletins: list[str] = Field(["data/bulletins"], description="folders of .txt bulletins")
    shared_data: str = Field("../shared/data", description="FRANK news articles and WMT23 zh-en documents")
    wmt_systems: list[str] = Field(["ONLINE-A"], description="MT systems whose output documents are added")


class EngineBlock(Block):
    max_docs: Positive | None = Field(None, description="at most this many documents (the loop: each costs the same)")
    set: dict[str, Any] = Field(default_factory=dict, description="--set overrides for this engine")


class ModeBlock(Block):
    command: Literal["run", "clean", "segment", "summarize"] = "run"
    docs: Positive | None = Field(None, description="documents of the corpus this mode runs (all when empty)")
    engines: list[Literal["loop", "local", "ray"]] | None = Field(None, description="default: every configured engine")
    set: dict[str, Any] = Field(default_factory=dict, description="--set overrides for this mode")


class ThroughputFile(Block):
    """A ``kind: throughput`` bench config (configs/bench-throughput.yaml)."""

    kind: Literal["throughput"] = KIND
    name: str = "mtbrief throughput"
    output_dir: str = "out/bench-throughput"
    corpus: CorpusBlock = CorpusBlock()
    batch_size: Positive = 16
    sample_s: Annotated[float, Field(gt=0)] = Field(0.2, description="how often the process tree's RSS is sampled")
    keep_corpus: bool = False
    engines: dict[Literal["loop", "local", "ray"], EngineBlock] = Field(
        default_factory=lambda: {e: EngineBlock() for e in ENGINES}, min_length=1)
    modes: dict[str, ModeBlock] = Field(
        default_factory=lambda: {"clean-segment": ModeBlock(command="segment")}, min_length=1)


# ---- the corpus ----------------------------------------------------------------------------------
def build_corpus(spec: dict[str, Any], folder: Path, size: int) -> list[Path]:
    """Write up to ``size`` documents as ``NNN-source-name.txt``: bulletins first, then news
    articles and WMT documents interleaved, so any prefix mixes the three."""
    docs = corpus_documents(spec)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, (name, text) in enumerate(docs[:size]):
        path = folder / f"{n:03d}-{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def corpus_documents(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, text) of the corpus in order: bulletins, then news articles and WMT documents interleaved."""
    data = _resolve(spec["shared_data"])
    bulletins = sorted(p for d in spec["bulletins"] for p in _resolve(d).glob("*.txt"))
    docs: list[tuple[str, str]] = [(f"bulletin-{p.stem}", p.read_text(encoding="utf-8")) for p in bulletins]
    news = _frank(data / "frank-dev" / "frank-validation.jsonl")
    wmt = [d for system in spec["wmt_systems"] for d in _wmt_documents(data / "wmt23-zhen", system)]
    for i in range(max(len(news), len(wmt))):
        docs.extend(x[i] for x in (news, wmt) if i < len(x))
    return docs


def _resolve(path: str | Path) -> Path:
    p = Path(path)
    return p if p.is_absolute() else ROOT / p


def _frank(path: Path) -> list[tuple[str, str]]:
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        out.append((f"news-{row['dataset']}-{row['hash'][:10]}", row["article"]))
    return out


def _wmt_documents(folder: Path, system: str) -> list[tuple[str, str]]:
    """The MT output of ``system`` for each MQM-mapped news document, one line per paragraph."""
    mapping, hyp = folder / "mqm2023_segment_to_txt_line.tsv", folder / f"generaltest2023.zh-en.hyp.{system}.en"
    if not mapping.is_file() or not hyp.is_file():
        return []
    lines = hyp.read_text(encoding="utf-8").splitlines()
    docs: dict[str, list[tuple[int, str]]] = {}
    with open(mapping, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if not row["txt_line_1based"].strip():
                continue  # 65 of 377 segments have no line in the text files
            docs.setdefault(row["doc"], []).append((int(row["docSegId"]), lines[int(row["txt_line_1based"]) - 1]))
    out = []
    for doc, segs in docs.items():
        name = "".join(c if c.isalnum() else "-" for c in doc.split(":")[0])[:40]
        out.append((f"wmt-{system}-{name}", "\n\n".join(t for _, t in sorted(segs))))
    return out


# ---- measuring a process tree --------------------------------------------------------------------
class TreeSampler:
    """Peak RSS of a process and all its descendants, sampled; also the peak when ``marker``
    (a results.jsonl) first reaches ``at_lines`` lines."""

    def __init__(self, pid: int, marker: Path | None = None, at_lines: int = 20) -> None:
        import psutil

        self.root = psutil.Process(pid)
        self.peak = 0
        self.peak_at_mark: int | None = None
        self.time_at_mark: float | None = None  # perf_counter when the marker reached at_lines
        self.marker, self.at_lines = marker, at_lines

    def sample(self) -> None:
        import psutil

        total = 0
        try:
            procs = [self.root, *self.root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        for p in procs:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        self.peak = max(self.peak, total)
        if self.peak_at_mark is None and self.marker is not None and self.marker.is_file():
            with open(self.marker, "rb") as fh:
                if fh.read().count(b"\n") >= self.at_lines:
                    self.peak_at_mark, self.time_at_mark = self.peak, time.perf_counter()


def run_measured(cmd: list[str], env: dict[str, str], sample_s: float, marker: Path | None = None,
                 log: Path | None = None) -> dict[str, Any]:
    """Run ``cmd``; wall seconds, exit code and peak tree RSS (MB)."""
    t0 = time.perf_counter()
    with open(log or os.devnull, "ab") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
        sampler = TreeSampler(proc.pid, marker)
        while proc.poll() is None:
            sampler.sample()
            time.sleep(sample_s)
    mb, end = 1024 * 1024, time.perf_counter()
    return {"seconds": end - t0, "returncode": proc.returncode, "peak_rss_mb": sampler.peak / mb,
            "peak_rss_mb_at_20": None if sampler.peak_at_mark is None else sampler.peak_at_mark / mb,
            "seconds_after_20": None if sampler.time_at_mark is None else end - sampler.time_at_mark}


def engine_command(engine: str, mode: dict[str, Any], inputs: list[Path], out: Path, cfg: dict[str, Any]) -> list[str]:
    base = [sys.executable, "-m", "pipeline.cli", mode["command"]]
    sets = [x for k, v in {**mode["set"], **cfg["engines"][engine]["set"]}.items()
            for x in ("--set", f"{k}={v}")]
    if engine == "loop":
        return [*base, str(inputs[0]), "--format", "json", "-o", str(out), "-q", *sets]
    extra = ["--engine", "ray"] if engine == "ray" else []
    return [*base, str(inputs[0].parent), "-o", str(out), "-q", "--batch-size", str(cfg["batch_size"]), *extra, *sets]


def measure_engine(engine: str, mode: dict[str, Any], files: list[Path], work: Path, cfg: dict[str, Any],
                   env: dict[str, str]) -> dict[str, Any]:
    out = work / f"{mode['name']}-{engine}"
    shutil.rmtree(out, ignore_errors=True)
    log = work / f"{mode['name']}-{engine}.log"
    if engine == "loop":  # one process per file, as a shell loop would run them
        out.mkdir(parents=True)
        n = min(len(files), cfg["engines"]["loop"]["max_docs"] or len(files))
        runs = [run_measured(engine_command("loop", mode, [f], out / f"{f.stem}.json", cfg), env, cfg["sample_s"],
                             log=log) for f in files[:n]]
        failed = sum(r["returncode"] != 0 for r in runs)
        seconds = sum(r["seconds"] for r in runs)
        peak = max(r["peak_rss_mb"] for r in runs)
        return {"docs": n, "failed": failed, "seconds": seconds, "peak_rss_mb": peak, "peak_rss_mb_at_20": None,
                "steady_docs_per_s": n / seconds if seconds else None}  # every file pays the start again
    # the batch engines read a folder holding exactly this mode's documents
    inputs = work / f"{mode['name']}-inputs"
    if not inputs.is_dir():
        inputs.mkdir()
        for f in files:
            os.link(f, inputs / f.name) if hasattr(os, "link") else shutil.copy(f, inputs / f.name)
    r = run_measured(engine_command(engine, mode, sorted(inputs.glob("*.txt")), out, cfg), env, cfg["sample_s"],
                     marker=out / "results.jsonl", log=log)
    index = [json.loads(x) for x in (out / "results.jsonl").read_text().splitlines()] if (out / "results.jsonl").is_file() else []
    failed = sum(e["status"] != "ok" for e in index) + (len(files) - len(index))
    after = r["seconds_after_20"]  # documents/s once started and 20 done: the start-up cost left out
    # Ray keeps the input order, so its index fills in bursts: only the local engine's is a rate.
    steady = (len(files) - 20) / after if engine == "local" and after and len(files) > 20 else None
    return {"docs": len(files), "failed": failed, "seconds": r["seconds"], "peak_rss_mb": r["peak_rss_mb"],
            "peak_rss_mb_at_20": r["peak_rss_mb_at_20"], "returncode": r["returncode"], "steady_docs_per_s": steady}


# ---- the run ---------------------------------------------------------------------------------
@registry.benches.register(KIND)
def run_throughput(config_path: str | Path, *, limit: int | None = None, out_dir: str | Path | None = None,
                   progress: Progress | None = None) -> dict[str, Any]:
    """Measure every (mode, engine) of the config; write throughput.md/json; same return shape as run_bench."""
    progress = progress or Progress()
    config_path, cfg = read_bench_file(config_path, ThroughputFile)
    out = _resolve(out_dir or cfg["output_dir"])
    work = out / "work"
    shutil.rmtree(work, ignore_errors=True)
    size = cfg["corpus"]["size"] if limit is None else limit
    files = build_corpus(cfg["corpus"], work / "corpus", size)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    rows, failures = [], []
    t0 = time.perf_counter()
    for name, mode in cfg["modes"].items():
        mode = {**mode, "name": name}
        docs = mode["docs"] or len(files)
        n = min(len(files), docs if limit is None else min(limit, docs))
        for engine in mode["engines"] or [e for e in ENGINES if e in cfg["engines"]]:
            if engine not in cfg["engines"]:
                raise ConfigError(f"{config_path}: modes.{name}.engines: {engine!r} has no block under engines "
                                  f"(configured: {', '.join(cfg['engines'])})")
            if engine == "ray" and _missing("ray"):
                failures.append(f"{name}/ray: skipped, ray is not installed (pip install 'mtbrief[ray]')")
                continue
            shown = min(n, cfg["engines"][engine]["max_docs"] or n)
            progress.say(f"throughput: {name} / {engine} on {shown} documents ...")
            r = measure_engine(engine, mode, files[:n], work, cfg, env)
            r.update(mode=name, engine=engine, docs_per_s=r["docs"] / r["seconds"] if r["seconds"] else 0.0)
            rows.append(r)
            if r["failed"]:
                failures.append(f"{name}/{engine}: {r['failed']} of {r['docs']} documents failed (see {work})")
            progress.say(f"throughput: {name} / {engine}: {r['docs_per_s']:.2f} docs/s, "
                         f"peak RSS {r['peak_rss_mb']:.0f} MB")
    files_written = _write(out, cfg, config_path, rows, time.perf_counter() - t0)
    if not cfg["keep_corpus"]:
        shutil.rmtree(work / "corpus", ignore_errors=True)
    return {"out_dir": str(out), "files": files_written, "predictions_dir": str(work), "failures": failures,
            "skipped": [], "rows": len(rows), "seconds": round(time.perf_counter() - t0, 1)}


def _missing(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is None


def _write(out: Path, cfg: dict[str, Any], config_path: str | Path, rows: list[dict[str, Any]], seconds: float) -> list[str]:
    loops = {r["mode"]: r["docs_per_s"] for r in rows if r["engine"] == "loop"}
    locals_ = {r["mode"]: r["docs_per_s"] for r in rows if r["engine"] == "local"}
    lines = [f"Throughput, `{config_path}`, {time.strftime('%Y-%m-%dT%H:%M:%S%z')} on {platform.node()} "
             f"({os.cpu_count()} CPUs, Python {platform.python_version()}); {seconds:.0f} s in all.", "",
             "| mode | engine | docs | failed | wall s | docs/s | s/doc | docs/s after 20 | vs loop | vs local "
             "| peak RSS MB | RSS at 20 docs MB |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        vs_loop = r["docs_per_s"] / loops[r["mode"]] if loops.get(r["mode"]) else None
        vs_local = r["docs_per_s"] / locals_[r["mode"]] if locals_.get(r["mode"]) else None
        at20, steady = r.get("peak_rss_mb_at_20"), r.get("steady_docs_per_s")
        lines.append(f"| {r['mode']} | {r['engine']} | {r['docs']} | {r['failed']} | {r['seconds']:.1f} | "
                     f"{r['docs_per_s']:.2f} | {r['seconds'] / r['docs']:.2f} | "
                     f"{'' if steady is None else f'{steady:.2f}'} | "
                     f"{'' if vs_loop is None else f'{vs_loop:.1f}x'} | {'' if vs_local is None else f'{vs_local:.2f}x'} | "
                     f"{r['peak_rss_mb']:.0f} | {'' if at20 is None else f'{at20:.0f}'} |")
    out.mkdir(parents=True, exist_ok=True)
    (out / "throughput.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "throughput.json").write_text(json.dumps({"config": str(config_path), "rows": rows}, indent=1), encoding="utf-8")
    return [str(out / "throughput.md"), str(out / "throughput.json")]
