"""Segmentation metrics: Pk and WindowDiff against NLTK's reference implementation,
boundary F1 by hand, and the evaluate modules."""

import random

import pytest
from nltk.metrics import segmentation as nltk_seg

from pipeline.metrics.core.counting import max_matching
from pipeline.metrics.core.segmentation import (
    boundary_counts,
    corpus_boundary_f1,
    corpus_window_metric,
    default_k,
    masses_to_labels,
    pk,
    section_counts,
    windowdiff,
)


def random_masses(rng: random.Random) -> list[int]:
    return [rng.randint(1, 8) for _ in range(rng.randint(1, 9))]


def as_string(labels):
    return "".join(map(str, labels))


def test_masses_become_labels_closing_each_segment():
    assert masses_to_labels([3, 2]) == [0, 0, 1, 0, 1]
    with pytest.raises(ValueError):
        masses_to_labels([2, 0])


def test_pk_and_windowdiff_by_hand():
    ref, hyp = [0, 1, 0, 1], [0, 0, 0, 1]
    assert default_k(ref) == 1  # 4 units in 2 segments: half of 2
    assert pk(ref, hyp) == 0.25  # windows disagree at unit 1 only
    # windows of 2: reference counts 1, 2, 1, 1 against 0, 0, 0, 1
    assert windowdiff([0, 1, 1, 0, 1], [0, 0, 0, 0, 1], k=2) == 0.75
    assert windowdiff([0, 1, 1, 0, 1], [0, 0, 0, 0, 1], k=2, weighted=True) == 1.0  # (1 + 2 + 1 + 0) / 4


def test_pk_and_windowdiff_agree_with_nltk_on_random_cases():
    rng = random.Random(7)
    compared = 0
    for _ in range(300):
        ref = masses_to_labels(random_masses(rng))
        hyp = [1 if rng.random() < 0.25 else 0 for _ in ref[:-1]] + [1]
        k = rng.randint(1, len(ref))
        assert pk(ref, hyp, k) == pytest.approx(nltk_seg.pk(as_string(ref), as_string(hyp), k=k))
        assert windowdiff(ref, hyp, k) == pytest.approx(nltk_seg.windowdiff(as_string(ref), as_string(hyp), k))
        assert windowdiff(ref, hyp, k, weighted=True) == pytest.approx(
            nltk_seg.windowdiff(as_string(ref), as_string(hyp), k, weighted=True)
        )
        nltk_k = round(len(ref) / (sum(ref) * 2))
        if nltk_k >= 1:  # NLTK's own default k, where it is a usable window
            assert pk(ref, hyp) == pytest.approx(nltk_seg.pk(as_string(ref), as_string(hyp)))
            compared += 1
    assert compared > 100


def test_window_metrics_reject_mismatched_inputs():
    with pytest.raises(ValueError):
        pk([0, 1], [0, 0, 1])
    with pytest.raises(ValueError):
        windowdiff([0, 1], [0, 1], k=3)
    with pytest.raises(ValueError):
        corpus_window_metric("pk", [[0, 2]], [[0, 1]])


def test_boundary_f1_with_and_without_tolerance():
    ref = [0, 0, 1, 0, 0, 1, 0, 0, 0, 1]  # boundaries after units 2 and 5
    hyp = [0, 0, 0, 1, 0, 1, 0, 1, 0, 1]  # after 3, 5 and 7
    assert boundary_counts(ref, hyp, tolerance=1) == {"tp": 2, "fp": 1, "fn": 0}
    r = corpus_boundary_f1([ref], [hyp], tolerance=1)
    assert r["boundary_f1"] == pytest.approx(0.8)
    r0 = corpus_boundary_f1([ref], [hyp], tolerance=0)
    assert (r0["boundary_precision"], r0["boundary_recall"]) == pytest.approx((1 / 3, 1 / 2))


def test_boundary_matching_is_one_to_one():
    # two predicted boundaries next to one reference boundary: only one may count
    assert boundary_counts([0, 0, 1, 0, 0, 1], [0, 1, 1, 0, 0, 1], tolerance=1) == {"tp": 1, "fp": 1, "fn": 0}


def test_corpus_scores_average_documents_and_accept_masses():
    r = corpus_window_metric("pk", [[2, 2], [3]], [[1, 3], [3]], input_format="masses")
    assert r["item_scores"][1] == 0.0
    assert r["pk"] == pytest.approx(sum(r["item_scores"]) / 2)


@pytest.fixture(scope="module")
def modules():
    from pipeline.metrics import load_metric

    return {name: load_metric(name) for name in ("pk", "windowdiff", "boundary_f1", "section_agreement")}


def test_modules_compute_and_sign(modules):
    refs, hyps = [[0, 1, 0, 1], [0, 0, 1, 0, 1]], [[0, 0, 0, 1], [0, 0, 1, 0, 1]]
    r = modules["pk"].compute(predictions=hyps, references=refs)
    assert r["pk"] == pytest.approx((0.25 + 0.0) / 2)
    assert r["signature"].startswith("metric:pk|k:auto|units:sentences|input:labels|version:mtbrief-")
    assert "nltk-" in r["signature"]  # NLTK computes each document's Pk
    w = modules["windowdiff"].compute(predictions=[[1, 3]], references=[[2, 2]], input_format="masses", k=2)
    assert w["windowdiff"] == pytest.approx(windowdiff([0, 1, 0, 1], [1, 0, 0, 1], 2))
    assert "k:2" in w["signature"]
    b = modules["boundary_f1"].compute(predictions=hyps, references=refs, tolerance=0)
    assert b["tp"] == 1 and "tolerance:0" in b["signature"]


def section(unit: int, kind: str, title: str = "", level: int = 1) -> dict:
    return {"unit": unit, "level": level, "kind": kind, "title": title}


def test_section_agreement_by_hand(modules):
    gold = [section(0, "lede", "Overview"), section(3, "tasks", "Key tasks"), section(5, "tasks", level=2),
            section(8, "review")]
    pred = [section(0, "lede", "overview "), section(3, "review", "Tasks"), section(5, "tasks", level=1)]
    counts = section_counts(gold, pred)  # unit 5 differs in level, unit 8 is missed
    assert counts == {"sections": 4, "matched": 2, "kind_agreed": 1, "headings": 2, "headings_titled": 1}
    r = modules["section_agreement"].compute(predictions=[pred, []], references=[gold, [section(0, "lede")]])
    assert (r["kind_agreement"], r["heading_titles"], r["matched_share"]) == (0.5, 0.5, 2 / 5)
    assert r["item_scores"] == [0.5, None]  # nothing matched in the second document: no agreement to state
    assert r["signature"].startswith("metric:section_agreement|match:unit+level|")


def test_maximum_matching_beats_greedy():
    # Left 0 may take right 0 or 1, left 1 only right 0: greedy pairs 0-0 and strands left 1.
    assert max_matching(2, 2, lambda i, j: (i, j) in {(0, 0), (0, 1), (1, 0)}) == [(0, 1), (1, 0)]
    assert max_matching(0, 3, lambda i, j: True) == [] and max_matching(2, 2, lambda i, j: False) == []
