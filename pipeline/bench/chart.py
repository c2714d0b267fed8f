"""One PNG per stage: a panel per metric, its datasets along x, a bar per system with its
bootstrap interval as an error bar. Drawn on a bare ``Figure`` (rendered by Agg when saved),
never through pyplot, so a notebook's or GUI's backend is left as it was."""

from __future__ import annotations

import math
from pathlib import Path

from .leaderboard import Row

PANEL_INCHES = (4.8, 3.2)
MAX_COLUMNS = 3


def write_stage_chart(rows: list[Row], stage: str, out_dir: Path, confidence: float) -> Path | None:
    """Draw ``<out_dir>/<stage>.png`` from the stage's rows; None when it has no score."""
    rows = [r for r in rows if r.stage == stage and r.score is not None]
    if not rows:
        return None
    from matplotlib import colormaps
    from matplotlib.figure import Figure

    metrics = list(dict.fromkeys(r.metric for r in rows))
    systems = list(dict.fromkeys(r.system for r in rows))
    columns = min(MAX_COLUMNS, len(metrics))
    lines = math.ceil(len(metrics) / columns)
    fig = Figure(figsize=(PANEL_INCHES[0] * columns, PANEL_INCHES[1] * lines))
    axes = fig.subplots(lines, columns, squeeze=False)
    width = 0.8 / len(systems)
    colours = colormaps["tab10"]
    for ax, metric in zip(axes.flat, metrics):
        datasets = list(dict.fromkeys(r.dataset for r in rows if r.metric == metric))
        for k, system in enumerate(systems):
            cells = {r.dataset: r for r in rows if r.metric == metric and r.system == system}
            xs = [i + (k - (len(systems) - 1) / 2) * width for i, d in enumerate(datasets) if d in cells]
            picked = [cells[d] for d in datasets if d in cells]
            if not picked:
                continue
            heights = [r.score for r in picked]
            ax.bar(xs, heights, width, yerr=_error_bars(picked), capsize=2, label=system, color=colours(k % 10))
        arrow = {"higher": " (higher is better)", "lower": " (lower is better)"}.get(
            next(r.better for r in rows if r.metric == metric), "")
        ax.set_title(metric + arrow, fontsize=10)
        ax.set_xticks(range(len(datasets)))
        ax.set_xticklabels(datasets, rotation=30, ha="right", fontsize=8)
    for ax in list(axes.flat)[len(metrics):]:
        ax.axis("off")
    handles = {}
    for ax in axes.flat:
        handles.update(zip(*reversed(ax.get_legend_handles_labels())))
    fig.suptitle(f"{stage}: scores with {confidence:.0%} bootstrap intervals", fontsize=11)
    fig.tight_layout()
    fig.legend(list(handles.values()), list(handles), loc="upper center", bbox_to_anchor=(0.5, 0.0),
               ncol=min(len(handles), 5), fontsize=8, frameon=False)
    path = out_dir / f"{stage}.png"
    out_dir.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    return path




def _error_bars(rows: list[Row]) -> list[list[float]]:
    """Lengths below and above each bar; 0 where a percentile interval stops short of the
    point estimate (it can, on a few items with a skewed statistic)."""
    below = [max(0.0, r.score - r.ci_low) if r.ci_low is not None else 0.0 for r in rows]
    above = [max(0.0, r.ci_high - r.score) if r.ci_high is not None else 0.0 for r in rows]
    return [below, above]
