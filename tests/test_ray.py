"""The Ray engine on a local 2-CPU Ray: the same outputs as the local engine, document for document."""

import json

import pytest

from conftest import ROOT
from pipeline.batch import BatchJob, plan_inputs, run_batch
from pipeline.batch.ray_engine import pool_size

GB = 2**30


def test_the_pool_is_sized_by_cpus_and_memory():
    big = {"CPU": 16, "memory": 64 * GB}
    assert pool_size(big, 2, 3 * GB, None, 100, 16).actors == 8  # CPUs bind: 16 / 2
    assert pool_size({"CPU": 16, "memory": 10 * GB}, 2, 3 * GB, None, 100, 16).actors == 3  # memory binds
    assert pool_size({"CPU": 2, "memory": 1 * GB}, 2, 3 * GB, None, 100, 16).memory == 1 * GB  # one still runs
    small = pool_size({"CPU": 2, "memory": 20 * GB}, 1, 3 * GB, None, 8, 16)
    assert (small.actors, small.batch, small.cpus) == (2, 4, 1)  # 8 bulletins: a batch of 4 for each actor
    assert pool_size(big, 2, 3 * GB, 3, 100, 16).actors == 3  # --actors wins
    assert pool_size(big, 2, 3 * GB, None, 3, 16).actors == 3  # no actor without a batch


ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'mtbrief[ray]'")

BULLETINS = sorted((ROOT / "data" / "bulletins").glob("*.txt"))


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def outputs(folder):
    """Each document's rendered JSON without its timings, and its index line without timings."""
    index = {}
    for line in (folder / "results.jsonl").read_text().splitlines():
        entry = json.loads(line)
        entry.pop("timings_s", None)
        index[entry["id"]] = entry
    docs = {}
    for entry in index.values():
        if entry["status"] == "ok":
            data = json.loads((folder / entry["output"]).read_text())
            data["meta"].pop("timings_s")
            docs[entry["id"]] = data
    return index, docs


def test_ray_engine_writes_what_the_local_engine_writes(local_ray, tmp_path):
    feed = tmp_path / "feed"
    feed.mkdir()
    for p in BULLETINS[:4]:
        (feed / p.name).write_text(p.read_text(encoding="utf-8")[:1800], encoding="utf-8")
    (feed / "empty.txt").write_text("  \n", encoding="utf-8")
    items = plan_inputs([str(feed)])
    job = BatchJob(overrides={"runtime": {"threads": 1}}, upto="segment", view="segment", fmt="json", batch_size=2)
    local = run_batch(job, items, tmp_path / "local")
    on_ray = run_batch(job, items, tmp_path / "ray", engine="ray")
    assert (local.ok, local.failed) == (on_ray.ok, on_ray.failed) == (4, 1)
    local_index, local_docs = outputs(tmp_path / "local")
    ray_index, ray_docs = outputs(tmp_path / "ray")
    assert ray_index == local_index and ray_docs == local_docs
    assert local_index["empty"]["status"] == "error" and "is empty" in local_index["empty"]["error"]
    assert all(d["sections"] for d in ray_docs.values())
