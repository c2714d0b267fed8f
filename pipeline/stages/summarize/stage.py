"""The summarize stage: draft with the configured summarizer, review every sentence's facts,
link each sentence to its supporting source sentences."""

from __future__ import annotations

from typing import Any

from ... import registry
from ...document import Document, Summary
from ...errors import ModelNotInstalled
from ...facts import SourceFacts, SupportRules
from .faithfulness import review
from .support import SupportFinder


class SummarizeStage:
    def __init__(self, options: dict[str, Any], ctx: Any) -> None:
        self.options = options
        self.ctx = ctx
        self.rules = SupportRules(**{k: options["support"][k] for k in SupportRules.__dataclass_fields__})
        self.summarizer, self.note = self._summarizer(options["method"])

    def _summarizer(self, method: str) -> tuple[Any, str]:
        """The configured summarizer, or the extractive fallback when its model is not installed."""
        try:
            return registry.summarizers.get(method).factory(self.options, self.ctx), ""
        except ModelNotInstalled as err:
            if self.options["fallback"] == "none":
                raise
            fallback = self.options["fallback"]
            note = f"extractive summary ({fallback}): the generator is not available: {err}"
            self.ctx.progress.say(note)
            return registry.summarizers.get(fallback).factory(self.options, self.ctx), note

    def __call__(self, doc: Document) -> Document:
        draft = self.summarizer(doc)
        facts = SourceFacts(doc.cleaned, [(s.start, s.end) for s in doc.sentences], self.rules)
        support = SupportFinder(doc, self.options, self.ctx)
        reviser = self.summarizer.revise if self.summarizer.can_revise() else None
        summary = review(draft, facts, support, reviser, self.options["retries"])
        if not summary.sentences and draft.method == "abstractive":
            summary = self._fallen_back(doc, facts, support, "every generated sentence failed the faithfulness check")
        summary.stats.update(self._stats(summary))
        doc.summary = summary
        return doc

    def _fallen_back(self, doc: Document, facts: SourceFacts, support: SupportFinder, why: str) -> Summary:
        fallback = self.options["fallback"] if self.options["fallback"] != "none" else "centroid"
        self.note = f"extractive summary ({fallback}): {why}"
        return review(registry.summarizers.get(fallback).factory(self.options, self.ctx)(doc), facts, support, None, 0)

    def _stats(self, summary: Summary) -> dict[str, Any]:
        words = len(summary.text.split())
        out: dict[str, Any] = {
            "words": words,
            "word_budget": [self.options["words"]["min"], self.options["words"]["max"]],
            "within_budget": self.options["words"]["min"] <= words <= self.options["words"]["max"],
        }
        if self.note:
            out["note"] = self.note
        out.update(self.summarizer.stats())
        return out
