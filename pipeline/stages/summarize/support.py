"""Which source sentences support a summary sentence: the nearest by embedding, plus the
sentences where its figures were matched. The HTML report links a summary sentence to these."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...document import Document
from ...facts import NUMERIC_KINDS, FactCheck
from .resources import encoder_for


class SupportFinder:
    def __init__(self, doc: Document, options: dict[str, Any], ctx: Any) -> None:
        self.encoder = encoder_for(options, ctx)
        self.texts = [doc.sentence_text(i) for i in range(len(doc.sentences))]
        self.vectors = self.encoder.encode(self.texts)
        self.top_k = options["support"]["top_k"]
        self.min_similarity = options["support"]["min_similarity"]

    def for_sentence(self, text: str, checks: list[FactCheck]) -> list[int]:
        """Source sentence indices, in source order."""
        nearest: set[int] = set()
        if len(self.texts):
            sims = self.vectors @ self.encoder.encode([text])[0]
            nearest = {int(i) for i in np.argsort(-sims, kind="stable")[: self.top_k] if sims[i] >= self.min_similarity}
        matched = {c.source_sentence for c in checks if c.fact.kind in NUMERIC_KINDS and c.source_sentence is not None}
        return sorted(nearest | matched)

    def evidence(self, text: str, checks: list[FactCheck]) -> str:
        """The source passages a reviser needs: the supporting sentences and those a failed check named."""
        named = {c.source_sentence for c in checks if c.source_sentence is not None}
        ids = sorted(set(self.for_sentence(text, checks)) | named)
        return "\n".join(self.texts[i] for i in ids)
