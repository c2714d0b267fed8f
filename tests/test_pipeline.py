"""The Python API and the requires/provides check over the real registered stages."""

import pytest

from pipeline import Document, Pipeline
from pipeline.errors import ConfigError, PipelineError

FAST = {"runtime": {"threads": 1}, "components": {"summarize": {"method": "lead-k"}}}


def test_python_api_returns_a_document_with_every_stage_output(sample_text):
    doc = Pipeline.from_config(overrides=FAST)(sample_text)
    assert isinstance(doc, Document)
    assert doc.edits and doc.sections and doc.summary and doc.summary.text
    assert set(doc.scores) == {"clean", "segment", "summarize"}
    assert list(doc.meta["timings_s"]) == ["clean", "segment", "summarize", "score"]


def test_upto_stops_after_a_stage_but_keeps_score():
    pipe = Pipeline.from_config(overrides=FAST, upto="clean")
    assert [s.name for s in pipe.stages] == ["clean", "score"]


def test_a_stage_whose_requirement_is_missing_is_refused_before_loading():
    with pytest.raises(PipelineError, match="'summarize' requires sentences, sections"):
        Pipeline.from_config(overrides={**FAST, "pipeline": ["clean", "summarize"]})


def test_unknown_factory_names_the_registered_ones():
    with pytest.raises(ConfigError, match="allowed: clean, score, segment, summarize"):
        Pipeline.from_config(overrides={"components": {"clean": {"factory": "cleaner"}}})


def test_the_kernel_cache_is_bounded_before_the_first_model_loads_unless_the_user_set_it(monkeypatch):
    import os

    from pipeline.pipeline import Context

    monkeypatch.delenv("ONEDNN_PRIMITIVE_CACHE_CAPACITY", raising=False)
    Context(runtime={"threads": 1, "cache_dir": "/tmp", "seed": 1, "kernel_cache": 0}).shared("model", lambda: 1)
    assert os.environ["ONEDNN_PRIMITIVE_CACHE_CAPACITY"] == "0"
    monkeypatch.setenv("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "256")
    Context(runtime={"threads": 1, "cache_dir": "/tmp", "seed": 1, "kernel_cache": 0}).shared("other", lambda: 1)
    assert os.environ["ONEDNN_PRIMITIVE_CACHE_CAPACITY"] == "256"


def test_every_stage_shares_one_encoder_whose_cache_is_bounded_by_the_config():
    from pipeline.pipeline import Context

    ctx = Context(runtime={"threads": 1, "cache_dir": "/tmp", "seed": 1, "kernel_cache": 0, "encoder_cache": 3})
    encoder = ctx.encoder("all-MiniLM-L6-v2")
    assert ctx.encoder("all-MiniLM-L6-v2") is encoder
    encoder.encode([f"Sentence number {i} about output." for i in range(5)])
    assert len(encoder._cache) == 3
