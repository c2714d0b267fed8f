"""The summarize stage with a scripted generator: plumbing, length control, plans,
the faithfulness review (retry, then drop) and the extractive fallback."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline import registry
from pipeline.backends.base import Generation, GenerationSettings
from pipeline.config import validate
from pipeline.document import Document, Section, Span
from pipeline.errors import ConfigError, ModelNotInstalled
from pipeline.facts import split_sentences
from pipeline.pipeline import Context, Pipeline
from pipeline.stages.summarize import DEFAULTS, abstractive
from pipeline.stages.summarize import stage as stage_module

SOURCE = (
    "On August 19, the Ministry of Industry and Information Technology held a teleconference in Beijing.\n\n"
    "From January to July, the added value of manufacturing increased by 2.7% year-on-year, and the investment "
    "in manufacturing increased by 9.9% year-on-year.\n\n"
    "In the first half of the year, the added value of manufacturing accounted for 28.8% of GDP.\n\n"
    "The meeting called for the full implementation of the 14th Five-Year Plan. "
    "It asked for stronger support for small and medium-sized enterprises."
)
GOOD = "On August 19, the ministry held a teleconference in Beijing."
GOOD_FIGURE = "From January to July, manufacturing value added rose 2.7%."
WRONG_PERIOD = "In the first half of the year, manufacturing value added rose 2.7%."


class ScriptedGenerator:
    """Answers each task from a script (a list is consumed call by call) and records the calls."""

    name = "scripted"
    load_seconds = 0.5

    def __init__(self, script: dict[str, Any], context_tokens: int = 4096) -> None:
        self.script = {k: list(v) if isinstance(v, list) else v for k, v in script.items()}
        self.context_tokens = context_tokens
        self.calls: list[tuple[str, dict[str, Any], GenerationSettings | None]] = []

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def generate(self, task: str, variables: dict[str, Any], settings: GenerationSettings | None = None) -> Generation:
        self.calls.append((task, variables, settings))
        answer = self.script[task]
        text = answer.pop(0) if isinstance(answer, list) else answer
        return Generation(text, self.count_tokens(str(variables)), self.count_tokens(text), 0.25)


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context(runtime={"threads": 1, "cache_dir": "/nonexistent", "seed": 13})


def make_doc(text: str = SOURCE) -> Document:
    doc = Document(source=text)
    doc.sentences = [Span(a, b) for a, b in split_sentences(text)]
    doc.paragraphs = [Span(0, len(text))]
    half = doc.sentences[2].start
    doc.sections = [Section("Review", "review", 0, half), Section("Tasks", "tasks", half, len(text))]
    return doc


def stage_for(ctx: Context, monkeypatch: pytest.MonkeyPatch, generator: Any, **options: Any):
    monkeypatch.setattr(abstractive, "load_generator", lambda name, ctx, backend=None: generator)
    entry = registry.stages.get("summarize")
    options = {"model": "smollm2-135m-instruct", "plan": "auto", "fallback": "centroid", **options}  # the one-prompt plans
    return entry.factory(validate(options, entry.defaults, entry.choices, "summarize"), ctx)


def test_plumbing_writes_a_checked_supported_summary(ctx, monkeypatch) -> None:
    gen = ScriptedGenerator({"summarise": f"{GOOD} {GOOD_FIGURE}"})
    doc = stage_for(ctx, monkeypatch, gen, words={"min": 5, "max": 40})(make_doc())
    summary = doc.summary
    assert (summary.method, summary.model, summary.plan) == ("abstractive", "scripted", "whole")
    assert [s.text for s in summary.sentences] == [GOOD, GOOD_FIGURE]
    figure = summary.sentences[1]
    assert 1 in figure.support  # the source sentence that states 2.7% for January to July
    assert all(c["supported"] for c in figure.checks) and {c["text"] for c in figure.checks} >= {"2.7%", "From January to July"}
    stats = summary.stats
    assert stats["calls"] == 1 and stats["generated_tokens"] == gen.count_tokens(f"{GOOD} {GOOD_FIGURE}")
    assert stats["tokens_per_s"] > 0 and stats["load_s"] == 0.5 and stats["revised"] == 0 and stats["dropped"] == []
    task, variables, settings = gen.calls[0]
    assert (variables["min_words"], variables["max_words"]) == (5, 40)
    assert settings.max_new_tokens == round(40 * DEFAULTS["tokens_per_word"])


def test_length_is_capped_on_a_full_sentence(ctx, monkeypatch) -> None:
    long = " ".join([GOOD, GOOD_FIGURE, GOOD, "**Summary:** and then the text stops in the"])
    doc = stage_for(ctx, monkeypatch, ScriptedGenerator({"summarise": long}), words={"min": 5, "max": 25})(make_doc())
    text = doc.summary.text
    assert text.endswith(".") and len(text.split()) <= 25
    assert text == f"{GOOD} {GOOD_FIGURE}"
    assert doc.summary.stats["within_budget"] is True


def test_unfinished_last_sentence_is_dropped(ctx, monkeypatch) -> None:
    gen = ScriptedGenerator({"summarise": f"- {GOOD}\n- The meeting called for the full"})
    doc = stage_for(ctx, monkeypatch, gen, words={"min": 5, "max": 100})(make_doc())
    assert doc.summary.text == GOOD


def test_an_unsupported_sentence_is_revised_once(ctx, monkeypatch) -> None:
    gen = ScriptedGenerator({"summarise": f"{GOOD} {WRONG_PERIOD}", "revise": [GOOD_FIGURE]})
    doc = stage_for(ctx, monkeypatch, gen, words={"min": 5, "max": 60})(make_doc())
    assert [s.text for s in doc.summary.sentences] == [GOOD, GOOD_FIGURE]
    task, variables, _ = gen.calls[1]
    assert task == "revise" and variables["sentence"] == WRONG_PERIOD
    assert "January to July" in variables["problem"] and "2.7%" in variables["evidence"]
    checks = doc.summary.sentences[1].checks
    assert any(c["attempt"] == 0 and not c["supported"] for c in checks)  # the failed draft is kept on record
    assert all(c["supported"] for c in checks if c["attempt"] == 1)
    assert doc.summary.stats["revised"] == 1


def test_a_sentence_failing_twice_is_dropped_with_its_checks(ctx, monkeypatch) -> None:
    wrong_number = "From January to July, manufacturing value added rose 3.7%."
    gen = ScriptedGenerator({"summarise": f"{GOOD} {WRONG_PERIOD}", "revise": [wrong_number]})
    doc = stage_for(ctx, monkeypatch, gen, words={"min": 5, "max": 60})(make_doc())
    assert doc.summary.text == GOOD
    (dropped,) = doc.summary.stats["dropped"]
    assert dropped["text"] == WRONG_PERIOD and dropped["last_attempt"] == wrong_number
    assert [c["attempt"] for c in dropped["checks"] if not c["supported"]] == [0, 1]


def test_retries_zero_drops_at_once(ctx, monkeypatch) -> None:
    gen = ScriptedGenerator({"summarise": f"{GOOD} {WRONG_PERIOD}"})
    doc = stage_for(ctx, monkeypatch, gen, words={"min": 5, "max": 60}, retries=0)(make_doc())
    assert doc.summary.text == GOOD and [c[0] for c in gen.calls] == ["summarise"]


def test_long_input_is_planned_by_sections_and_fused(ctx, monkeypatch) -> None:
    gen = ScriptedGenerator({"summarise": [GOOD, GOOD_FIGURE], "fuse": f"{GOOD} {GOOD_FIGURE}"}, context_tokens=100)
    doc = stage_for(ctx, monkeypatch, gen, words={"min": 5, "max": 12}, context_reserve_tokens=20)(make_doc())
    assert doc.summary.plan == "sections"
    assert "does not fit" in doc.summary.stats["plan_reason"]
    assert [c[0] for c in gen.calls] == ["summarise", "summarise", "fuse"]
    assert "14th Five-Year Plan" not in gen.calls[0][1]["text"] and "14th Five-Year Plan" in gen.calls[1][1]["text"]


def test_whole_plan_that_does_not_fit_is_refused(ctx, monkeypatch) -> None:
    gen = ScriptedGenerator({"summarise": GOOD}, context_tokens=100)
    stage = stage_for(ctx, monkeypatch, gen, plan="whole")
    with pytest.raises(ConfigError, match="plan: sections"):
        stage(make_doc())


def not_installed(name, ctx, backend=None):
    raise ModelNotInstalled("model 'x' is not installed; install it with: pip install x")


def test_without_any_generator_the_summary_is_labelled_extractive(ctx, monkeypatch) -> None:
    monkeypatch.setattr(abstractive, "load_generator", not_installed)
    monkeypatch.setattr(stage_module, "installed_generators", lambda cache_dir: [])
    entry = registry.stages.get("summarize")
    options = validate({"words": {"min": 10, "max": 40}, "fallback": "centroid"}, entry.defaults, entry.choices, "summarize")
    doc = entry.factory(options, ctx)(make_doc())
    assert doc.summary.method == "extractive" and doc.summary.model == "centroid"
    assert doc.summary.stats["note"].startswith("extractive summary (centroid): no generator is installed")
    assert "pip install x" in doc.summary.stats["note"]
    assert all(s.support and s.text in SOURCE for s in doc.summary.sentences)
    with pytest.raises(ModelNotInstalled):
        entry.factory({**options, "fallback": "none"}, ctx)


def test_a_missing_model_is_an_error_while_another_is_installed(ctx, monkeypatch) -> None:
    monkeypatch.setattr(abstractive, "load_generator", not_installed)
    monkeypatch.setattr(stage_module, "installed_generators", lambda cache_dir: ["another-model"])
    entry = registry.stages.get("summarize")
    with pytest.raises(ModelNotInstalled, match="pip install x"):
        entry.factory(validate({}, entry.defaults, entry.choices, "summarize"), ctx)


def test_lead_k_takes_the_opening_sentences_within_budget(ctx) -> None:
    entry = registry.stages.get("summarize")
    options = validate({"method": "lead-k", "words": {"min": 20, "max": 40}}, entry.defaults, entry.choices, "summarize")
    doc = entry.factory(options, ctx)(make_doc())
    assert [s.support for s in doc.summary.sentences] == [[0], [1]]
    assert doc.summary.method == "extractive" and "note" not in doc.summary.stats


def test_the_pipeline_runs_summarize_after_segment(sample_text: str) -> None:
    pipe = Pipeline.from_config(overrides={"runtime": {"threads": 1}, "components": {"summarize": {"method": "lead-k"}}})
    doc = pipe(sample_text)
    assert doc.summary.model == "lead-k" and 100 <= doc.summary.stats["words"] <= 170
    assert doc.summary.text.endswith(".")


def test_when_every_sentence_fails_the_fallback_is_labelled(ctx, monkeypatch) -> None:
    gen = ScriptedGenerator({"summarise": WRONG_PERIOD, "revise": [WRONG_PERIOD]})
    doc = stage_for(ctx, monkeypatch, gen, words={"min": 10, "max": 40})(make_doc())
    assert doc.summary.method == "extractive"
    assert doc.summary.stats["note"] == "extractive summary (centroid): every generated sentence failed the faithfulness check"
    assert [d["text"] for d in doc.summary.stats["dropped"]] == [WRONG_PERIOD]
    assert doc.summary.stats["calls"] == 2  # the draft and one revision, counted for this document only


def test_an_empty_draft_falls_back_and_says_so(ctx, monkeypatch) -> None:
    gen = ScriptedGenerator({"summarise": "and then the text stops in the"})
    doc = stage_for(ctx, monkeypatch, gen, words={"min": 10, "max": 40})(make_doc())
    assert doc.summary.method == "extractive" and doc.summary.sentences
    assert doc.summary.stats["note"] == "extractive summary (centroid): the summarizer wrote no complete sentence"
