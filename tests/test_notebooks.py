"""Both notebooks execute top to bottom (fast mode: extractive summary, one item per gold set),
in a kernel running this interpreter, so they cannot rot. They are committed without outputs."""

from __future__ import annotations

import sys

import nbformat
import pytest

from conftest import ROOT

nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOKS = ROOT / "notebooks"
TIMEOUT_S = 240  # per cell; the slowest (the quick bench) takes well under a minute


@pytest.fixture
def fast_env(monkeypatch, tmp_path):
    monkeypatch.setenv("MTBRIEF_NOTEBOOK_FAST", "1")
    monkeypatch.setenv("MTBRIEF_BENCH_OUT", str(tmp_path / "bench"))
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    return tmp_path


def execute(name: str) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=TIMEOUT_S, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    return nb


def outputs_text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.extend(str(v) for v in out.get("data", {}).values())
    return "\n".join(parts)


def test_committed_without_outputs():
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        assert all(not c.get("outputs") and c.get("execution_count") is None
                   for c in nb.cells if c.cell_type == "code"), f"{path.name} has outputs"


def test_kernel_runs_this_interpreter():
    """jupyter_client swaps the kernelspec's bare "python" for sys.executable, so the kernel
    sees this venv's packages; a kernelspec pointing elsewhere would test another install."""
    from jupyter_client.kernelspec import KernelSpecManager

    argv = KernelSpecManager().get_kernel_spec("python3").argv
    assert argv[0] in ("python", "python3", sys.executable)


def test_walkthrough_runs_every_stage(fast_env):
    text = outputs_text(execute("01-walkthrough.ipynb"))
    assert "stages: ['clean', 'segment', 'summarize', 'score']" in text
    assert "class=\"edit\"" in text  # the tracked changes were rendered
    assert "## Outline" in text and "## Briefing" in text
    assert "method: extractive; model: centroid" in text
    assert "summarize.supported_facts: {" in text and "signature metric:supported_facts|" in text


def test_benchmark_runs_the_quick_bench_and_plots(fast_env):
    nb = execute("02-benchmark.ipynb")
    text = outputs_text(nb)
    assert "failures: []" in text
    board = (fast_env / "bench" / "leaderboard.md").read_text()
    assert "## clean · gold" in board and "## summarize · gold" in board
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) >= 4  # three stage charts and the re-plot
