"""Encoder-decoder models (T5, FLAN-T5, BART, Pegasus, CoEdIT) through AutoModelForSeq2SeqLM
and the tokenizer saved beside them (SentencePiece for T5 and Pegasus)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ModelNotInstalled
from .transformers_common import TransformersGenerator

if TYPE_CHECKING:
    from ..pipeline import Context


class Seq2SeqGenerator(TransformersGenerator):
    """The prompt is the encoder input; the output has its own length, outside the context."""

    output_shares_context = False

    def _load(self, path: Path, ctx: "Context") -> None:
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        ctx.pin_threads()
        if not path.is_dir():  # a missing folder would be taken for a hub id
            raise ModelNotInstalled(f"model {self.name!r}: {path} is not a model folder; install it with: {self.card.source.install}")
        self.tokenizer = AutoTokenizer.from_pretrained(str(path))
        self.model = AutoModelForSeq2SeqLM.from_pretrained(str(path)).eval()

    def preprocess(self, system: str, user: str) -> Any:
        return self.tokenizer(user, return_tensors="pt", truncation=False)

    def postprocess(self, inputs: Any, outputs: Any) -> tuple[str, int, int]:
        ids = outputs[0]  # one sequence, so no padding; it opens with the decoder start token
        text = self.tokenizer.decode(ids, skip_special_tokens=True).replace("<n>", " ")
        return text, self.input_tokens(inputs), len(ids) - 1
