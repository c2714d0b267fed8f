"""The one interface every text generator backend implements.

Kept apart from the stages (as Hugging Face pipelines keep ``_forward`` apart from
pre/post-processing) so a stage never knows whether T5, a chat model through
transformers, or llama.cpp wrote its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass
class Generation:
    text: str
    prompt_tokens: int
    generated_tokens: int
    seconds: float
    # What the backend measured itself (llama.cpp: prompt tokens evaluated, not taken from the KV cache,
    # and decoded tokens, each with its seconds); empty where a backend reports nothing.
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def tokens_per_second(self) -> float:
        return self.generated_tokens / self.seconds if self.seconds > 0 else 0.0


@dataclass
class GenerationSettings:
    max_new_tokens: int = 256
    temperature: float = 0.0  # 0 means greedy: the same input gives the same output
    repetition_penalty: float = 1.0
    # Stop once the answer holds this many complete sentences and another begins (None: no limit). A
    # one-sentence headline's model often goes on to a second sentence that the caller drops; on 2 cores
    # every decoded token costs 0.1 s. Backends that cannot stop early leave the trimming to the caller.
    max_sentences: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Generator(Protocol):
    """A loaded model. ``task`` picks the card's prompt template (summarise, title, rewrite)."""

    name: str
    context_tokens: int
    load_seconds: float

    def count_tokens(self, text: str) -> int: ...

    def generate(self, task: str, variables: dict[str, str], settings: GenerationSettings | None = None) -> Generation: ...
