"""run_bench end to end on a tiny config in a temp dir: no model is loaded (rule-based cleaning,
segmentation baselines), so it runs in seconds."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml

from pipeline.bench import run_bench
from pipeline.bench.config import load_bench_config
from pipeline.bench.leaderboard import Row
from pipeline.errors import ConfigError
from pipeline.progress import Progress

CLEAN_ITEMS = [  # a stray period and a capital in mid-sentence, which the rules repair, and a clean line
    {"id": "a", "source": "The plan will cut the costs of the logistics. chain.",
     "reference": "The plan will cut the costs of the logistics chain."},
    {"id": "b", "source": "The city will strengthen Supervision of water quality.",
     "reference": "The city will strengthen supervision of water quality."},
    {"id": "c", "source": "Nothing to fix here.", "reference": "Nothing to fix here."},
]
SEGMENT_ITEMS = [
    {"id": "d1", "text": "Intro one. Intro two.\n\nBody one. Body two.\n\nEnd one. End two.",
     "sections": [{"start": 0, "level": 1}, {"start": 23, "level": 1}]},
    {"id": "d2", "text": "Alpha one. Alpha two.\n\nBeta one. Beta two.", "sections": [{"start": 0, "level": 1}]},
]


def write_config(tmp_path: Path, **extra) -> Path:
    for name, rows in (("clean.jsonl", CLEAN_ITEMS), ("segment.jsonl", SEGMENT_ITEMS)):
        (tmp_path / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    cfg = {
        "name": "tiny",
        "output_dir": "out",
        "cache_dir": str(tmp_path / "cache"),
        "overrides": {"runtime": {"threads": 1}},
        "bootstrap": {"resamples": 200, "confidence": 0.95, "seed": 13, "min_items": 2},
        "stages": {
            "clean": {
                "metrics": ["chrF", "changed rate"],
                "datasets": [{"name": "mine", "path": "clean.jsonl"}, {"name": "absent", "path": "nowhere.jsonl"}],
                "systems": [
                    {"name": "broken", "overrides": {"components": {"clean": {"no_such_option": 1}}}},
                    {"name": "rules"},
                ],
            },
            "segment": {
                "datasets": [{"name": "mine", "path": "segment.jsonl"}],
                "systems": [{"name": "paragraphs", "baseline": "one-per-paragraph"}],
                "compare": ["paragraphs"],
            },
        },
        **extra,
    }
    path = tmp_path / "bench.yaml"
    path.write_text(yaml.safe_dump(cfg), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bench")
    return run_bench(write_config(tmp), progress=Progress(quiet=True)), tmp


def rows_of(result) -> list[dict]:
    return json.loads((Path(result[0]["out_dir"]) / "leaderboard.json").read_text())["rows"]


def test_files_are_written(result):
    out = Path(result[0]["out_dir"])
    assert out == result[1] / "out"
    for name in ("leaderboard.md", "leaderboard.json", "leaderboard.csv", "clean.png", "segment.png"):
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
        assert str(out / name) in result[0]["files"]
    preds = Path(result[0]["predictions_dir"]) / "clean" / "mine" / "rules.jsonl"
    assert [json.loads(line)["id"] for line in preds.read_text().splitlines()] == ["a", "b", "c"]
    with (out / "leaderboard.csv").open() as fh:
        header = next(csv.reader(fh))
    assert header == list(Row.__dataclass_fields__)
    md = (out / "leaderboard.md").read_text()
    assert "## Summary" in md and "| mine | chrF ↑ |" in md  # each dataset's first metric, per system
    assert "`json:clean.jsonl`, 3 items" in md  # where each dataset came from


def test_every_row_has_an_interval_items_and_signatures(result):
    rows = rows_of(result)
    assert {(r["stage"], r["system"]) for r in rows} == {
        ("clean", "do-nothing"), ("clean", "rules"), ("segment", "one-section"), ("segment", "paragraphs")}
    for r in rows:
        assert r["ci_low"] <= r["score"] <= r["ci_high"], r
        assert r["n"] == (3 if r["stage"] == "clean" else 2)
        assert r["signature"].startswith("metric:") and "mtbrief-" in r["signature"]
        assert r["system_signature"].startswith("system:")
    chrf = next(r for r in rows if r["metric"] == "chrF" and r["system"] == "rules")
    assert "nrefs:1" in chrf["package_signature"]  # sacrebleu's own signature rides along
    assert chrf["system_signature"].startswith("system:pipeline|config:")
    baseline = next(r for r in rows if r["system"] == "paragraphs")
    assert baseline["system_signature"].startswith("system:baseline|name:one-per-paragraph|version:mtbrief-")


def test_p_values_are_against_the_auto_added_baseline(result):
    rows = rows_of(result)
    for r in rows:
        is_baseline = r["system"] in ("do-nothing", "one-section")
        assert r["baseline"] in ("do-nothing", "one-section")
        assert (r["p_vs_baseline"] is None) == is_baseline, r
        if not is_baseline:
            assert 0 < r["p_vs_baseline"] <= 1
    do_nothing = next(r for r in rows if r["system"] == "do-nothing" and r["metric"] == "changed rate")
    assert do_nothing["score"] == 0.0  # the do-nothing cleaner changes nothing


def test_compare_tests_every_system_against_a_second_system_too(result):
    board = json.loads((Path(result[0]["out_dir"]) / "leaderboard.json").read_text())
    pairs = {(c["stage"], c["system"], c["against"], c["metric"]) for c in board["comparisons"]}
    assert pairs and {(st, sy, ag) for st, sy, ag, _ in pairs} == {("segment", "one-section", "paragraphs")}
    rows = {(r["system"], r["metric"]): r for r in board["rows"] if r["stage"] == "segment"}
    for c in board["comparisons"]:
        assert c["score"] == rows[("one-section", c["metric"])]["score"]
        assert c["their_score"] == rows[("paragraphs", c["metric"])]["score"]
        assert c["p"] is None or 0 < c["p"] <= 1
    assert "## Comparisons" in (Path(result[0]["out_dir"]) / "leaderboard.md").read_text()


def test_compare_names_a_system_of_the_stage(tmp_path):
    path = write_config(tmp_path)
    cfg = yaml.safe_load(path.read_text())
    cfg["stages"]["segment"]["compare"] = ["nobody"]
    path.write_text(yaml.safe_dump(cfg))
    with pytest.raises(ConfigError, match="compare: 'nobody' is not one of the systems"):
        load_bench_config(path)


def test_failing_system_is_recorded_and_the_others_kept(result):
    failures = result[0]["failures"]
    assert [(f["stage"], f["system"]) for f in failures] == [("clean", "broken")]
    assert "no_such_option" in failures[0]["error"]
    assert any(r["system"] == "rules" for r in rows_of(result))
    md = (Path(result[0]["out_dir"]) / "leaderboard.md").read_text()
    assert "## Failures" in md and "broken" in md
    assert "| rules | 3 |" in md


def test_missing_dataset_is_skipped_with_its_reason(result):
    skipped = result[0]["skipped"]
    assert [(s["stage"], s["dataset"]) for s in skipped] == [("clean", "absent")]
    assert "nowhere.jsonl" in skipped[0]["reason"]


def test_limit_caps_items_per_dataset(tmp_path):
    out = run_bench(write_config(tmp_path), limit=1, out_dir=tmp_path / "limited", progress=Progress(quiet=True))
    rows = json.loads((tmp_path / "limited" / "leaderboard.json").read_text())["rows"]
    assert rows and {r["n"] for r in rows} == {1}
    assert all(r["p_vs_baseline"] is None for r in rows)  # under bootstrap.min_items: no test
    assert out["out_dir"] == str(tmp_path / "limited")


def test_system_limit_and_dataset_filter(tmp_path):
    path = write_config(tmp_path)
    cfg = yaml.safe_load(path.read_text())
    cfg["stages"] = {"clean": {
        "metrics": ["changed rate"],
        "datasets": [{"name": "mine", "path": "clean.jsonl"}, {"name": "again", "path": "clean.jsonl"}],
        "systems": [{"name": "rules", "limit": {"mine": 1}}, {"name": "only-again", "datasets": ["again"]}],
    }}
    path.write_text(yaml.safe_dump(cfg))
    run_bench(path, progress=Progress(quiet=True))
    rows = json.loads((tmp_path / "out" / "leaderboard.json").read_text())["rows"]
    assert {(r["dataset"], r["system"], r["n"]) for r in rows} == {
        ("mine", "do-nothing", 3), ("mine", "rules", 1), ("again", "do-nothing", 3), ("again", "rules", 3),
        ("again", "only-again", 3)}


def test_dataset_overrides_reach_the_pipeline(tmp_path):
    """A dataset's own overrides (here: every rule off) change what the systems do on it alone."""
    from pipeline.stages.clean import rule_ids

    path = write_config(tmp_path)
    cfg = yaml.safe_load(path.read_text())
    off = {"components": {"clean": {"disable": rule_ids()}}}
    cfg["stages"] = {"clean": {
        "metrics": ["changed rate"],
        "datasets": [{"name": "mine", "path": "clean.jsonl"}, {"name": "off", "path": "clean.jsonl", "overrides": off}],
        "systems": [{"name": "rules"}],
    }}
    path.write_text(yaml.safe_dump(cfg))
    run_bench(path, progress=Progress(quiet=True))
    rows = json.loads((tmp_path / "out" / "leaderboard.json").read_text())["rows"]
    changed = {r["dataset"]: r["score"] for r in rows if r["system"] == "rules"}
    assert changed["mine"] > 0 and changed["off"] == 0


