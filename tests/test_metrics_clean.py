"""Clean-stage metrics: edit P/R/F0.5, SARI, GLEU, sacrebleu scores, sentences changed,
against hand-computed values and, through evaluate, as loadable and combinable modules."""

import math

import pytest

from pipeline.metrics.core.changes import sentences_changed
from pipeline.document import Document
from pipeline.errors import ConfigError
from pipeline.metrics import metric_path
from pipeline.metrics.core.edits import SpanEdit, diff_edits, edit_counts, edit_prf, span_dicts, spans_match
from pipeline.metrics.core.gleu import corpus_gleu, gleu_stats
from pipeline.metrics.core.mt import reference_streams, sacrebleu_scores
from pipeline.metrics.core.sari import corpus_sari, sentence_sari

CARD_SOURCE = ["About 95 species are currently accepted."]
CARD_OUTPUT = ["About 95 you now get in."]
CARD_REFS = [["About 95 species are currently known.", "About 95 species are now accepted.", "95 species are now accepted."]]


def edits(*triples):
    return [{"start": a, "end": b, "after": t} for a, b, t in triples]


# ---- edit P/R/F ------------------------------------------------------------------------------
GOLD = edits((0, 3, "The"), (10, 12, "of"), (20, 20, ","))
PRED = edits((0, 3, "The"), (10, 14, "in"), (30, 31, ""))


def test_edit_prf_detection_and_correction_by_hand():
    r = edit_prf([GOLD], [PRED])
    # detection: (0,3) and (10,14)~(10,12) found; (30,31) spurious; the comma insertion missed
    assert (r["detection_tp"], r["detection_fp"], r["detection_fn"]) == (2, 1, 1)
    assert r["detection_precision"] == pytest.approx(2 / 3) and r["detection_f"] == pytest.approx(2 / 3)
    # correction: only "The" has the gold replacement; "in" for "of" is detected but wrong
    assert (r["correction_tp"], r["correction_fp"], r["correction_fn"]) == (1, 2, 2)
    assert r["correction_f"] == pytest.approx(1 / 3)
    assert r["detected_but_wrong"] == 1


def test_edit_prf_exact_mode_needs_the_same_span():
    assert edit_prf([GOLD], [PRED], mode="exact")["detection_tp"] == 1


def test_f_half_weights_precision():
    # 1 of 2 proposed right (P = 1/2), 1 of 4 gold found (R = 1/4): F0.5 = 1.25 PR / (0.25 P + R)
    gold = edits((0, 1, "a"), (5, 6, "b"), (10, 11, "c"), (15, 16, "d"))
    pred = edits((0, 1, "a"), (30, 31, "z"))
    r = edit_prf([gold], [pred])
    assert r["correction_f"] == pytest.approx(1.25 * 0.125 / (0.25 * 0.5 + 0.25))
    assert edit_prf([gold], [pred], beta=1.0)["correction_f"] == pytest.approx(2 * 0.125 / 0.75)


def test_one_long_edit_claims_one_gold_edit_only():
    r = edit_counts([SpanEdit(0, 3, "x"), SpanEdit(10, 12, "y")], [SpanEdit(0, 20, "x y")], "overlap")
    assert (r["detection_tp"], r["detection_fp"], r["detection_fn"]) == (1, 0, 1)


def test_matching_is_maximum_not_greedy():
    # A overlaps both gold edits, B only the first: greedy A->g1 would strand B
    gold = [SpanEdit(5, 10, "g1"), SpanEdit(12, 15, "g2")]
    pred = [SpanEdit(8, 13, "a"), SpanEdit(4, 6, "b")]
    assert edit_counts(gold, pred, "overlap")["detection_tp"] == 2


def test_insertions_match_at_their_point_and_replacements_ignore_spacing():
    assert spans_match(SpanEdit(20, 20, ","), SpanEdit(18, 20, "x,"), "overlap")
    assert not spans_match(SpanEdit(20, 20, ","), SpanEdit(21, 23, ""), "overlap")
    r = edit_prf([edits((0, 5, "a  b"))], [edits((0, 5, " a b"))])
    assert r["correction_tp"] == 1


