"""The summarize stage: draft with the configured summarizer, review every sentence's facts,
link each sentence to its supporting source sentences."""

from __future__ import annotations

from typing import Any

from ... import registry
from ...document import Document, Summary
from ...backends import installed_generators
from ...errors import BackendCrashed, ModelNotInstalled
from ...facts import SupportRules
from ...facts.keyfigures import key_figures
from .faithfulness import SentenceChecker, review
from .support import SupportFinder


class SummarizeStage:
    def __init__(self, options: dict[str, Any], ctx: Any) -> None:
        self.options = options
        self.ctx = ctx
        self.rules = SupportRules(**{k: options["support"][k] for k in SupportRules.__dataclass_fields__})
        self.crash: BackendCrashed | None = None  # the generator's worker died: later documents fall back too
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
        except BackendCrashed as err:
            if self.options["fallback"] == "none":
                raise
            self.crash = err
            return self._fallback(), self._crash_note(err)

    def _crash_note(self, err: BackendCrashed) -> str:
        return f"extractive summary ({self.options['fallback']}): the generator crashed: {err}"

    def _fallback(self) -> Any:
        return registry.summarizers.get(self.options["fallback"]).factory(self.options, self.ctx)

    def __call__(self, doc: Document) -> Document:
        facts = SentenceChecker(doc, self.rules, self.options["attribution"])
        doc.key_figures = key_figures(doc.cleaned, facts=facts.facts)  # deterministic: no model involved
        support = SupportFinder(doc, self.options, self.ctx)
        note = self.note
        try:
            draft = self.summarizer(doc)
            reviser = self.summarizer.revise if self.summarizer.can_revise() else None
            summary = review(draft, facts, support, reviser, self.options["retries"])
        except BackendCrashed as err:  # the worker died mid-run: keep the document, fall back
            if self.options["fallback"] == "none":
                raise
            self.crash, note = err, self._crash_note(err)
            self.summarizer = self._fallback()
            draft = self.summarizer(doc)
            summary = review(draft, facts, support, None, 0)
        if self.crash is not None:
            summary.method = f"{summary.method} (fallback: generator crashed)"
            doc.warn(str(self.crash))
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
        if summary.model and summary.method.startswith("abstractive"):
            doc.record_model("summarize", summary.model)
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
