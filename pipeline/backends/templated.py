"""What every backend shares: fill the card's template, refuse prompts that do not fit,
and split model work into preprocess -> _forward -> postprocess (as Hugging Face
pipelines do), so a backend only supplies the model-specific parts."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MtbriefError
from .base import Generation, GenerationSettings
from .cards import Card

if TYPE_CHECKING:
    from ..pipeline import Context


class PromptTooLong(MtbriefError):
    """A prompt would not fit the model's context; it is never cut silently."""


class CardGenerator:
    """A loaded model prompted through its card. Subclasses set ``requires``/``install`` and
    implement ``_load``, ``count_tokens``, ``preprocess``, ``_forward`` and ``postprocess``."""

    requires: tuple[str, ...] = ()  # importable modules the backend needs
    install: str = ""  # the command that installs them
    output_shares_context = True  # decoder-only models fit prompt and output in one window

    def __init__(self, card: Card, path: Path, ctx: "Context") -> None:
        self.card = card
        self.name = card.name
        self.context_tokens = card.context_tokens
        t0 = time.perf_counter()
        self._load(path, ctx)
        self.load_seconds = time.perf_counter() - t0

    def _load(self, path: Path, ctx: "Context") -> None:
        raise NotImplementedError

    def count_tokens(self, text: str) -> int:
        raise NotImplementedError

    def preprocess(self, system: str, user: str) -> Any:
        raise NotImplementedError

    def _forward(self, inputs: Any, settings: GenerationSettings) -> Any:
        raise NotImplementedError

    def postprocess(self, inputs: Any, outputs: Any) -> tuple[str, int, int]:
        """(text, prompt tokens, generated tokens)."""
        raise NotImplementedError

    def input_tokens(self, inputs: Any) -> int:
        raise NotImplementedError

    def generate(self, task: str, variables: dict[str, Any], settings: GenerationSettings | None = None) -> Generation:
        settings = settings or self.card.settings()
        system, user = self.card.prompt(task).render(variables, f"model card {self.name!r}, prompt {task!r}")
        t0 = time.perf_counter()
        inputs = self.preprocess(system, user)
        self._check_fits(task, self.input_tokens(inputs), settings.max_new_tokens)
        text, prompt_tokens, generated = self.postprocess(inputs, self._forward(inputs, settings))
        return Generation(text.strip(), prompt_tokens, generated, time.perf_counter() - t0, self.timings())

    def timings(self) -> dict[str, float]:
        """The last call's own timings, where the backend measures them (see :class:`Generation`)."""
        return {}

    def _check_fits(self, task: str, prompt_tokens: int, max_new_tokens: int) -> None:
        needed = prompt_tokens + (max_new_tokens if self.output_shares_context else 0)
        if needed > self.context_tokens:
            raise PromptTooLong(
                f"{self.name}: the {task!r} prompt needs {needed} tokens "
                f"({prompt_tokens} in{f' + {max_new_tokens} out' if self.output_shares_context else ''}), "
                f"more than the {self.context_tokens}-token context; plan by sections or shorten the input"
            )
