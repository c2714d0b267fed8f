"""Is every stage linear in text length and edit count? Long texts of real human English
(WMT23 human references and FRANK news articles from ``../shared/data``), with one repairable
list echo per paragraph ("rules and regulations" -> "rules, regulations, and regulations"), are
run through each configured pipeline prefix at growing sizes; the table gives seconds (wall and
CPU), edits, sections and CPU milliseconds per KB, so a superlinear stage shows as a rising ms/KB.

    mtbrief bench configs/bench-scaling.yaml [-o DIR]
"""

from __future__ import annotations

import json
import os
import platform
import re
import time
from pathlib import Path
from typing import Any, Iterator, Literal

from pydantic import Field

from .. import registry
from ..config import Block, Positive
from ..errors import InputError
from ..progress import Progress
from .config import read_bench_file

KIND = "scaling"
ROOT = Path(__file__).resolve().parents[2]
# "X and Y" between two plain lower-case words becomes "X, Y, and Y" before punctuation, else
# "X, Y and X" (the echoed first item, as in "fully, accurately and fully implement").
_PAIR = re.compile(r"(?<![\w,-])([a-z]{3,}) and ([a-z]{3,})\b([,.;:]?)")
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\"'’”][.!?])\s*(?=[A-Z‘“\"])")  # XSum glues sentences: ".Ninety-six"


class ScalingFile(Block):
    """A ``kind: scaling`` bench config (configs/bench-scaling.yaml)."""

    kind: Literal["scaling"] = KIND
    name: str = "mtbrief scaling"
    output_dir: str = "out/bench-scaling"
    shared_data: str = Field("../shared/data", description="WMT23 references and FRANK articles, relative to the project")
    source: Literal["echo", "mixed"] = Field(
        "echo", description="echo: human English with one repairable list echo per paragraph (about 0.5 MB there is); "
        "mixed: the throughput corpus (bulletins, FRANK articles, WMT23 MT documents) joined, up to 2.5 MB")
    sizes_kb: list[Positive] = Field([60, 120, 243, 486], min_length=1)
    repeats: Positive = Field(1, description="best of this many runs per size")
    upto: list[Literal["clean", "segment", "summarize"]] = Field(
        ["clean", "segment"], min_length=1, description="pipeline prefixes measured: up to and including this stage")
    set: dict[str, Any] = Field(default_factory=dict, description="pipeline overrides (dotted keys, as --set)")


def human_sentences(data: Path) -> Iterator[str]:
    """Human-written English sentences in a fixed order: WMT23 references, then FRANK articles."""
    refs = (data / "wmt23-zhen" / "generaltest2023.zh-en.ref.refA.en").read_text(encoding="utf-8").splitlines()
    yield from (line.strip() for line in refs if line.strip())
    for line in (data / "frank-dev" / "frank-validation.jsonl").read_text(encoding="utf-8").splitlines():
        article = json.loads(line)["article"]
        yield from (s.strip() for s in _SENTENCE_END.split(article) if s.strip())


def echo_paragraphs(data: Path, min_sentences: int = 2) -> Iterator[str]:
    """Paragraphs of consecutive sentences, each closed once it holds an "X and Y" pair, which
    becomes the list echo "X, Y, and Y": exactly one repairable echo per paragraph."""
    buffer: list[str] = []
    echoed = False
    for sentence in human_sentences(data):
        if not echoed:
            m = _PAIR.search(sentence)
            if m is not None and m.group(1) != m.group(2):
                x, y, punct = m.groups()
                echo = f"{x}, {y}, and {y}{punct}" if punct else f"{x}, {y} and {x}"
                sentence = sentence[: m.start()] + echo + sentence[m.end() :]
                echoed = True
        buffer.append(sentence)
        if echoed and len(buffer) >= min_sentences:
            yield " ".join(buffer)
            buffer, echoed = [], False


def echo_text(data: Path, size_bytes: int) -> str:
    """Paragraphs with one echo each, joined by blank lines, up to ``size_bytes`` of UTF-8."""
    out, total = [], 0
    for echoed in echo_paragraphs(data):
        n = len(echoed.encode("utf-8")) + 2
        if total + n > size_bytes:
            break
        out.append(echoed)
        total += n
    if total < size_bytes * 0.95:
        raise InputError(f"the data at {data} gives only {total:,} bytes of echoed paragraphs, asked {size_bytes:,}")
    return "\n\n".join(out) + "\n"


