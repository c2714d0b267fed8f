"""The summarize stage: draft with the configured summarizer, review every sentence's facts,
link each sentence to its supporting source sentences."""

from __future__ import annotations

from typing import Any

from ... import registry
from ...document import Document, Summary
from ...backends import installed_generators
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
        """The configured summarizer, or the extractive fallback when no generator at all is
        installed. A missing model while others are installed is the user's to fix: its
        error, with the install command, stands."""
        try:
            return registry.summarizers.get(method).factory(self.options, self.ctx), ""
        except ModelNotInstalled as err:
            if self.options["fallback"] == "none" or installed_generators(self.ctx.cache_dir):
                raise
            note = f"extractive summary ({self.options['fallback']}): no generator is installed: {err}"
            self.ctx.progress.say(note)
            return self._fallback(), note

    def _fallback(self) -> Any:
        return registry.summarizers.get(self.options["fallback"]).factory(self.options, self.ctx)

    def __call__(self, doc: Document) -> Document:
        draft = self.summarizer(doc)
        facts = SourceFacts(doc.cleaned, [(s.start, s.end) for s in doc.sentences], self.rules)
        support = SupportFinder(doc, self.options, self.ctx)
        reviser = self.summarizer.revise if self.summarizer.can_revise() else None
        summary = review(draft, facts, support, reviser, self.options["retries"])
        note = self.note
        if not summary.sentences:
            note = (
                "every generated sentence failed the faithfulness check"
                if draft.sentences
                else "the summarizer wrote no complete sentence"
            )
            if self.options["fallback"] != "none":
                note = f"extractive summary ({self.options['fallback']}): {note}"
                rejected = summary.stats["dropped"]
                summary = review(self._fallback()(doc), facts, support, None, 0)
                summary.stats["dropped"] = rejected
        summary.stats.update(self._stats(summary, note))
        doc.summary = summary
        return doc

    def _stats(self, summary: Summary, note: str) -> dict[str, Any]:
        words = len(summary.text.split())
        out: dict[str, Any] = {
            "words": words,
            "word_budget": [self.options["words"]["min"], self.options["words"]["max"]],
            "within_budget": self.options["words"]["min"] <= words <= self.options["words"]["max"],
        }
        if note:
            out["note"] = note
        out.update(self.summarizer.stats())
        return out
