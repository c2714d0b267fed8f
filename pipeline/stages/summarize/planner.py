"""Fit long input to the model without ever truncating it silently.

``whole``: the cleaned text in one prompt, when prompt + output fit the context.
``sections``: one prompt per top-level section of the segment stage (a section too long
for one prompt is split into runs of whole sentences), each told what kind of part it
reads and given a share of the word budget in proportion to its length; the notes are
joined in order, and fused by the model only when they still exceed the budget.
``auto`` picks ``whole`` when it fits. The plan, and why, is recorded in the summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...backends.base import Generator
from ...document import Document
from ...errors import ConfigError
from .selection import section_groups
from .budget import WordBudget, count_words


@dataclass
class Chunk:
    title: str
    kind: str  # the section's kind (lede, review, requirements, tasks, other), or "whole"
    sentences: list[int]  # indices into doc.sentences
    text: str
    budget: WordBudget


@dataclass
class Plan:
    kind: str  # "whole" | "sections"
    chunks: list[Chunk]
    reason: str


def max_new_tokens(budget: WordBudget, options: dict[str, Any]) -> int:
    """Enough output tokens for the budget's words, so the model is never cut short by design."""
    return round(budget.max_words * options["tokens_per_word"])


def fits(generator: Generator, text: str, budget: WordBudget, options: dict[str, Any]) -> bool:
    needed = generator.count_tokens(text) + options["context_reserve_tokens"] + max_new_tokens(budget, options)
    return needed <= generator.context_tokens


def make_plan(doc: Document, generator: Generator, budget: WordBudget, options: dict[str, Any]) -> Plan:
    everything = list(range(len(doc.sentences)))
    text = _text_of(doc, everything)
    tokens = generator.count_tokens(text)
    whole_fits = fits(generator, text, budget, options)
    if options["plan"] == "whole" and not whole_fits:
        raise ConfigError(
            f"components.summarize.plan = 'whole', but the text is {tokens} tokens and {generator.name} has a "
            f"{generator.context_tokens}-token context; use plan: sections (or auto)"
        )
    if options["plan"] == "whole" or (options["plan"] == "auto" and whole_fits):
        why = f"the {tokens}-token text fits the {generator.context_tokens}-token context"
        return Plan("whole", [Chunk("", "whole", everything, text, budget)], why)
    chunks = _section_chunks(doc, generator, budget, options)
    why = (
        f"the {tokens}-token text does not fit the {generator.context_tokens}-token context"
        if not whole_fits
        else "the config asks for a section-by-section plan"
    )
    return Plan("sections", chunks, f"{why}: {len(chunks)} parts summarised, then fused")


def _section_chunks(doc: Document, generator: Generator, budget: WordBudget, options: dict[str, Any]) -> list[Chunk]:
    runs: list[tuple[str, str, list[int]]] = []
    for title, kind, ids in section_groups(doc):
        run: list[int] = []
        for i in ids:  # a section too long for one prompt goes in runs of whole sentences
            if run and not fits(generator, _text_of(doc, run + [i]), budget, options):
                runs.append((title, kind, run))
                run = []
            run.append(i)
        if run:
            runs.append((title, kind, run))
    texts = [_text_of(doc, ids) for _, _, ids in runs]
    shares = budget.split([count_words(t) for t in texts], options["section_min_words"])
    return [Chunk(title, kind, ids, text, share) for (title, kind, ids), text, share in zip(runs, texts, shares)]


def _text_of(doc: Document, ids: list[int]) -> str:
    """The sentences' text, a line break where a new paragraph starts (layout noise gone, nothing cut)."""
    starts = [p.start for p in doc.paragraphs]
    parts = []
    for k, i in enumerate(ids):
        if k:
            prev = doc.sentences[ids[k - 1]].start
            new_paragraph = any(prev < p <= doc.sentences[i].start for p in starts)
            parts.append("\n" if new_paragraph else " ")
        parts.append(doc.sentence_text(i).strip())
    return "".join(parts)
