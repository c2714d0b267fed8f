"""What the two transformers backends share: a tokenizer, greedy-or-sampled ``generate``,
and torch pinned to the configured threads (an oversubscribed pool is ~10x slower here)."""

from __future__ import annotations

from typing import Any

from .base import GenerationSettings
from .templated import CardGenerator


class TransformersGenerator(CardGenerator):
    requires = ("torch", "transformers")
    install = "pip install torch==2.13.0 transformers==5.24.0"
    tokenizer: Any
    model: Any

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def input_tokens(self, inputs: Any) -> int:
        return int(inputs["input_ids"].shape[-1])

    def _forward(self, inputs: Any, settings: GenerationSettings) -> Any:
        import torch

        sampling = settings.temperature > 0
        with torch.inference_mode():
            return self.model.generate(
                **inputs,
                max_new_tokens=settings.max_new_tokens,
                do_sample=sampling,
                **({"temperature": settings.temperature} if sampling else {}),
                repetition_penalty=settings.repetition_penalty,
                pad_token_id=self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else self.tokenizer.eos_token_id,
                **settings.extra,
            )
