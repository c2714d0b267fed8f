"""The seq2seq backend on a tiny random T5 built at test time (SentencePiece + T5Config):
plumbing, templates, token counts and the refusal to truncate. A random model writes
nonsense, so nothing here looks at text quality."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pipeline.backends import load_generator
from pipeline.backends.templated import PromptTooLong
from pipeline.errors import ConfigError
from pipeline.pipeline import Context

CONTEXT_TOKENS = 64


def build_tiny_t5(folder: Path) -> None:
    import sentencepiece as spm
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast, T5Config, T5ForConditionalGeneration

    rng = random.Random(0)
    words = ["news", "brief", "summarize", "growth", "industry", "meeting", "percent", "july", "plan", "the", "of"]
    corpus = folder / "corpus.txt"
    corpus.write_text("\n".join(" ".join(rng.choices(words, k=12)) for _ in range(400)))
    prefix = str(folder / "spm")
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=prefix, vocab_size=100, model_type="unigram",
        pad_id=0, eos_id=1, unk_id=2, bos_id=-1, hard_vocab_limit=False,
    )
    processor = spm.SentencePieceProcessor(model_file=prefix + ".model")
    vocab = [(processor.id_to_piece(i), processor.get_score(i)) for i in range(processor.get_piece_size())]
    tok = Tokenizer(models.Unigram(vocab, unk_id=2))
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.decoder = decoders.Metaspace()
    tok.post_processor = processors.TemplateProcessing(single="$A </s>", special_tokens=[("</s>", 1)])
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, pad_token="<pad>", eos_token="</s>", unk_token="<unk>",
        model_input_names=["input_ids", "attention_mask"],
    )
    config = T5Config(
        vocab_size=len(vocab), d_model=64, d_ff=128, num_layers=2, num_heads=4,
        pad_token_id=0, eos_token_id=1, decoder_start_token_id=0,
    )
    model_dir = folder / "model"
    T5ForConditionalGeneration(config).save_pretrained(str(model_dir))
    fast.save_pretrained(str(model_dir))


@pytest.fixture(scope="module")
def card_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tiny-t5")
    build_tiny_t5(folder)
    card = folder / "tiny-t5.yaml"
    card.write_text(
        f"""
name: tiny-t5
description: a random T5 for tests
backends: [seq2seq]
licence: none
size_mb: 1
context_tokens: {CONTEXT_TOKENS}
source: {{kind: local, path: "{folder / 'model'}", install: built by the test}}
prompts:
  summarise: {{user: "summarize: {{text}}"}}
generation: {{max_new_tokens: 8, num_beams: 1}}
"""
    )
    return card


@pytest.fixture(scope="module")
def generator(card_file: Path, tmp_path_factory: pytest.TempPathFactory):
    ctx = Context(runtime={"threads": 1, "cache_dir": str(tmp_path_factory.mktemp("cache")), "seed": 13})
    return load_generator(str(card_file), ctx, backend="seq2seq")


def test_generates_within_the_token_limit(generator) -> None:
    result = generator.generate("summarise", {"text": "the meeting of the industry news"})
    assert isinstance(result.text, str)
    assert result.prompt_tokens == generator.count_tokens("summarize: the meeting of the industry news") + 1  # + </s>
    assert 1 <= result.generated_tokens <= 8
    assert result.seconds > 0 and generator.load_seconds > 0


def test_settings_override_the_card(generator) -> None:
    from pipeline.backends.base import GenerationSettings

    short = generator.generate("summarise", {"text": "growth of industry"}, GenerationSettings(max_new_tokens=2))
    assert short.generated_tokens <= 2


def test_long_input_is_refused_not_truncated(generator) -> None:
    long_text = " ".join(["industry growth"] * CONTEXT_TOKENS)
    with pytest.raises(PromptTooLong, match="context"):
        generator.generate("summarise", {"text": long_text})


def test_a_task_the_card_lacks_is_a_config_error(generator) -> None:
    with pytest.raises(ConfigError, match="no prompt for task 'title'"):
        generator.generate("title", {"text": "x"})


def test_a_template_variable_the_caller_omits_is_named(generator) -> None:
    with pytest.raises(ConfigError, match=r"\{text\}"):
        generator.generate("summarise", {"words": "x"})


def test_one_generator_per_pipeline(card_file: Path, generator) -> None:
    ctx = Context(runtime={"threads": 1, "cache_dir": "/nonexistent", "seed": 13})
    first = load_generator(str(card_file), ctx, backend="seq2seq")
    assert load_generator(str(card_file), ctx) is first  # auto picks seq2seq, the card's only backend