def test_no_edits_on_either_side_is_perfect_and_bad_spans_fail():
    r = edit_prf([[]], [[]])
    assert r["correction_precision"] == r["correction_recall"] == r["correction_f"] == 1.0
    with pytest.raises(ValueError):
        edit_prf([edits((5, 2, "x"))], [[]])
    with pytest.raises(ValueError):
        edit_prf([GOLD], [PRED], mode="nearby")


# ---- SARI ------------------------------------------------------------------------------------
def test_sari_card_example():
    assert corpus_sari(CARD_SOURCE, CARD_OUTPUT, CARD_REFS)["sari"] == pytest.approx(26.953601953601954, abs=1e-9)


def test_sari_by_hand():
    # source "a b c", output "a b d", reference "a c d":
    # keep   n=1..4: F1(1/2, 1/2)=0.5, F1(0, 1)=0, 1, 1          -> 0.625
    # delete n=1..4: c deleted but kept by ref: 0; "b c" rightly deleted: 1; 1; 1 -> 0.75
    # add    n=1..4: d right: 1; "b d" wrong: 0; "a b d" wrong: 0; 1 -> 0.5
    s = sentence_sari("a b c", "a b d", ["a c d"])
    assert (s["keep"], s["delete"], s["add"]) == pytest.approx((0.625, 0.75, 0.5))
    assert s["sari"] == pytest.approx(0.625)


def test_sari_copying_the_reference_beats_copying_the_source():
    refs = [["the cat sat on the mat"]]
    assert corpus_sari(["the cat sat on mat"], ["the cat sat on the mat"], refs)["sari"] == pytest.approx(100.0)
    assert corpus_sari(["the cat sat on mat"], ["the cat sat on mat"], refs)["sari"] < 100.0


# ---- GLEU ------------------------------------------------------------------------------------
def test_gleu_by_hand_penalises_kept_errors():
    src, ref = "the cat sat on mat today", "the cat sat on the mat today"
    out = "the cat sat on a mat today"
    # matches minus source n-grams the reference dropped: 6/7, 4/6, 2/5, 1/4; equal lengths, BP = 1
    assert gleu_stats(src.split(), out.split(), ref.split()) == [7, 7, 6, 7, 4, 6, 2, 5, 1, 4]
    assert corpus_gleu([src], [out], [[ref]], tokenizer="none") == pytest.approx((2 / 35) ** 0.25)
    # copying the source keeps "sat on mat" and "on mat today", which the reference removed: 0
    assert corpus_gleu([src], [src], [[ref]], tokenizer="none") == 0.0


def test_gleu_with_several_references_is_deterministic_and_bounded():
    src, out = ["the cat sat on mat today"], ["the cat sat on the mat today"]
    refs = [["the cat sat on the mat today", "a cat sat on the mat today"]]
    first = corpus_gleu(src, out, refs, iterations=20)
    assert first == corpus_gleu(src, out, refs, iterations=20)
    assert 0 < first <= 1
    with pytest.raises(ValueError):
        corpus_gleu(src, out, [[]])


# ---- sacrebleu and sentences changed ----------------------------------------------------------
def test_sacrebleu_scores_match_sacrebleu_with_its_signatures():
    from sacrebleu.metrics import BLEU, CHRF, TER

    outs = ["the cat sat on the mat", "a dog barked loudly"]
    refs = [["the cat sat on a mat", "a cat sat on the mat"], ["a dog barked"]]
    r = sacrebleu_scores(outs, refs)
    streams = reference_streams(refs)
    assert streams[1] == ["a cat sat on the mat", None]
    for name, scorer in (("bleu", BLEU()), ("chrf", CHRF()), ("ter", TER())):
        assert r[name] == pytest.approx(scorer.corpus_score(outs, streams).score)
        assert r[f"{name}_signature"].startswith("nrefs:var|")
    assert "case:lc" in sacrebleu_scores(outs, refs, ["bleu"], lowercase=True)["bleu_signature"]


