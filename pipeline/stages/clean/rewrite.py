"""Optional neural rewrite of the sentences the rules flagged but could not repair.

A model writes fluent English and, as often, drops a figure or drifts in
meaning (Gramformer's users' first complaint). So a rewrite is a proposal: it is
kept only if it states every number and name of the original, stays within a
length ratio, and stays semantically close by sentence embeddings; otherwise
the original stands and the rejection is recorded with its reasons.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, Sequence

from pipeline.backends.base import Generator, GenerationSettings
from pipeline.errors import BackendCrashed
from pipeline.document import Document, Flag
from pipeline.facts.extract import ALL_KINDS, NUMERIC_KINDS, lost_facts
from pipeline.sentences import split_sentences

from .rules import Options

RULE_ID = "rewrite.neural"
_LABEL = re.compile(r"^\s*(?:rewritten sentence|rewrite|sentence|output)\s*:\s*", re.I)


class SentenceEncoder(Protocol):
    def encode(self, texts: Sequence[str]) -> Any: ...


@dataclass
class Decision:
    """What happened to one flagged sentence (JSON-serialisable, kept in ``doc.meta``)."""

    original: str
    rewrite: str
    accepted: bool
    reasons: list[str] = field(default_factory=list)  # why it was rejected (empty when accepted)
    cosine: float = 0.0
    length_ratio: float = 0.0
    flags: list[str] = field(default_factory=list)  # what the rules saw in the sentence
    seconds: float = 0.0


def tidy_output(text: str) -> str:
    """The model's reply as one sentence: the first non-empty line, without a label or wrapping quotes."""
    line = next((ln for ln in text.splitlines() if ln.strip()), "")
    line = _LABEL.sub("", line).strip()
    if len(line) > 1 and line[0] == line[-1] and line[0] in "\"'":
        line = line[1:-1].strip()
    return line


def check_rewrite(original: str, rewrite: str, encoder: SentenceEncoder, options: Options) -> Decision:
    """Accept ``rewrite`` only if it keeps every fact, keeps the length, and keeps the meaning."""
    reasons = []
    if not rewrite:
        return Decision(original, rewrite, False, ["the model returned nothing"])
    lost = lost_facts(original, rewrite, ALL_KINDS)
    if lost:
        reasons.append("drops " + ", ".join(repr(f.text) for f in lost))
    added = lost_facts(rewrite, original, NUMERIC_KINDS)
    if added:
        reasons.append("adds " + ", ".join(repr(f.text) for f in added))
    ratio = len(rewrite.split()) / max(1, len(original.split()))
    if not options["min_length_ratio"] <= ratio <= options["max_length_ratio"]:
        reasons.append(f"length ratio {ratio:.2f} outside [{options['min_length_ratio']}, {options['max_length_ratio']}]")
    a, b = encoder.encode([original, rewrite])
    cosine = float((a * b).sum())
    if cosine < options["min_cosine"]:
        reasons.append(f"cosine {cosine:.3f} below {options['min_cosine']}")
    return Decision(original, rewrite, not reasons, reasons, round(cosine, 3), round(ratio, 3))


class NeuralRewriter:
    """Flagged sentences in, checked rewrites out, split as preprocess / _forward / postprocess."""

    def __init__(self, generator: Generator, encoder: SentenceEncoder, options: Options) -> None:
        self.generator = generator
        self.encoder = encoder
        self.options = options
        self.settings = GenerationSettings(max_new_tokens=options["max_new_tokens"], temperature=0.0)

    def preprocess(self, doc: Document, flags: Sequence[Flag]) -> list[tuple[int, int, list[str]]]:
        """Cleaned-text spans of the sentences that hold a flag, with the flags' reasons, at most
        ``max_sentences`` of them (rewriting is slow: a few seconds a sentence on a CPU)."""
        text = doc.cleaned
        sentences = split_sentences(text)
        spans: dict[tuple[int, int], list[str]] = {}
        for flag in flags:
            at, _ = doc.to_cleaned(flag.start, flag.end)
            span = next(((a, b) for a, b in sentences if a <= at < b), None)
            if span is not None:
                spans.setdefault(span, []).append(flag.reason)
        return [(a, b, why) for (a, b), why in sorted(spans.items())][: self.options["max_sentences"]]

    def _forward(self, sentence: str) -> tuple[str, float]:
        out = self.generator.generate("rewrite", {"text": sentence, "sentence": sentence}, self.settings)
        return out.text, out.seconds

    def postprocess(self, sentence: str, output: str, seconds: float, flags: list[str]) -> Decision:
        decision = check_rewrite(sentence, tidy_output(output), self.encoder, self.options)
        decision.flags, decision.seconds = flags, round(seconds, 2)
        return decision

    def __call__(self, doc: Document, flags: Sequence[Flag]) -> list[dict[str, Any]]:
        """Rewrite and check each flagged sentence, within ``time_budget_s`` of generation (0: no
        limit). An accepted rewrite becomes the sentence's suggestion (a flag of its own), or, with
        ``apply``, an edit (right to left, so earlier offsets stay valid). Returns every decision."""
        decisions, spent = [], 0.0
        budget = self.options["time_budget_s"]
        for start, end, why in reversed(self.preprocess(doc, flags)):
            if budget and spent >= budget:
                break
            sentence = doc.cleaned[start:end]
            try:
                decision = self.postprocess(sentence, *self._forward(sentence), why)
            except BackendCrashed as err:  # the rules' edits and flags stand; the rewrite stops here
                doc.warn(f"clean rewrite stopped: {err}")
                break
            doc.record_model("clean", self.generator.name)
            spent += decision.seconds
            reason = f"rewritten by {self.generator.name}: " + "; ".join(why)
            if decision.accepted and self.options["apply"]:
                doc.edit(start, end, decision.rewrite, rule=RULE_ID, reason=reason, confidence=decision.cosine,
                         stage="clean")
            elif decision.accepted:
                s, e = doc.to_source(start, end)
                doc.flags.append(Flag(s, e, doc.source[s:e], RULE_ID, reason, decision.cosine,
                                      _in_context(doc, s, e, start, end, decision.rewrite), "clean"))
            decisions.append(asdict(decision))
        doc.flags.sort(key=lambda f: (f.start, f.end))
        return decisions[::-1]


def _in_context(doc: Document, source_start: int, source_end: int, start: int, end: int, rewrite: str) -> list[str]:
    """The rewrite of ``cleaned[start:end]`` as a replacement of the source span it maps to."""
    c_start, c_end = doc.to_cleaned(source_start, source_end)
    text = doc.cleaned
    return [text[c_start:start] + rewrite + text[end:c_end]]