@pytest.mark.parametrize("edit, message", [
    ({"stages": {"clean": {"datasets": [{"name": "x", "path": "y"}], "sytems": []}}},
     "unknown config key 'bench.stages.clean.sytems'; allowed keys: baseline, compare, datasets, metrics, options, "
     "overrides, systems"),
    ({"outdir": "x"}, "unknown config key 'bench.outdir'"),
    ({"stages": {"clean": {"datasets": [{"name": "x", "path": "y"}], "metrics": ["chrf"]}}},
     "unknown clean metric 'chrf'; allowed: chrF"),
    ({"stages": {"score": {}}}, "unknown bench stage 'score'"),
    ({"stages": {"segment": {"datasets": [{"name": "x", "path": "y"}],
                             "systems": [{"name": "z", "baseline": "do-nothing"}]}}},
     "'do-nothing' is a clean baseline, not segment"),
])
def test_bad_config_is_rejected_with_the_allowed_keys(tmp_path, edit, message):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(edit))
    with pytest.raises(ConfigError) as err:
        load_bench_config(path)
    assert message in str(err.value)


def test_shipped_configs_validate():
    for name in ("bench.yaml", "bench-quick.yaml"):
        cfg = load_bench_config(Path(__file__).resolve().parents[1] / "configs" / name)
        assert [s.stage for s in cfg.stages] == ["clean", "segment", "summarize"]
        assert all(s.systems[0].name == s.baseline for s in cfg.stages)  # the baseline runs first


def test_generated_text_is_signed_with_its_model_card_and_file_hash():
    from pipeline.backends import load_card
    from pipeline.bench.systems import model_provenance
    from pipeline.document import Document, Summary

    card = load_card("qwen2.5-coder-1.5b-instruct-q4km")
    docs = [Document(source="x", summary=Summary(text="y", method="abstractive", model=card.name))]
    assert model_provenance(docs) == {"model": card.name, "model_sha256": card.source.sha256}
    extractive = [Document(source="x", summary=Summary(text="y", method="extractive", model="lead-k"))]
    assert model_provenance(extractive) == {"model": "lead-k"}  # no card, no file hash


def test_first_reference_baseline_outputs_the_first_human_briefing():
    from pipeline.bench.systems import BASELINES

    entry = BASELINES["first-reference"]
    doc = entry.run("The source.", {"references": ["Writer one's briefing.", "Writer two's."]})
    assert entry.stage == "summarize" and doc.summary.text == "Writer one's briefing." and doc.source == "The source."