def test_sentences_changed_counts_items_and_ignores_respacing():
    r = sentences_changed(["A b.", "C  d.", "E f."], ["A b.", "C d.", "E g."])
    assert (r["changed"], r["total"]) == (1, 3) and math.isclose(r["changed_rate"], 1 / 3)
    assert sentences_changed(["C  d."], ["C d."], ignore_whitespace=False)["changed"] == 1


# ---- the evaluate modules ----------------------------------------------------------------------
def test_metric_paths_and_unknown_names():
    assert metric_path("sari").endswith("pipeline/metrics/sari")
    with pytest.raises(ConfigError, match="allowed: edit_prf"):
        metric_path("bleurt")


@pytest.fixture(scope="module")
def modules():
    from pipeline.metrics import load_metric

    return {name: load_metric(name) for name in ("edit_prf", "sari", "gleu", "sacrebleu_scores", "sentences_changed")}


def test_modules_load_by_path_and_agree_with_core(modules):
    r = modules["sari"].compute(sources=CARD_SOURCE, predictions=CARD_OUTPUT, references=CARD_REFS)
    assert r["sari"] == pytest.approx(26.953601953601954)
    assert r["signature"].startswith("metric:sari|n:4|tok:13a|case:lc|version:mtbrief-")
    single = modules["sari"].compute(sources=["a b c"], predictions=["a b d"], references=["a c d"])
    assert single["sari"] == pytest.approx(62.5)  # one reference as a plain string
    doc = Document(source="Teh cat sat.")
    doc.edit(0, 3, "The", rule="spelling", reason="typo")
    predicted = span_dicts(doc.edits)  # Edit objects carry rule, reason...: the module takes spans only
    e = modules["edit_prf"].compute(predictions=[predicted], references=[edits((0, 3, "The"))], beta=1.0, model="m",
                                    model_sha256="ab" * 32)
    assert e["correction_tp"] == 1 and "beta:1.0" in e["signature"] and "model:m|sha256:abababababab" in e["signature"]
    assert "Dahlmeier" in modules["edit_prf"].citation and modules["gleu"].description.startswith("GLEU")


def test_evaluate_combine_routes_inputs_and_options(modules):
    import evaluate

    combined = evaluate.combine([modules["sari"], modules["gleu"], modules["sacrebleu_scores"], modules["sentences_changed"]])
    srcs = ["the cat sat on mat today", "a dog barked"]
    outs = ["the cat sat on the mat today", "a dog barked"]
    refs = [["the cat sat on the mat today"], ["a dog barked loudly"]]
    r = combined.compute(sources=srcs, predictions=outs, references=refs, lowercase=True)
    assert r["sari"] == pytest.approx(corpus_sari(srcs, outs, refs)["sari"])
    assert r["gleu"] == pytest.approx(corpus_gleu(srcs, outs, refs, lowercase=True))
    assert r["bleu"] == pytest.approx(sacrebleu_scores(outs, refs, lowercase=True)["bleu"])
    assert r["changed_rate"] == 0.5
    # each module's own signature survives the merge, prefixed by its name
    assert {k for k in r if k.endswith("signature")} >= {"sari_signature", "gleu_signature", "sentences_changed_signature"}


def test_diff_edits_re_extract_word_edits_and_merge_near_ones():
    source = "We will cut the costs of the logistics. chain and increase Support for firms."
    target = "We will cut the costs of the logistics chain and increase support for firms."
    edits = diff_edits(source, target)
    assert [(source[e["start"] : e["end"]], e["after"]) for e in edits] == [(".", ""), ("Support", "support")]
    # Changes two words apart are one edit (a rephrased term), across a sentence end they are not.
    near = diff_edits("the strengthening of X chains", "efforts to fill gaps in X chains")
    assert len(near) == 1 and near[0]["start"] == 0
    apart = diff_edits("A b c. D e.", "X b c. Y e.")
    assert [e["after"] for e in apart] == ["X", "Y"]
    assert diff_edits("Same text.", "Same text.") == []
