"""Write the two notebooks from the cells below, without outputs, so they are reviewed as code.

    .venv/bin/python notebooks/build_notebooks.py

Both run in the test suite (tests/test_notebooks.py) with MTBRIEF_NOTEBOOK_FAST=1, which
picks the extractive summarizer and a one-item-per-set benchmark, so they cannot rot.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

SETUP = '''\
import os
from pathlib import Path

# Offline by design: no hub look-ups (set before any Hugging Face import).
for key in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "HF_EVALUATE_OFFLINE", "HF_HUB_DISABLE_TELEMETRY"):
    os.environ.setdefault(key, "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = next(p for p in [Path.cwd(), *Path.cwd().parents] if (p / "configs" / "default.yaml").is_file())
FAST = os.environ.get("MTBRIEF_NOTEBOOK_FAST") == "1"  # the test suite sets it: small and quick
print(f"project root: {ROOT}; fast mode: {FAST}")'''

WALKTHROUGH = [
    new_markdown_cell("""\
# mtbrief, stage by stage

This notebook runs the pipeline on the sample bulletin (a real machine-translated Chinese
government bulletin) one stage at a time: **clean** (tracked edits), **segment** (the outline),
**summarize** (the briefing, every sentence linked to its source sentences) and **score**
(reference-free checks). Every choice comes from `configs/default.yaml`.

With `MTBRIEF_NOTEBOOK_FAST=1` (the test suite sets it) the summary is extractive (`centroid`);
otherwise the default generator writes it when it is installed (`pip install 'mtbrief[models]'`),
and the stage falls back to the extractive summary when it is not."""),
    new_code_cell(SETUP),
    new_code_cell('''\
from IPython.display import HTML, Markdown, display

from pipeline import Document, Pipeline
from pipeline.progress import Progress
from pipeline.render import markdown
from pipeline.render.html import STYLE, tracked_text

overrides = {"runtime": {"threads": 1 if FAST else 2}}
if FAST:
    overrides["components"] = {"summarize": {"method": "centroid"}}
pipe = Pipeline.from_config(overrides=overrides, progress=Progress())
print("stages:", [stage.name for stage in pipe.stages])

text = (ROOT / "data" / "bulletins" / "bulletin-2022-08-19.txt").read_text(encoding="utf-8")
doc = Document(source=text)
stages = {stage.name: stage for stage in pipe.stages}
print(f"{len(text):,} characters")'''),
    new_markdown_cell("""\
## 1. Clean

Each change is an `Edit` in source coordinates, with the rule that made it, a reason and a
confidence. Below: the count per rule, then the cleaned text with every edit as a tracked change
(hover an edit to see its rule and reason)."""),
    new_code_cell('''\
from collections import Counter

doc = stages["clean"](doc)
print(f"{len(doc.edits)} edits:", dict(Counter(e.rule for e in doc.edits).most_common()))
display(HTML(f"<style>{STYLE}</style><div class='text' style='max-height:420px;overflow:auto'>"
             f"{tracked_text(doc)}</div>"))'''),
    new_code_cell('''\
display(Markdown("\\n".join(markdown.edit_lines(doc)[:14])))'''),
    new_markdown_cell("""\
## 2. Segment

Paragraphs and sentences, then sections in two levels, each with a title and a kind (lede,
review, requirements, tasks, other)."""),
    new_code_cell('''\
doc = stages["segment"](doc)
print(f"{len(doc.paragraphs)} paragraphs, {len(doc.sentences)} sentences, {len(doc.sections)} sections")
display(Markdown("\\n".join(markdown.outline(doc))))'''),
    new_markdown_cell("""\
## 3. Summarize

The briefing, with the source sentences that support each of its sentences."""),
    new_code_cell('''\
doc = stages["summarize"](doc)
summary = doc.summary
print(f"method: {summary.method}; model: {summary.model}; plan: {summary.plan}; "
      f"{len(summary.text.split())} words")
display(Markdown("\\n".join(markdown.summary_lines(doc))))'''),
    new_markdown_cell("""\
## 4. Score

Reference-free checks of every stage: are the figures still there after cleaning, does the outline
hold together, are the summary's facts supported by the source?"""),
    new_code_cell('''\
if "score" in stages:
    doc = stages["score"](doc)
for stage, checks in doc.scores.items():
    for check, values in checks.items():
        numbers = {k: round(v, 3) if isinstance(v, float) else v for k, v in values.items()
                   if isinstance(v, (int, float)) and not isinstance(v, bool)}
        print(f"{stage}.{check}: {numbers}\\n    signature {values.get('signature', '')}")'''),
]

