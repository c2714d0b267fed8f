"""Batch processing: Pipeline.pipe, inputs (files, folder + glob, JSONL/CSV), the local engine's
outputs (per-document files, results.jsonl, errors.jsonl), --resume after a kill, the
datasets helper, and the document model's fast offset maps against a plain linear scan."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from pipeline import Pipeline
from pipeline.batch import BatchJob, BatchOutput, map_dataset, plan_inputs, run_batch
from pipeline.document import Document

BULLETINS = sorted((ROOT / "data" / "bulletins").glob("*.txt"))
CLEAN_ONLY = {"runtime": {"threads": 1}}


def mtbrief(*args):
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=600)


def comparable(data: dict) -> dict:
    """A rendered JSON document without what differs between runs by design (timings, the id)."""
    meta = {k: v for k, v in data["meta"].items() if k not in ("timings_s", "id")}
    return {**data, "meta": meta}


@pytest.fixture()
def feed(tmp_path):
    """Three small bulletins and one file that is not UTF-8."""
    folder = tmp_path / "feed"
    folder.mkdir()
    for p in BULLETINS[:3]:
        (folder / p.name).write_text(p.read_text(encoding="utf-8")[:1500], encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\xff\xfeThe ministry \x00 said")
    (folder / "notes.md").write_text("not taken by the default glob", encoding="utf-8")
    return folder


# ---- Document: fast maps equal the linear scan they replace --------------------------------------
class LinearScan(Document):
    """The straightforward O(E)-per-call maps, kept as the reference the fast ones must equal."""

    def ref_spans(self):
        out, delta = [], 0
        for e in self.edits:
            cs = e.start + delta
            out.append((cs, cs + len(e.after)))
            delta += len(e.after) - (e.end - e.start)
        return out

    def ref_to_source(self, pos, left):
        delta = 0
        for (cs, ce), e in zip(self.ref_spans(), self.edits):
            if pos < cs or (pos == cs and not (left and ce == cs)):
                break
            if pos < ce:
                return e.start if left else e.end
            delta = ce - e.end
        return pos - delta

    def ref_to_cleaned(self, pos, left):
        delta = 0
        for (cs, ce), e in zip(self.ref_spans(), self.edits):
            if pos < e.start or (pos == e.start and (left or e.end > e.start)):
                if pos == e.start == e.end:
                    return cs
                break
            if pos < e.end:
                return cs if left else ce
            delta = ce - e.end
        return pos + delta


@st.composite
def edits_and_probes(draw):
    source = draw(st.text(alphabet="ab \n", max_size=30))
    steps, length = [], len(source)
    for _ in range(draw(st.integers(0, 14))):
        start = draw(st.integers(0, length))
        end = draw(st.integers(start, min(length, start + 4)))
        steps.append((start, end, draw(st.sampled_from(["", "", "x", "yz", "a", " "])), draw(st.integers(0, 99))))
        length += len(steps[-1][2]) - (end - start)
    return source, steps


@settings(max_examples=400, deadline=None)
@given(edits_and_probes())
def test_fast_offset_maps_equal_a_linear_scan_while_edits_arrive(case):
    source, steps = case
    doc = LinearScan(source)
    expected = source
    for n, (start, end, after, probe) in enumerate(steps):
        doc.edit(start, end, after, rule=f"r{n}", reason="test")
        expected = expected[:start] + after + expected[end:]
        assert doc.cleaned == expected
        c, s = probe % (len(doc.cleaned) + 1), probe % (len(source) + 1)  # lookups between edits, as clean does
        for left in (True, False):
            assert doc._point_to_source(c, left) == doc.ref_to_source(c, left)
            assert doc._point_to_cleaned(s, left) == doc.ref_to_cleaned(s, left)
    assert [(cs, ce) for cs, ce, _ in doc.replacement_spans()] == doc.ref_spans()
    for pos in range(len(doc.cleaned) + 1):
        for left in (True, False):
            assert doc._point_to_source(pos, left) == doc.ref_to_source(pos, left)
    for pos in range(len(source) + 1):
        for left in (True, False):
            assert doc._point_to_cleaned(pos, left) == doc.ref_to_cleaned(pos, left)


def test_replacing_the_edits_list_resets_the_span_cache():
    doc = Document("one two three")
    doc.edit(0, 3, "ONE", rule="r", reason="t")
    again = Document.from_dict(doc.to_dict())
    assert again.replacement_spans() == doc.replacement_spans() == [(0, 3, 0)]
    doc.edits = []
    assert doc.replacement_spans() == []


# ---- inputs --------------------------------------------------------------------------------------
def test_folder_glob_files_and_records_are_planned_in_order_with_unique_ids(feed, tmp_path):
    items = plan_inputs([str(feed)])
    assert [i.id for i in items] == ["broken"] + [p.stem for p in BULLETINS[:3]]
    assert [i.id for i in plan_inputs([str(feed)], glob="*.md")] == ["notes"]
    twice = plan_inputs([str(BULLETINS[0]), str(BULLETINS[0])])
    assert [i.id for i in twice] == [BULLETINS[0].stem, BULLETINS[0].stem + "-2"]
    jsonl = tmp_path / "feed.jsonl"
    jsonl.write_text('{"body": "First text.", "key": "a/1"}\nnot json\n{"key": "c"}\n', encoding="utf-8")
    records = plan_inputs([str(jsonl)], text_field="body", id_field="key")
    assert [(r.id, r.text, bool(r.error)) for r in records] == [("a_1", "First text.", False), ("feed-2", None, True),
                                                               ("c", None, True)]
    assert "not valid JSON" in records[1].error and "'body'" in records[2].error
    table = tmp_path / "feed.csv"
    table.write_text('id,text\nx,"A text, with a comma."\n', encoding="utf-8")
    assert [(r.id, r.text) for r in plan_inputs([str(table)], id_field="id")] == [("x", "A text, with a comma.")]


# ---- Pipeline.pipe -------------------------------------------------------------------------------
def test_pipe_yields_documents_in_order_equal_to_single_calls():
    texts = [p.read_text(encoding="utf-8")[:2000] for p in BULLETINS[:4]]
    pipe = Pipeline.from_config(overrides=CLEAN_ONLY, upto="segment")
    piped = list(pipe.pipe(texts, batch_size=3))
    single = [pipe(t) for t in texts]
    assert [d.source for d in piped] == texts
    for a, b in zip(piped, single):  # segment's batched path embeds the batch in one call: same sections
        assert comparable(a.to_dict()) == comparable(b.to_dict())


def test_pipe_records_a_failing_document_and_goes_on():
    pipe = Pipeline.from_config(overrides=CLEAN_ONLY, upto="clean")

    def fussy(doc):
        if "boom" in doc.source:
            raise RuntimeError("cannot handle\nthis")
        return doc

    fussy.name, fussy.requires, fussy.provides = "fussy", (), ()
    pipe.stages.insert(0, fussy)
    docs = list(pipe.pipe([{"text": "Fine text.", "id": "a"}, "A boom here.", "Also fine."], on_error="record"))
    assert [d.meta.get("error") for d in docs] == [None, "RuntimeError: cannot handle this", None]
    assert docs[1].meta["error_stage"] == "fussy" and "clean" not in docs[1].meta["timings_s"]
    assert docs[0].meta["id"] == "a" and docs[2].meta["timings_s"]["clean"] >= 0
    with pytest.raises(RuntimeError):
        list(pipe.pipe(["A boom here."]))


# ---- the command line ----------------------------------------------------------------------------
def test_cli_batch_writes_a_file_per_document_an_index_and_errors(feed, tmp_path):
    out = tmp_path / "out"
    proc = mtbrief("clean", str(feed), "-o", str(out), "--set", "runtime.threads=1", "-q")
    assert proc.returncode == 1, proc.stderr  # one document failed
    assert proc.stderr.strip().splitlines()[-1].startswith("mtbrief: 3 done, 1 failed")
    index = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert sorted((e["id"], e["status"]) for e in index) == sorted(
        [("broken", "error")] + [(p.stem, "ok") for p in BULLETINS[:3]])
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert [(e["id"], e["stage"]) for e in errors] == [("broken", "read")]
    assert errors[0]["error"].endswith("broken.txt looks binary: NUL byte at byte offset 15")
    for entry in index:
        if entry["status"] == "ok":
            assert entry["counts"]["edits"] == len(json.loads((out / entry["output"]).read_text())["edits"])
    # each file is what the single-file command prints for that document
    one = feed / BULLETINS[0].name
    single = mtbrief("clean", str(one), "--format", "json", "--set", "runtime.threads=1", "-q")
    assert single.returncode == 0, single.stderr
    batch = json.loads((out / f"{BULLETINS[0].stem}.json").read_text())
    assert comparable(batch) == comparable(json.loads(single.stdout))


def test_cli_batch_refuses_without_a_folder_or_over_an_old_index(feed, tmp_path):
    proc = mtbrief("clean", str(feed))
    assert proc.returncode == 2 and "needs -o DIR" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.jsonl").write_text('{"id": "x", "status": "ok"}\n')
    proc = mtbrief("clean", str(feed), "-o", str(out))
    assert proc.returncode == 2 and "--resume" in proc.stderr and (out / "results.jsonl").read_text().count("\n") == 1


def test_cli_reads_jsonl_records_with_text_and_id_fields(tmp_path):
    src = tmp_path / "wire.jsonl"
    rows = [{"uid": f"n{i}", "body": p.read_text(encoding="utf-8")[:800]} for i, p in enumerate(BULLETINS[:2])]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    proc = mtbrief("clean", str(src), "--text-field", "body", "--id-field", "uid", "--format", "text", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("mtbrief: 2 done, 0 failed")
    assert sorted(p.name for p in out.iterdir()) == ["errors.jsonl", "n0.txt", "n1.txt", "results.jsonl"]


# ---- --resume ------------------------------------------------------------------------------------
def test_resume_redoes_exactly_what_a_crash_left_unfinished(feed, tmp_path):
    job = BatchJob(overrides=CLEAN_ONLY, upto="clean", view="clean", fmt="json", batch_size=2)
    items = [i for i in plan_inputs([str(feed)]) if i.id != "broken"]
    out = tmp_path / "out"
    assert run_batch(job, items, out).ok == 3
    first, second, third = (i.id for i in items)
    lines = (out / "results.jsonl").read_text().splitlines(keepends=True)
    by_id = {json.loads(line)["id"]: line for line in lines}
    # The crash: the second document's file is gone (killed before its rename), the third has a
    # file but its index line was cut short mid-write.
    (out / f"{second}.json").unlink()
    (out / "results.jsonl").write_text(by_id[first] + by_id[second] + by_id[third][:25])
    tally = run_batch(job, items, out, resume=True)
    assert (tally.ok, tally.failed, tally.skipped) == (2, 0, 1)
    ids = [json.loads(line)["id"] for line in (out / "results.jsonl").read_text().splitlines()]
    assert sorted(ids) == sorted([first, second, third])  # each exactly once
    assert all((out / f"{i}.json").is_file() for i in ids)


def test_kill_mid_batch_then_resume_finishes_every_document_once(tmp_path):
    feed = tmp_path / "feed"
    feed.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in BULLETINS]
    for n in range(40):
        (feed / f"doc{n:02d}.txt").write_text(texts[n % len(texts)][: 3000 + 50 * n], encoding="utf-8")
    out = tmp_path / "out"
    args = [sys.executable, "-m", "pipeline.cli", "clean", str(feed), "-o", str(out), "--batch-size", "1", "-q",
            "--set", "runtime.threads=1"]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    index = out / "results.jsonl"
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None:
        if index.is_file() and index.read_text().count("\n") >= 3:
            os.kill(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.01)
    proc.wait(timeout=60)
    killed = proc.returncode == -signal.SIGKILL
    before = index.read_text().count("\n")
    resumed = subprocess.run(args + ["--resume"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    ids = [json.loads(line)["id"] for line in index.read_text().splitlines()]
    assert sorted(ids) == [f"doc{n:02d}" for n in range(40)]  # every document, each exactly once
    assert all(json.loads((out / f"{i}.json").read_text())["source"] for i in ids)
    if killed:
        assert f"{min(before, 40)} already done" in resumed.stderr or before >= 40


# ---- datasets ------------------------------------------------------------------------------------
def test_map_dataset_adds_result_columns():
    datasets = pytest.importorskip("datasets")
    texts = [p.read_text(encoding="utf-8")[:1200] for p in BULLETINS[:3]]
    ds = datasets.Dataset.from_dict({"text": texts, "n": [1, 2, 3]})
    pipe = Pipeline.from_config(overrides=CLEAN_ONLY, upto="clean")
    mapped = map_dataset(ds, pipe, batch_size=2)
    assert set(mapped.column_names) >= {"text", "n", "cleaned", "edits", "sections", "briefing", "scores", "error"}
    for row, text in zip(mapped, texts):
        doc = pipe(text)
        assert row["cleaned"] == doc.cleaned and len(json.loads(row["edits"])) == len(doc.edits)
        assert row["error"] is None


def test_batch_output_folder_must_not_be_a_file(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    from pipeline.errors import InputError

    with pytest.raises(InputError, match="is a file"):
        BatchOutput(target, "json")


# ---- the throughput benchmark's corpus -----------------------------------------------------------
def test_throughput_corpus_mixes_bulletins_news_and_wmt_documents(shared_data, tmp_path):
    from pipeline.bench.throughput import build_corpus

    spec = {"bulletins": [str(ROOT / "data" / "bulletins")], "shared_data": str(shared_data), "wmt_systems": ["ONLINE-A"]}
    files = build_corpus(spec, tmp_path / "corpus", 12)
    kinds = [p.stem.split("-")[1] for p in files]
    assert kinds[:8] == ["bulletin"] * 8 and kinds[8:] == ["news", "wmt", "news", "wmt"]
    assert all(p.read_text(encoding="utf-8").strip() for p in files)


@pytest.mark.parametrize("name, kind", [("bench-throughput.yaml", "throughput"), ("bench-scaling.yaml", "scaling"),
                                        ("bench-quick.yaml", "leaderboard"), ("bench-briefing.yaml", "leaderboard"),
                                        ("bench-throughput-ray.yaml", "throughput"), ("bench-scaling-mixed.yaml", "scaling")])
def test_every_shipped_bench_config_names_a_registered_kind_and_validates(name, kind):
    from pipeline import registry
    from pipeline.bench.config import BenchFile, read_bench_file
    from pipeline.bench.runner import bench_kind
    from pipeline.bench.scaling import ScalingFile
    from pipeline.bench.throughput import ThroughputFile

    assert bench_kind(ROOT / "configs" / name) == kind and kind in registry.benches
    schema = {"throughput": ThroughputFile, "scaling": ScalingFile, "leaderboard": BenchFile}[kind]
    read_bench_file(ROOT / "configs" / name, schema)


def test_a_bench_config_of_an_unknown_kind_or_with_a_typo_is_one_config_error(tmp_path):
    from pipeline.bench import run_bench
    from pipeline.errors import ConfigError

    bad = tmp_path / "b.yaml"
    bad.write_text("kind: speed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown bench kind 'speed'; allowed: leaderboard, scaling, throughput"):
        run_bench(bad)
    bad.write_text("kind: throughput\nbatch_sise: 4\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="batch_sise"):
        run_bench(bad)
    bad.write_text("kind: scaling\nsizes_kb: [0]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="sizes_kb"):
        run_bench(bad)


def test_scaling_bench_writes_a_row_per_prefix_and_size(shared_data, tmp_path):
    from pipeline.bench import run_bench

    config = tmp_path / "scaling.yaml"
    config.write_text(f"kind: scaling\nshared_data: {shared_data}\nsizes_kb: [20, 40]\nupto: [clean]\n", encoding="utf-8")
    result = run_bench(config, out_dir=tmp_path / "out")
    rows = json.loads((tmp_path / "out" / "scaling.json").read_text())["rows"]
    assert result["rows"] == 2 and [r["upto"] for r in rows] == ["clean", "clean"]
    assert all(r["echo_edits"] >= 1 for r in rows) and rows[1]["paragraphs"] > rows[0]["paragraphs"]


def test_scaling_mixed_source_joins_distinct_documents_to_the_asked_size(shared_data):
    from pipeline.bench.scaling import mixed_text

    text = mixed_text(shared_data, 300_000)
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    assert 285_000 <= len(text.encode("utf-8")) <= 300_000
    assert len(set(paragraphs)) > 0.9 * len(paragraphs)  # real documents, not one repeated
