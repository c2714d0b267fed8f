"""Summarize stage: the briefing an editor sends upward, with nothing the source does not say.

Registers the ``summarize`` stage factory and the summarizers ``abstractive`` (a model card's
generator), ``lead-k`` and ``centroid`` (extractive baselines, and the fallback when no
generator is installed). Every choice is an option here and in the ``summarize`` block of
``configs/default.yaml``.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ... import registry
from ...facts import SupportRules
from . import abstractive, extractive  # noqa: F401  (registers the summarizers)
from .stage import SummarizeStage

DEFAULTS: dict[str, Any] = {
    "method": "abstractive",  # abstractive | lead-k | centroid
    "model": "qwen2.5-coder-1.5b-instruct-q4km",  # a card in models/ (or a card file)
    "backend": "auto",  # auto: the card's first installed backend
    "plan": "auto",  # whole | sections | auto (whole when it fits the context)
    "words": {"min": 80, "max": 150},
    "tokens_per_word": 1.5,  # output tokens allowed per budgeted word (English prose takes about 1.3)
    "context_reserve_tokens": 200,  # room for the prompt template and chat markers
    "section_min_words": 15,  # no section's share of the budget falls below this
    # What each part is, by the segment stage's section kinds, told to the model as {part}.
    "part_labels": {
        "whole": "a whole news bulletin",
        "lede": "the opening of a news bulletin (the event: who, what, when and where)",
        "review": "the part of a news bulletin that reviews results so far",
        "requirements": "the part of a news bulletin that sets out general requirements",
        "tasks": "the part of a news bulletin that lists tasks for the next stage",
        "other": "one part of a news bulletin",
    },
    "retries": 1,  # regenerations of a sentence that fails the faithfulness check, before dropping it
    "support": {**asdict(SupportRules()), "top_k": 2, "min_similarity": 0.5},
    "encoder": "all-MiniLM-L6-v2",
    "fallback": "centroid",  # extractive summarizer when no generator at all is installed; "none": fail instead
    "extractive": {"min_sentence_words": 6, "redundancy": 0.8},
    "generation": {},  # overrides of the card's generation settings (e.g. max_new_tokens)
}


@registry.stages.register(
    "summarize",
    defaults=DEFAULTS,
    choices={
        "method": ["abstractive", "lead-k", "centroid"],
        "backend": ["auto", "llama-cpp", "causal", "seq2seq"],
        "plan": ["auto", "whole", "sections"],
        "fallback": ["centroid", "lead-k", "none"],
    },
    requires=("sentences", "sections"),
    provides=("summary",),
)
def make_summarize(options: dict[str, Any], ctx: Any) -> SummarizeStage:
    """An abstractive summary within a word budget, every fact checked against the source."""
    return SummarizeStage(options, ctx)