BENCHMARK = [
    new_markdown_cell("""\
# Benchmark: systems x datasets x stages

`run_bench` is what `mtbrief bench CONFIG` calls. This notebook runs the quick benchmark
(`configs/bench-quick.yaml`: the shipped gold sets, no generator) and plots the leaderboard. Every
score comes with a 95% bootstrap interval (1,000 seeded resamples) and, against the stage's
do-nothing baseline, a paired bootstrap p-value; every row carries its metric's and its system's
signature. For the full benchmark (WMT23, MQM, Choi, FRANK and the generator) run
`mtbrief bench configs/bench.yaml` from a terminal (about 10 minutes on 2 cores).

With `MTBRIEF_NOTEBOOK_FAST=1` only the first item of each gold set is scored."""),
    new_code_cell(SETUP),
    new_code_cell('''\
import tempfile

from pipeline.bench import run_bench
from pipeline.progress import Progress

limit = 1 if FAST else None
out_dir = Path(os.environ.get("MTBRIEF_BENCH_OUT") or tempfile.mkdtemp(prefix="mtbrief-bench-"))
result = run_bench(ROOT / "configs" / "bench-quick.yaml", limit=limit, out_dir=out_dir,
                   progress=Progress(quiet=True))
print(f"{result['rows']} scores in {result['seconds']} s")
print(f"failures: {result['failures']}; skipped: {result['skipped']}")'''),
    new_markdown_cell("## The leaderboard"),
    new_code_cell('''\
from IPython.display import Image, Markdown, display

board = (out_dir / "leaderboard.md").read_text(encoding="utf-8")
display(Markdown(board.split("## Metric signatures")[0]))'''),
    new_markdown_cell("""\
## Plots

One chart per stage, written by the bench (datasets along x, a bar per system, the bootstrap
interval as an error bar), then the same rows re-plotted from `leaderboard.json`: each system's
score relative to the baseline, per metric."""),
    new_code_cell('''\
for stage in ("clean", "segment", "summarize"):
    chart = out_dir / f"{stage}.png"
    if chart.is_file():
        display(Image(filename=str(chart)))'''),
    new_code_cell('''\
import json

import matplotlib.pyplot as plt

rows = json.loads((out_dir / "leaderboard.json").read_text(encoding="utf-8"))["rows"]
baseline = {(r["stage"], r["dataset"], r["metric"]): r["score"] for r in rows if r["system"] == r["baseline"]}
deltas = [(f"{r['stage']}/{r['metric']}", r["system"], r["score"] - baseline[(r["stage"], r["dataset"], r["metric"])])
          for r in rows if r["system"] != r["baseline"] and r["dataset"] == "gold" and r["score"] is not None
          and baseline.get((r["stage"], r["dataset"], r["metric"])) is not None]
labels = list(dict.fromkeys(d[0] for d in deltas))
systems = list(dict.fromkeys(d[1] for d in deltas))
fig, ax = plt.subplots(figsize=(9, 0.28 * len(labels) + 1.5))
height = 0.8 / max(1, len(systems))
for k, system in enumerate(systems):
    ys = [labels.index(d[0]) + k * height for d in deltas if d[1] == system]
    ax.barh(ys, [d[2] for d in deltas if d[1] == system], height, label=system)
ax.set_yticks([i + 0.4 - height / 2 for i in range(len(labels))], labels, fontsize=8)
ax.axvline(0, color="black", linewidth=0.8)
ax.set_xlabel("score minus the baseline's (gold sets; see each metric's direction in the table)")
ax.legend(fontsize=8)
plt.tight_layout()
plt.show()'''),
]


def build() -> list[Path]:
    written = []
    for name, cells in (("01-walkthrough.ipynb", WALKTHROUGH), ("02-benchmark.ipynb", BENCHMARK)):
        for n, cell in enumerate(cells):
            cell.id = f"{name.split('-')[0]}-{n:02d}"  # stable ids: a rebuild changes nothing
        nb = new_notebook(cells=cells, metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        })
        path = HERE / name
        nbformat.write(nb, path)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build():
        print(f"wrote {path}")
