"""What the per-stage scripts used to measure, now bench scores: edits re-extracted from the
output, section kind and heading-title agreement, the stage's own time; and gold outlines whose
anchors do not stand at their offsets are refused. Rule-based systems only: it runs in seconds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from pipeline.bench import run_bench
from pipeline.bench.config import load_bench_config
from pipeline.bench.datasets import load_bench_dataset
from pipeline.errors import InputError
from pipeline.progress import Progress

SOURCE = "The plan will cut the costs of the logistics. chain."
CLEAN_ITEMS = [  # gold edits in source offsets, as data/gold/clean.jsonl gives them
    {"id": "a", "source": SOURCE, "reference": "The plan will cut the costs of the logistics chain.",
     "edits": [{"start": SOURCE.index(". chain"), "end": SOURCE.index(". chain") + 1, "after": ""}]},
    {"id": "b", "source": "Nothing to fix here.", "reference": "Nothing to fix here.", "edits": []},
]
TEXT = "Overview\n\nThe meeting opened. It reviewed the year.\n\nKey tasks\n\nBuild roads. Plant trees."
SEGMENT_ITEMS = [
    {"id": "s", "text": TEXT, "sections": [
        {"start": 0, "level": 1, "kind": "lede", "title": "Overview", "anchor": "Overview"},
        {"start": TEXT.index("Key tasks"), "level": 1, "kind": "tasks", "title": "Key tasks", "anchor": "Key tasks"}]},
]


def write(tmp_path: Path, name: str, rows: list[dict]) -> str:
    (tmp_path / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return name


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("detail")
    cfg = {
        "name": "detail", "output_dir": "out", "cache_dir": str(tmp / "cache"),
        "overrides": {"runtime": {"threads": 1}, "components": {"segment": {"weights": {"topic": 0}}}},
        "bootstrap": {"resamples": 100, "confidence": 0.95, "seed": 13, "min_items": 2},
        "stages": {
            "clean": {"metrics": ["re-extracted F0.5", "re-extracted precision", "re-extracted recall", "stage seconds"],
                      "datasets": [{"name": "gold", "path": write(tmp, "clean.jsonl", CLEAN_ITEMS)}],
                      "systems": [{"name": "rules"}]},
            "segment": {"metrics": ["kind agreement", "heading titles", "stage seconds"],
                        "datasets": [{"name": "gold", "path": write(tmp, "segment.jsonl", SEGMENT_ITEMS)}],
                        "systems": [{"name": "segmenter"}]},
        },
    }
    path = tmp / "bench.yaml"
    path.write_text(yaml.safe_dump(cfg), encoding="utf-8")
    result = run_bench(path, progress=Progress(quiet=True))
    assert result["failures"] == []
    board = json.loads((Path(result["out_dir"]) / "leaderboard.json").read_text())
    return {(r["stage"], r["system"], r["metric"]): r for r in board["rows"]}, board["notes"]


def test_edits_are_re_extracted_from_the_output_and_scored_against_gold(rows):
    by = rows[0]
    assert by[("clean", "do-nothing", "re-extracted recall")]["score"] == 0.0
    assert by[("clean", "do-nothing", "re-extracted precision")]["score"] == 1.0  # nothing proposed
    assert by[("clean", "rules", "re-extracted F0.5")]["score"] == 1.0  # the stray period, removed
    assert "scipy-" in by[("clean", "rules", "re-extracted F0.5")]["signature"]


def test_section_kind_and_heading_title_agreement(rows):
    by = rows[0]
    assert by[("segment", "one-section", "kind agreement")]["score"] == 0.0  # kind "other" on the lede
    assert by[("segment", "segmenter", "heading titles")]["n"] == 1
    assert 0.0 <= by[("segment", "segmenter", "kind agreement")]["score"] <= 1.0


def test_stage_seconds_only_where_a_pipeline_ran(rows):
    by, notes = rows
    seconds = by[("clean", "rules", "stage seconds")]
    assert seconds["score"] >= 0 and seconds["n"] == 2 and seconds["signature"].startswith("metric:seconds|")
    assert ("clean", "do-nothing", "stage seconds") not in by
    assert any("stage seconds: skipped" in n for n in notes)


def test_an_anchor_away_from_its_offset_is_refused(tmp_path):
    bad = [{**SEGMENT_ITEMS[0], "sections": [{**SEGMENT_ITEMS[0]["sections"][1], "start": 3}]}]
    spec = {"name": "bad", "path": write(tmp_path, "bad.jsonl", bad)}
    with pytest.raises(InputError, match="anchor 'Key tasks' is not at offset 3"):
        load_bench_dataset(spec, "segment", tmp_path, tmp_path / "cache")


@pytest.mark.parametrize("name, stages", [("bench-choi.yaml", ["segment"]),
                                          ("bench-stages.yaml", ["clean", "segment", "summarize"])])
def test_detail_configs_validate(name, stages):
    cfg = load_bench_config(Path(__file__).resolve().parents[1] / "configs" / name)
    assert [s.stage for s in cfg.stages] == stages
