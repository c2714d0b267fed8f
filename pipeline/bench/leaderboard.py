"""The leaderboard: one row per (stage, dataset, system, metric), written as Markdown, JSON
and CSV after every system, so a later failure never loses a finished system's rows.

Each row carries its score, its bootstrap interval (95% by default), the paired p-value against the
stage's baseline, the number of items and two signatures: the metric's (options and
package versions) and the system's (config hash, model card and file hash).
"""

from __future__ import annotations

import csv
import io
import json
import os
import platform
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..metrics.signature import package_version, parse_signature

# Versions recorded with every run (the metric signatures name the ones each score uses).
ENVIRONMENT_PACKAGES = (
    "mtbrief", "evaluate", "datasets", "sacrebleu", "rouge_score", "nltk", "nupunkt", "transformers", "torch",
    "sentence-transformers", "llama_cpp_python", "numpy",
)
SIGNIFICANCE = 0.05  # a p-value under this marks a cell in the Markdown table
LEADERBOARD_FILES = ("leaderboard.json", "leaderboard.csv", "leaderboard.md")
ARROWS = {"higher": " ↑", "lower": " ↓", "neither": ""}


@dataclass
class Row:
    stage: str
    dataset: str
    system: str
    metric: str
    score: float | None
    ci_low: float | None
    ci_high: float | None
    p_vs_baseline: float | None  # None for the baseline itself
    n: int
    better: str  # higher | lower | neither
    baseline: str
    signature: str
    system_signature: str
    package_signature: str = ""  # e.g. sacrebleu's own chrF signature


@dataclass
class Comparison:
    """One system against one of the stage's ``compare`` systems, beside the baseline test."""

    stage: str
    dataset: str
    metric: str
    system: str
    against: str
    score: float | None
    their_score: float | None
    p: float | None  # paired bootstrap; None on fewer shared items than bootstrap.min_items


