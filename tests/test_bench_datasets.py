"""Bench dataset loaders: the stage schemas, user files, the public formats on tiny fixtures
written here, and the real public sets in ../shared/data when present."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pipeline.bench.datasets import DatasetUnavailable, load_bench_dataset, unmark
from pipeline.errors import ConfigError, InputError


def load(tmp_path: Path, stage: str, **spec):
    return load_bench_dataset({"name": "t", **spec}, stage, tmp_path, tmp_path / "cache", spec.pop("limit", None))


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


# ---- gold / user files ------------------------------------------------------------------------
def test_jsonl_items_keep_schema_fields_and_drop_absent_optional_ones(tmp_path):
    write_jsonl(tmp_path / "c.jsonl", [
        {"id": 1, "source": "a  b", "reference": "a b", "edits": [{"start": 1, "end": 3, "after": " "}]},
        {"id": 2, "source": "c", "reference": "c"},
    ])
    ds = load(tmp_path, "clean", path="c.jsonl")
    assert [it["id"] for it in ds.items] == ["1", "2"]  # ids become strings
    assert ds.items[0]["edits"] == [{"start": 1, "end": 3, "after": " "}]
    assert "edits" not in ds.items[1]  # Arrow's None for a missing key is dropped


def test_csv_with_json_cells_and_renamed_columns(tmp_path):
    (tmp_path / "s.csv").write_text(
        'key,article,summary\nx1,"One. Two.","[""One.""]"\n', encoding="utf-8")
    ds = load(tmp_path, "summarize", path="s.csv", columns={"id": "key", "text": "article", "references": "summary"})
    assert ds.items == [{"id": "x1", "text": "One. Two.", "references": ["One."]}]


def test_csv_cell_with_broken_json_names_the_field(tmp_path):
    (tmp_path / "c.csv").write_text('id,source,edits\na,text,"[{""start"": 0,"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"t\[0\]: field 'edits' holds invalid JSON"):
        load(tmp_path, "clean", path="c.csv")


def test_where_selects_items_and_a_single_reference_becomes_a_list(tmp_path):
    write_jsonl(tmp_path / "s.jsonl", [
        {"id": "a", "text": "T.", "references": "R.", "split": "dev"},
        {"id": "b", "text": "T.", "references": ["R1.", "R2."], "split": "heldout"},
    ])
    ds = load(tmp_path, "summarize", path="s.jsonl", where={"split": ["heldout", "test"]})
    assert [(it["id"], it["references"]) for it in ds.items] == [("b", ["R1.", "R2."])]
    assert load(tmp_path, "summarize", path="s.jsonl", where={"split": "dev"}).items[0]["references"] == ["R."]


def test_doc_field_is_read_and_its_hash_checked(tmp_path):
    doc = tmp_path / "b.txt"
    doc.write_text("Heading\n\nBody text.", encoding="utf-8")
    good = hashlib.sha256(doc.read_bytes()).hexdigest()
    write_jsonl(tmp_path / "g.jsonl", [{"id": "b", "doc": "b.txt", "source_sha256": good, "sections": [{"start": 0}]}])
    assert load(tmp_path, "segment", path="g.jsonl").items[0]["text"] == "Heading\n\nBody text."
    write_jsonl(tmp_path / "bad.jsonl", [{"id": "b", "doc": "b.txt", "source_sha256": "0" * 64, "sections": []}])
    with pytest.raises(InputError, match="changed since it was annotated"):
        load(tmp_path, "segment", path="bad.jsonl")


def test_missing_required_field_names_the_schema(tmp_path):
    write_jsonl(tmp_path / "s.jsonl", [{"id": "a", "text": "t"}])
    with pytest.raises(InputError, match="missing field.*references"):
        load(tmp_path, "summarize", path="s.jsonl")


def test_duplicate_ids_are_refused(tmp_path):
    write_jsonl(tmp_path / "c.jsonl", [{"id": "a", "source": "x"}, {"id": "a", "source": "y"}])
    with pytest.raises(InputError, match="more than once"):
        load(tmp_path, "clean", path="c.jsonl")


def test_limit_keeps_the_first_items(tmp_path):
    write_jsonl(tmp_path / "c.jsonl", [{"id": str(i), "source": "x"} for i in range(5)])
    assert [it["id"] for it in load(tmp_path, "clean", path="c.jsonl", limit=2).items] == ["0", "1"]


def test_missing_local_file_is_a_skip_not_a_crash(tmp_path):
    with pytest.raises(DatasetUnavailable, match="not found"):
        load(tmp_path, "clean", path="nope/clean.jsonl")
    with pytest.raises(DatasetUnavailable, match="not found"):
        load(tmp_path, "segment", path="../no-such-folder", format="choi")


def test_hub_name_goes_to_load_dataset_and_fails_cleanly_offline(tmp_path):
    with pytest.raises(DatasetUnavailable, match="hub dataset 'someone/some-set'"):
        load(tmp_path, "summarize", path="someone/some-set")


def test_unknown_format_and_option_are_config_errors(tmp_path):
    write_jsonl(tmp_path / "c.jsonl", [{"id": "a", "source": "x"}])
    with pytest.raises(ConfigError, match="unknown format 'xml'"):
        load(tmp_path, "clean", path="c.jsonl", format="xml")
    with pytest.raises(ConfigError, match="allowed keys: pair, reference, system, testset"):
        load(tmp_path, "clean", path=".", format="wmt", options={"sytem": "A"})


# ---- public formats on fixtures ------------------------------------------------------------
def test_wmt_pairs_a_system_with_the_reference_and_the_reference_with_itself(tmp_path):
    (tmp_path / "t.zh-en.ref.refA.en").write_text("Ref one.\nRef two.\n", encoding="utf-8")
    (tmp_path / "t.zh-en.hyp.SYS.en").write_text("Hyp one.\nHyp two.\n", encoding="utf-8")
    opts = {"testset": "t", "system": "SYS"}
    items = load(tmp_path, "clean", path=".", format="wmt", options=opts).items
    assert [(it["id"], it["source"], it["reference"]) for it in items] == [
        ("SYS:1", "Hyp one.", "Ref one."), ("SYS:2", "Hyp two.", "Ref two.")]
    same = load(tmp_path, "clean", path=".", format="wmt", options={**opts, "system": "reference"}).items
    assert all(it["source"] == it["reference"] for it in same)


def test_wmt_misaligned_files_are_an_input_error(tmp_path):
    (tmp_path / "t.zh-en.ref.refA.en").write_text("a\nb\n", encoding="utf-8")
    (tmp_path / "t.zh-en.hyp.S.en").write_text("a\n", encoding="utf-8")
    with pytest.raises(InputError, match="1 lines but"):
        load(tmp_path, "clean", path=".", format="wmt", options={"testset": "t", "system": "S"})


def test_unmark_gives_offsets_in_the_plain_text():
    plain, spans = unmark("The <v>quick</v> fox <v>jumps</v>.")
    assert plain == "The quick fox jumps."
    assert [plain[a:b] for a, b in spans] == ["quick", "jumps"]
    plain, spans = unmark(" <v>Buy it! </v>")  # raters' copies differ in outer spaces
    assert (plain, spans) == ("Buy it!", [(0, 7)])


MQM_HEADER = "system\tdoc\tdocSegId\tglobalSegId\trater\tsource\ttarget\tcategory\tseverity\n"


def test_mqm_groups_raters_drops_attention_checks_and_filters_categories(tmp_path):
    rows = [
        ("A", "d", "1", "1", "r1", "src", "The <v>big</v> cat sat.", "Fluency/Grammar", "Minor"),
        ("A", "d", "1", "1", "r2", "src", "The big <v>cat</v> sat.", "Accuracy/Mistranslation", "Major"),
        ("A", "d", "1", "1", "r3", "src", "The big cat <v>sat</v>.", "Fluency/Spelling", "HOTW-test"),
        ("A", "d", "1", "1", "r3", "<v>src</v>", "The big cat sat.", "Accuracy/Omission", "Major"),
        ("B", "d", "1", "1", "r1", "src", "A cat sat.", "No-error", "No-error"),
    ]
    (tmp_path / "m.tsv").write_text(MQM_HEADER + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    items = load(tmp_path, "clean", path="m.tsv", format="mqm", options={"categories": ["Fluency"]}).items
    by_id = {it["id"]: it for it in items}
    assert set(by_id) == {"A:1", "B:1"}
    a = by_id["A:1"]
    assert a["source"] == "The big cat sat."
    assert [(a["source"][s["start"]:s["end"]], s["category"]) for s in a["spans"]] == [("big", "Fluency/Grammar")]
    assert by_id["B:1"]["spans"] == []  # annotated, no error: edits there are false positives


def test_choi_sentences_become_units_and_segments_sections(tmp_path):
    folder = tmp_path / "choi" / "3-5"
    folder.mkdir(parents=True)
    for n in (0, 1, 2):
        (folder / f"{n}.ref").write_text(
            "==========\nFirst a .\nFirst b .\n==========\nSecond a .\n==========\n", encoding="utf-8")
    items = load(tmp_path, "segment", path="choi", format="choi", options={"per_subset": 2}).items
    assert [it["id"] for it in items] == ["3-5/0", "3-5/1"]
    it = items[0]
    assert [it["text"][a:b] for a, b in it["units"]] == ["First a .", "First b .", "Second a ."]
    assert [s["start"] for s in it["sections"]] == [0, it["units"][2][0]]


def test_frank_rows_keep_stored_summaries_and_filter_by_dataset(tmp_path):
    write_jsonl(tmp_path / "f.jsonl", [
        {"hash": "h1", "dataset": "cnndm", "url": "u", "article": "Art.", "reference_summary": "Ref.",
         "system_summaries": {"bart": "B."}},
        {"hash": "h2", "dataset": "xsum", "url": "u", "article": "Art 2.", "reference_summary": "ref",
         "system_summaries": {"PtGen": "P."}},
    ])
    items = load(tmp_path, "summarize", path="f.jsonl", format="frank", options={"datasets": ["cnndm"]}).items
    assert items == [{"id": "h1", "text": "Art.", "references": ["Ref."], "system_summaries": {"bart": "B."},
                      "meta": {"dataset": "cnndm", "url": "u"}}]


# ---- the real public sets -----------------------------------------------------------------------
def test_shared_wmt_and_mqm_load(shared_data):
    wmt = load_bench_dataset({"name": "w", "path": str(shared_data / "wmt23-zhen"), "format": "wmt",
                              "options": {"system": "GPT4-5shot"}}, "clean", shared_data, shared_data, None)
    assert len(wmt.items) == 1976 and all(it["reference"] for it in wmt.items[:50])
    mqm = load_bench_dataset({"name": "m", "path": str(shared_data / "wmt23-zhen/mqm2023-zhen-news-spans.tsv"),
                              "format": "mqm"}, "clean", shared_data, shared_data, None)
    spans = [(it["source"], s) for it in mqm.items for s in it["spans"]]
    assert spans and all(0 <= s["start"] < s["end"] <= len(text) for text, s in spans)
    assert not any(s["severity"] == "HOTW-test" for _, s in spans)


def test_shared_choi_and_frank_load(shared_data):
    choi = load_bench_dataset({"name": "c", "path": str(shared_data / "choi/1"), "format": "choi"},
                              "segment", shared_data, shared_data, None)
    assert len(choi.items) == 200
    assert all(len(it["sections"]) == 10 for it in choi.items)  # Choi's documents have 10 segments
    frank = load_bench_dataset({"name": "f", "path": str(shared_data / "frank-dev/frank-validation.jsonl"),
                                "format": "frank"}, "summarize", shared_data, shared_data, None)
    assert len(frank.items) == 149 and all(it["system_summaries"] for it in frank.items)


def test_join_adds_fields_from_another_file_and_drops_items_without_a_partner(tmp_path):
    write_jsonl(tmp_path / "s.jsonl", [{"id": "a", "doc_id": "x", "text": "A.", "references": ["A."]},
                                       {"id": "b", "doc_id": "y", "text": "B.", "references": ["B."]}])
    nuggets = [{"text": "A happened.", "figure": None, "period": None, "weight": 2}]
    write_jsonl(tmp_path / "n.jsonl", [{"doc_id": "x", "nuggets": nuggets, "writer": "w"}])
    ds = load(tmp_path, "summarize", path="s.jsonl", join={"path": "n.jsonl", "key": "doc_id", "fields": ["nuggets"]})
    assert [it["id"] for it in ds.items] == ["a"] and ds.items[0]["nuggets"] == nuggets
    assert "writer" not in ds.items[0]
    with pytest.raises(InputError, match="has no field 'notes'"):
        load(tmp_path, "summarize", path="s.jsonl", join={"path": "n.jsonl", "key": "doc_id", "fields": ["notes"]})
    with pytest.raises(InputError, match="join file"):
        load(tmp_path, "summarize", path="s.jsonl", join={"path": "none.jsonl", "key": "doc_id", "fields": ["nuggets"]})


def test_the_shipped_nugget_gold_joins_every_summarize_gold_bulletin(tmp_path):
    root = Path(__file__).resolve().parents[1]
    join = {"path": "data/gold/nuggets.jsonl", "key": "doc", "fields": ["nuggets"]}
    for split, count in (("dev", 8), ("heldout", 4)):
        ds = load_bench_dataset({"name": split, "path": "data/gold/summarize.jsonl", "where": {"split": split},
                                 "join": join}, "summarize", root, tmp_path / "cache")
        assert len(ds.items) == count and all(len(it["nuggets"]) >= 6 for it in ds.items)
