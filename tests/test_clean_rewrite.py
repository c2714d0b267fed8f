"""The optional neural rewrite: a rewrite is kept only if it keeps facts, length and meaning.

A fake generator and a bag-of-words encoder stand in for the models, so the acceptance logic
is tested without loading one; one test checks the real sentence encoder's judgement.
"""

import re
from collections import Counter

import numpy as np
import pytest

import pipeline.backends
import pipeline.embeddings
from pipeline.backends.base import Generation
from pipeline.errors import ModelNotInstalled
from pipeline.stages.clean import DEFAULTS, clean_text
from pipeline.stages.clean.rewrite import check_rewrite, tidy_output

FLAGGED = "The construction of the ecosystem was accelerated. reached 55.7% and 75.1%."
GOOD = "The construction of the ecosystem was accelerated, and the rates reached 55.7% and 75.1%."
OPTIONS = dict(DEFAULTS["rewrite"], min_cosine=0.6)


class FakeGenerator:
    name = "fake-editor"
    context_tokens = 512
    load_seconds = 0.0

    def __init__(self, replies):
        self.replies = replies
        self.calls = []

    def count_tokens(self, text):
        return len(text.split())

    def generate(self, task, variables, settings=None):
        self.calls.append((task, variables["text"]))
        return Generation(self.replies.get(variables["text"], ""), 10, 10, 0.01)


class BagOfWordsEncoder:
    """Cosine of word counts: enough to tell a paraphrase from an unrelated sentence."""

    def __init__(self, *args):
        pass

    def encode(self, texts):
        counts = [Counter(re.findall(r"\w+", t.lower())) for t in texts]
        vocab = sorted(set().union(*counts))
        vectors = np.array([[c[w] for w in vocab] for c in counts], dtype=float)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.mark.parametrize("rewrite, reason", [
    ("The construction of the ecosystem was accelerated, and the rates reached 55.7%.", "drops '75.1%'"),
    ("The construction of the ecosystem was accelerated, and the rates reached 55.7%, 60% and 75.1%.", "adds '60%'"),
    ("The ecosystem grew.", "length ratio"),
    ("Growth in the ecosystem construction sector has been reported at 55.7% and 75.1% by analysts.", "cosine"),
    ("", "returned nothing"),
])
def test_rewrites_that_lose_facts_length_or_meaning_are_rejected(rewrite, reason):
    decision = check_rewrite(FLAGGED, rewrite, BagOfWordsEncoder(), OPTIONS)
    assert not decision.accepted
    assert any(reason in r for r in decision.reasons)


def test_faithful_rewrite_is_accepted():
    decision = check_rewrite(FLAGGED, GOOD, BagOfWordsEncoder(), OPTIONS)
    assert decision.accepted and decision.reasons == []
    assert 0.6 <= decision.cosine <= 1 and OPTIONS["min_length_ratio"] <= decision.length_ratio <= OPTIONS["max_length_ratio"]


def test_model_reply_is_tidied_to_one_sentence():
    assert tidy_output('Rewritten sentence: "Output rose."\nI kept every number.') == "Output rose."


@pytest.fixture
def fake_models(monkeypatch):
    generator = FakeGenerator({FLAGGED: GOOD})
    monkeypatch.setattr(pipeline.backends, "load_generator", lambda name, ctx: generator)
    monkeypatch.setattr(pipeline.embeddings, "Encoder", BagOfWordsEncoder)
    return generator


def test_accepted_rewrite_is_the_flagged_sentences_suggestion_by_default(fake_models):
    text = "Output rose by 3.5% in July. " + FLAGGED
    doc = clean_text(text, {"rewrite": {"enabled": True, "min_cosine": 0.6}})
    assert doc.cleaned == text and doc.edits == []
    suggested = [f for f in doc.flags if f.rule == "rewrite.neural"]
    assert [(f.before, f.suggestions) for f in suggested] == [(FLAGGED, [GOOD])]
    assert [f["suggestions"] for f in doc.to_dict()["flags"] if f["rule"] == "rewrite.neural"] == [[GOOD]]


def test_stage_rewrites_only_flagged_sentences_and_records_each_decision(fake_models):
    text = "Output rose by 3.5% in July. " + FLAGGED
    doc = clean_text(text, {"rewrite": {"enabled": True, "min_cosine": 0.6, "apply": True}})
    assert fake_models.calls == [("rewrite", FLAGGED)]
    assert doc.cleaned == "Output rose by 3.5% in July. " + GOOD
    (edit,) = doc.edits
    assert edit.rule == "rewrite.neural" and edit.before == FLAGGED and edit.confidence >= 0.6
    (decision,) = doc.meta["clean"]["rewrites"]
    assert decision["accepted"] and "lower case" in decision["flags"][0]


def test_rejected_rewrite_leaves_the_original_and_says_why(fake_models):
    fake_models.replies[FLAGGED] = "The construction was accelerated."
    doc = clean_text(FLAGGED, {"rewrite": {"enabled": True}})
    assert doc.cleaned == FLAGGED and doc.edits == []
    (decision,) = doc.meta["clean"]["rewrites"]
    assert not decision["accepted"] and any("drops" in r for r in decision["reasons"])


def test_rewrite_is_off_by_default_and_when_disabled_by_id(monkeypatch):
    def refuse(name, ctx):
        raise AssertionError("the generator must not be loaded")

    monkeypatch.setattr(pipeline.backends, "load_generator", refuse)
    assert clean_text(FLAGGED).meta["clean"]["rewrites"] == []
    doc = clean_text(FLAGGED, {"rewrite": {"enabled": True}, "disable": ["rewrite.neural"]})
    assert doc.meta["clean"]["rewrites"] == []


def test_real_sentence_encoder_accepts_a_paraphrase_and_rejects_drift():
    try:
        encoder = pipeline.embeddings.Encoder("all-MiniLM-L6-v2", 1)
    except ModelNotInstalled as err:
        pytest.skip(str(err))
    options = DEFAULTS["rewrite"]
    assert check_rewrite(FLAGGED, GOOD, encoder, options).accepted
    drift = "The ecosystem of start-ups collapsed after rates reached 55.7% and 75.1% in the market."
    decision = check_rewrite(FLAGGED, drift, encoder, options)
    assert not decision.accepted and any("cosine" in r for r in decision.reasons)
