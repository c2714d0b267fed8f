"""Extractive summarizers: lead-k (lead-3 with ``extractive.max_sentences: 3``), the embedding
centroid, and ``mmr``, the structure plan with the lede's own sentences in place of a generated
headline. They benchmark the generator and stand in for it when none is installed (the summary
then says it is extractive)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ... import registry
from ...document import Document, Summary, SummarySentence
from .budget import WordBudget, count_words
from .resources import encoder_for
from .selection import extract, select


class Extractive:
    """Shared by the baselines: which sentences may be picked, and the budgeted result."""

    name = ""

    def __init__(self, options: dict[str, Any], ctx: Any) -> None:
        self.options = options
        self.ctx = ctx
        self.budget = WordBudget(options["words"]["min"], options["words"]["max"])
        self.min_words = options["extractive"]["min_sentence_words"]
        self.max_sentences = options["extractive"]["max_sentences"]

    def candidates(self, doc: Document) -> list[int]:
        """Sentences long enough to stand alone (datelines and headings are not summaries) and
        short enough for the budget, unless no sentence is."""
        sizes = [count_words(doc.sentence_text(i)) for i in range(len(doc.sentences))]
        standalone = [i for i, n in enumerate(sizes) if n >= self.min_words]
        fitting = [i for i in standalone if sizes[i] <= self.budget.max_words]
        return fitting or standalone

    def order(self, doc: Document, candidates: list[int]) -> list[int]:
        raise NotImplementedError

    def can_revise(self) -> bool:
        return False  # a source sentence is what it is

    def stats(self) -> dict[str, Any]:
        return {}

    def __call__(self, doc: Document) -> Summary:
        picked, words = [], 0
        for i in self.order(doc, self.candidates(doc)):
            n = count_words(doc.sentence_text(i))
            if picked and words + n > self.budget.max_words:
                continue
            picked.append(i)
            words += n
            if len(picked) == self.max_sentences or (self.max_sentences is None and words >= self.budget.min_words):
                break
        picked.sort()
        sentences = [SummarySentence(doc.sentence_text(i), support=[i]) for i in picked]
        return Summary(" ".join(s.text for s in sentences), sentences, method="extractive", model=self.name, plan="whole",
                       format=self.options["format"])


@registry.summarizers.register("lead-k")
class LeadK(Extractive):
    """The first sentences up to the word budget: the classic news baseline."""

    name = "lead-k"

    def order(self, doc: Document, candidates: list[int]) -> list[int]:
        return candidates


@registry.summarizers.register("centroid")
class Centroid(Extractive):
    """Sentences nearest the document's mean embedding, skipping near-repeats of ones already
    picked (bulletins restate themselves), then put back in source order."""

    name = "centroid"

    def order(self, doc: Document, candidates: list[int]) -> list[int]:
        if not candidates:
            return []
        vectors = encoder_for(self.options, self.ctx).encode([doc.sentence_text(i) for i in candidates])
        centroid = vectors.mean(axis=0)
        ranked = np.argsort(-(vectors @ centroid), kind="stable")
        chosen: list[int] = []
        for k in ranked:
            if all(float(vectors[k] @ vectors[j]) < self.options["extractive"]["redundancy"] for j in chosen):
                chosen.append(int(k))
        return [candidates[k] for k in chosen]


@registry.summarizers.register("mmr")
class StructuredMMR(Extractive):
    """The briefing plan without a generator: the lede's event sentence, then each section's
    most informative sentences (centrality, figure bonus, MMR against everything picked), each
    section within its share of the budget, in source order."""

    name = "mmr"

    def __call__(self, doc: Document) -> Summary:
        vectors = encoder_for(self.options, self.ctx).encode([doc.sentence_text(i) for i in range(len(doc.sentences))])
        selection = select(doc, vectors, self.budget, self.options, self.options["selection"]["input_factor"])
        sentences = extract(doc, selection, self.budget, selection.lede, self.options["selection"]["compress_words"])
        stats = {"selected": selection.as_stats()}
        return Summary(" ".join(s.text for s in sentences), sentences, method="extractive", model=self.name,
                       plan="structure", stats=stats, format=self.options["format"])