@dataclass
class Leaderboard:
    name: str
    config: str
    out_dir: Path
    confidence: float  # of the bootstrap intervals
    rows: list[Row] = field(default_factory=list)
    failures: list[dict[str, str]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    datasets: dict[str, dict[str, Any]] = field(default_factory=dict)  # "stage/dataset": origin, items
    # "stage/dataset/system": {"run": s, "score": s} (scoring includes the bootstrap); "total": s
    timings_s: dict[str, Any] = field(default_factory=dict)
    started: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))

    def write(self) -> list[Path]:
        """(Re)write the three leaderboard files with everything so far."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        texts = (json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n", self.to_csv(), self.to_markdown())
        files = dict(zip(LEADERBOARD_FILES, texts))
        paths = []
        for name, text in files.items():
            path = self.out_dir / name
            tmp = path.with_name(f".{name}.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
            paths.append(path)
        return paths

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "config": self.config,
            "confidence": self.confidence,
            "started": self.started,
            "machine": machine(),
            "environment": {p: package_version(p) for p in ENVIRONMENT_PACKAGES},
            "rows": [asdict(r) for r in self.rows],
            "failures": self.failures,
            "skipped": self.skipped,
            "datasets": self.datasets,
            "notes": self.notes,
            "comparisons": [asdict(c) for c in self.comparisons],
            "timings_s": self.timings_s,
        }

    def to_csv(self) -> str:
        buf = io.StringIO()
        names = list(Row.__dataclass_fields__)
        writer = csv.DictWriter(buf, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        for r in self.rows:
            writer.writerow(asdict(r))
        return buf.getvalue()

    def to_markdown(self) -> str:
        m = machine()
        lines = [
            f"# {self.name}",
            "",
            f"Run {self.started} on {m['node']} ({m['cpus']} CPUs, {m['platform']}, Python {m['python']}); "
            f"config `{self.config}`. Cells: score [{self.confidence:.0%} bootstrap CI]; `*` marks p < {SIGNIFICANCE} "
            "against the stage's baseline (paired bootstrap, not computed on fewer than the config's "
            "bootstrap.min_items items); n is the number of items scored.",
        ]
        stages = list(dict.fromkeys(r.stage for r in self.rows))
        if stages:
            lines += ["", "## Summary", "", "Each dataset's first metric, per system (details below)."]
            for stage in stages:
                lines += ["", *self._summary(stage)]
        for stage, dataset in dict.fromkeys((r.stage, r.dataset) for r in self.rows):
            lines += ["", *self._table(stage, dataset)]
        if self.comparisons:
            lines += ["", "## Comparisons", "", "Paired bootstrap p-values against systems other than the baseline.", "",
                      "| stage | dataset | metric | system | score | against | their score | p |",
                      "|---|---|---|---|---:|---|---:|---:|"]
            lines += [f"| {c.stage} | {c.dataset} | {c.metric} | {c.system} | {fmt(c.score)} | {c.against} | "
                      f"{fmt(c.their_score)} | {fmt(c.p)}{_star(c.p)} |"
                      for c in self.comparisons]
        for title, entries in (("Failures", self.failures), ("Skipped", self.skipped)):
            if entries:
                lines += ["", f"## {title}", ""] + [f"- {' / '.join(e.values())}" for e in entries]
        if self.notes:
            lines += ["", "## Notes", ""] + [f"- {n}" for n in self.notes]
        sigs = sorted({(r.metric, metric_part(r.signature)) for r in self.rows})
        if sigs:
            lines += ["", "## Metric signatures", ""] + [f"- {m}: `{s}`" for m, s in sigs]
        systems = sorted({(r.stage, r.system, r.system_signature) for r in self.rows})
        if systems:
            lines += ["", "## System signatures", ""] + [f"- {st} / {sy}: `{s}`" for st, sy, s in systems]
        return "\n".join(lines) + "\n"

    def _summary(self, stage: str) -> list[str]:
        rows = [r for r in self.rows if r.stage == stage]
        systems = list(dict.fromkeys(r.system for r in rows))
        out = [f"### {stage}", "", "| dataset | metric | " + " | ".join(systems) + " |",
               "|---|---|" + "---:|" * len(systems)]
        for dataset in dict.fromkeys(r.dataset for r in rows):
            first = next(r for r in rows if r.dataset == dataset)
            cells = {r.system: r for r in rows if r.dataset == dataset and r.metric == first.metric}
            scores = [f"{fmt(c.score)}{_star(c.p_vs_baseline)}" if (c := cells.get(s)) else "" for s in systems]
            out.append(f"| {dataset} | {first.metric}{ARROWS[first.better]} | " + " | ".join(scores) + " |")
        return out

    def _table(self, stage: str, dataset: str) -> list[str]:
        rows = [r for r in self.rows if r.stage == stage and r.dataset == dataset]
        metrics = list(dict.fromkeys(r.metric for r in rows))
        systems = list(dict.fromkeys(r.system for r in rows))
        better = {r.metric: ARROWS[r.better] for r in rows}
        loaded = self.datasets.get(f"{stage}/{dataset}")
        origin = [f"`{loaded['origin']}`, {loaded['items']} items", ""] if loaded else []
        header = "| system | n | " + " | ".join(m + better[m] for m in metrics) + " |"
        out = [f"## {stage} · {dataset}", "", *origin, header, "|---|---:|" + "---:|" * len(metrics)]
        for system in systems:
            cells = {r.metric: r for r in rows if r.system == system}
            n = max(r.n for r in cells.values())
            label = f"{system} (baseline)" if rows[0].baseline == system else system
            out.append(f"| {label} | {n} | " + " | ".join(_cell(cells.get(m)) for m in metrics) + " |")
        return out


def metric_part(sig: str) -> str:
    """A score's signature without the model fields, which the system signatures list."""
    return "|".join(f"{k}:{v}" for k, v in parse_signature(sig).items() if k not in ("model", "sha256"))


def fmt(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:.2f}" if abs(x) >= 10 else f"{x:.3f}"


def _cell(row: Row | None) -> str:
    if row is None:
        return ""
    ci = f" [{fmt(row.ci_low)}, {fmt(row.ci_high)}]" if row.ci_low is not None else ""
    return f"{fmt(row.score)}{ci}{_star(row.p_vs_baseline)}"


def _star(p: float | None) -> str:
    """The mark of a significant paired test."""
    return "*" if p is not None and p < SIGNIFICANCE else ""


def machine() -> dict[str, Any]:
    return {
        "node": platform.node(),
        "platform": platform.platform(terse=True),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
