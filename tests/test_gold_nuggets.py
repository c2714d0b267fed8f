"""The nugget gold set (data/gold/nuggets.jsonl) is well formed and grounded in its bulletins.

A nugget whose source is not in the bulletin, or whose figure is not in its source, would make
``nugget_recall`` reward or punish the wrong thing, so both are checked verbatim."""

import json

import pytest
from conftest import ROOT

NUGGETS = ROOT / "data" / "gold" / "nuggets.jsonl"
SUMMARIES = ROOT / "data" / "gold" / "summarize.jsonl"
BULLETINS = ROOT / "data" / "bulletins"
RECORD_KEYS = {"doc", "split", "writer", "nuggets"}
NUGGET_KEYS = {"id", "text", "figure", "period", "actor", "weight", "source"}


def records() -> list[dict]:
    return [json.loads(line) for line in NUGGETS.read_text(encoding="utf-8").splitlines() if line.strip()]


def bulletin(record: dict) -> str:
    return (ROOT / record["doc"]).read_text(encoding="utf-8")


RECORDS = records()


def test_covers_every_dev_bulletin_and_at_least_four_heldout():
    docs = {r["split"]: set() for r in RECORDS}
    for r in RECORDS:
        docs[r["split"]].add(r["doc"])
    assert set(docs) == {"dev", "heldout"}
    assert docs["dev"] == {f"data/bulletins/{p.name}" for p in BULLETINS.glob("*.txt")}
    assert len(docs["heldout"]) >= 4
    assert all(d.startswith("data/bulletins/heldout/") for d in docs["heldout"])
    assert len({r["doc"] for r in RECORDS}) == len(RECORDS)


@pytest.mark.parametrize("record", RECORDS, ids=[r["doc"].rsplit("/", 1)[-1] for r in RECORDS])
def test_record_schema_and_grounding(record):
    assert set(record) == RECORD_KEYS
    assert isinstance(record["writer"], str) and record["writer"]
    nuggets = record["nuggets"]
    assert 6 <= len(nuggets) <= 12
    assert [n["id"] for n in nuggets] == [f"n{i}" for i in range(1, len(nuggets) + 1)]
    assert 3 in {n["weight"] for n in nuggets}  # every bulletin has headline facts
    text = bulletin(record)
    for n in nuggets:
        assert set(n) == NUGGET_KEYS, n["id"]
        assert n["weight"] in (1, 2, 3), n["id"]
        assert isinstance(n["text"], str) and n["text"].strip(), n["id"]
        for key in ("figure", "period", "actor"):
            assert n[key] is None or (isinstance(n[key], str) and n[key].strip()), (n["id"], key)
        assert n["source"] in text, f"{n['id']}: source not verbatim in {record['doc']}"
        if n["figure"] is not None:
            assert n["figure"] in n["source"], f"{n['id']}: figure {n['figure']!r} not in its source"
        if n["period"] is not None:
            assert n["period"].lower() in text.lower(), f"{n['id']}: period {n['period']!r} not in the bulletin"


def test_every_nugget_bulletin_has_a_second_writer_reference_in_the_same_split():
    summaries = {json.loads(line)["doc"]: json.loads(line)
                 for line in SUMMARIES.read_text(encoding="utf-8").splitlines() if line.strip()}
    for r in RECORDS:
        item = summaries[r["doc"]]
        assert item["split"] == r["split"], r["doc"]
        assert len(item["writers"]) == len(item["references"]), r["doc"]
        assert "writer-b" in item["writers"], r["doc"]