def mixed_text(data: Path, size_bytes: int) -> str:
    """Distinct real documents joined by blank lines, up to ``size_bytes``: the throughput corpus
    (bulletins, FRANK news articles), then the WMT23 zh-en MT output of every system in blocks of
    8 lines (one line a paragraph), cut at a document break."""
    from .throughput import corpus_documents

    spec = {"shared_data": str(data), "bulletins": ["data/bulletins"], "wmt_systems": []}
    docs = [text for _, text in corpus_documents(spec)]
    for hyp in sorted((data / "wmt23-zhen").glob("generaltest2023.zh-en.hyp.*.en")):
        lines = [x for x in hyp.read_text(encoding="utf-8").splitlines() if x.strip()]
        docs += ["\n\n".join(lines[i : i + 8]) for i in range(0, len(lines), 8)]
    seen: set[str] = set()
    out, total = [], 0
    for text in (d.strip() for d in docs):
        n = len(text.encode("utf-8")) + 2
        if text in seen or total + n > size_bytes:
            continue
        seen.add(text)
        out.append(text)
        total += n
    if total < size_bytes * 0.95:
        raise InputError(f"the data at {data} gives only {total:,} bytes of distinct documents, asked {size_bytes:,}")
    return "\n\n".join(out) + "\n"


def measure(pipe: Any, text: str, repeats: int) -> dict[str, Any]:
    """One prefix on one text, best of ``repeats``: seconds (wall, CPU), edits, sections."""
    best = cpu = float("inf")
    doc = None
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        doc = pipe(text)
        best, cpu = min(best, time.perf_counter() - t0), min(cpu, time.process_time() - c0)
    assert doc is not None
    kb = len(text.encode("utf-8")) / 1000
    return {"kb": round(kb, 1), "paragraphs": text.count("\n\n") + 1, "edits": len(doc.edits),
            "echo_edits": sum(e.rule == "artifact.repeated-coordinate" for e in doc.edits),
            "sections": len(doc.sections), "seconds": round(best, 3), "cpu_seconds": round(cpu, 3),
            "cpu_ms_per_kb": round(cpu / kb * 1e3, 2), "stage_seconds": doc.meta.get("timings_s", {})}


@registry.benches.register(KIND)
def run_scaling(config_path: str | Path, *, limit: int | None = None, out_dir: str | Path | None = None,
                progress: Progress | None = None) -> dict[str, Any]:
    """Every prefix at every size; writes scaling.md and scaling.json. ``limit`` keeps the first N sizes."""
    from ..cli import parse_overrides
    from ..pipeline import Pipeline

    progress = progress or Progress()
    config_path, cfg = read_bench_file(config_path, ScalingFile)
    data = Path(cfg["shared_data"]) if Path(cfg["shared_data"]).is_absolute() else ROOT / cfg["shared_data"]
    out = Path(out_dir) if out_dir else ROOT / cfg["output_dir"]
    sizes = cfg["sizes_kb"][:limit] if limit else cfg["sizes_kb"]
    overrides = parse_overrides([f"{k}={v}" for k, v in cfg["set"].items()])
    t0 = time.perf_counter()
    texts = {kb: (echo_text(data, kb * 1000) if cfg["source"] == "echo" else mixed_text(data, kb * 1000)) for kb in sizes}
    rows = []
    for upto in cfg["upto"]:
        pipe = Pipeline.from_config(None, overrides=overrides, upto=upto, progress=Progress(quiet=True))
        pipe(texts[sizes[0]][:2000])  # models load here, not in the first size's time
        for kb in sizes:
            progress.say(f"scaling: up to {upto}, {kb} KB ...")
            rows.append({"upto": upto, **measure(pipe, texts[kb], cfg["repeats"])})
    seconds = time.perf_counter() - t0
    lines = [f"Scaling, `{config_path.name}`, {time.strftime('%Y-%m-%dT%H:%M:%S%z')} on {platform.node()} "
             f"({os.cpu_count()} CPUs, Python {platform.python_version()}); {seconds:.0f} s in all. CPU seconds beside "
             "wall: on a shared machine the wall clock measures the neighbours.", "",
             "| up to | KB | paragraphs | edits | echo edits | sections | s (wall) | s (CPU) | CPU ms/KB | each stage, s |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    lines += [f"| {r['upto']} | {r['kb']} | {r['paragraphs']} | {r['edits']} | {r['echo_edits']} | {r['sections']} | "
              f"{r['seconds']} | {r['cpu_seconds']} | {r['cpu_ms_per_kb']} | "
              f"{', '.join(f'{k} {v:.2f}' for k, v in r['stage_seconds'].items())} |" for r in rows]
    out.mkdir(parents=True, exist_ok=True)
    (out / "scaling.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "scaling.json").write_text(json.dumps({"config": str(config_path), "rows": rows}, indent=1), encoding="utf-8")
    files = [str(out / "scaling.md"), str(out / "scaling.json")]
    return {"out_dir": str(out), "files": files, "predictions_dir": "", "failures": [], "skipped": [],
            "rows": len(rows), "seconds": round(seconds, 1)}
