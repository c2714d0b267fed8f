"""The segment stage: cleaned text -> paragraphs, sentences, titled and typed sections.

Split like a Hugging Face pipeline: ``preprocess`` reads layout and sentences (no model),
``forward`` embeds the sentences (the only model call), ``postprocess`` decides
boundaries, titles and kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from ...document import Document, Section, Span
from ...errors import BackendCrashed
from ...sentences import find_paragraphs, sentences_in
from ...structure import classify
from .boundaries import Boundary, decide
from .kinds import section_kind
from .signals import (
    Signals,
    closing_block,
    compile_cues,
    heading_score,
    list_markers,
    match_cue,
    read_marker,
    restatement,
    topic_shift,
)
from .titles import Contrast, generated_title, heading_title, key_phrases, keyword_title

if TYPE_CHECKING:
    import numpy as np

    from ...pipeline import Context


@dataclass
class Layout:
    paragraphs: list[Span]
    sentences: list[Span]
    texts: list[str]
    paragraph_start: list[bool]
    whole_paragraph: list[bool]


class SegmentStage:
    """Divide a bulletin into the sections a reader sees, two levels deep, each named."""

    def __init__(self, options: dict[str, Any], ctx: "Context") -> None:
        self.options = options
        self.ctx = ctx
        self.cues = compile_cues(options["cues"])
        self._generator: Any = None
        self.crash: BackendCrashed | None = None  # the title writer's worker died: keyword titles from then on

    def __call__(self, doc: Document) -> Document:
        text = doc.cleaned
        layout = self.preprocess(text)
        vectors = self.forward(layout.texts)
        doc.paragraphs, doc.sentences = classify(text, layout.paragraphs), layout.sentences  # with wire-copy kinds
        doc.sections = self.postprocess(text, layout, vectors)
        self._record_models(doc, vectors)
        if self.crash is not None:
            doc.warn(f"segment titles from key phrases: {self.crash}")
        return doc

    def pipe(self, docs: list[Document]) -> list[Document]:
        """A batch at once (``Pipeline.pipe``): every document's sentences go through the encoder
        in one call, then each document is segmented as ``__call__`` would."""
        texts = [doc.cleaned for doc in docs]
        layouts = [self.preprocess(text) for text in texts]
        embedded = [i for i, lay in enumerate(layouts) if len(lay.texts) >= 2]
        vectors: list[Any] = [None] * len(docs)
        if self.options["weights"]["topic"] and embedded:
            joined = self.forward([t for i in embedded for t in layouts[i].texts])
            at = 0
            for i in embedded:
                vectors[i], at = joined[at : at + len(layouts[i].texts)], at + len(layouts[i].texts)
        for doc, text, layout, vecs in zip(docs, texts, layouts, vectors):
            doc.paragraphs, doc.sentences = classify(text, layout.paragraphs), layout.sentences
            doc.sections = self.postprocess(text, layout, vecs)
            self._record_models(doc, vecs)
        return docs

    # ---- preprocess: layout and sentences -----------------------------------------------
    def preprocess(self, text: str) -> Layout:
        paragraphs = find_paragraphs(text, self.options["paragraphs"]["min_blank_breaks"])
        sentences = sentences_in(text, paragraphs, self.options["splitter"])
        para_of = _paragraph_index(paragraphs, sentences)
        starts = [i == 0 or para_of[i] != para_of[i - 1] for i in range(len(sentences))]
        whole = [
            starts[i] and (i + 1 == len(sentences) or starts[i + 1]) for i in range(len(sentences))
        ]
        return Layout(paragraphs, sentences, [text[s.start : s.end] for s in sentences], starts, whole)

    # ---- forward: sentence embeddings ---------------------------------------------------
    def forward(self, texts: list[str]) -> "np.ndarray | None":
        """Embed the sentences, unless topic shift has no weight (then no model is loaded).

        Only a sentence's first ``topic.max_words`` words are embedded: they carry its topic,
        MiniLM was trained on short inputs, and the long tail of a 100-word sentence is
        most of the cost."""
        if not self.options["weights"]["topic"] or len(texts) < 2:
            return None
        limit = self.options["topic"]["max_words"]
        with self.ctx.progress.task(f"segment: embedding {len(texts)} sentences"):
            return self.encoder().encode([" ".join(t.split()[:limit]) for t in texts])

    def encoder(self) -> Any:
        """The configured sentence encoder, loaded once per pipeline and shared."""
        return self.ctx.encoder(self.options["encoder"])

    # ---- postprocess: boundaries, titles, kinds -----------------------------------------
    def signals(
        self,
        texts: list[str],
        paragraph_start: list[bool],
        whole_paragraph: list[bool],
        vectors: "np.ndarray | None",
    ) -> Signals:
        """Evidence per sentence; cues and list markers count where a paragraph starts
        (anywhere when the text is one block, as pasted text often is)."""
        opts = self.options
        one_block = sum(paragraph_start) <= 1
        at_start = [one_block or p for p in paragraph_start]
        cues = [match_cue(t, *self.cues) if ok else None for t, ok in zip(texts, at_start)]
        markers = list_markers(
            [read_marker(t) if ok else None for t, ok in zip(texts, at_start)], opts["lists"]["min_items"]
        )
        n = len(texts)
        next_words = _next_paragraph_words(texts, paragraph_start)
        heading = [
            heading_score(texts[i], markers[i], next_words[i], opts["heading"]) if whole_paragraph[i] else 0.0
            for i in range(n)
        ]
        window = opts["topic"]["window"]
        if vectors is None:
            topic, restated = [0.0] * n, [0.0] * n
        else:
            topic, restated = topic_shift(vectors, window), restatement(vectors, window)
        closing = closing_block(texts, whole_paragraph, opts["closing"]["min_lines"])
        return Signals(texts, paragraph_start, whole_paragraph, cues, markers, heading, topic, restated, closing)

    def postprocess(self, text: str, layout: Layout, vectors: "np.ndarray | None") -> list[Section]:
        if not layout.sentences:
            return []
        sig = self.signals(layout.texts, layout.paragraph_start, layout.whole_paragraph, vectors)
        bounds = decide(sig, self.options)
        spans = _section_spans(bounds, layout.sentences, len(text))
        groups = [[layout.texts[i] for i in range(first, last)] for first, last in _sentence_ranges(bounds, len(sig.texts))]
        bodies = [" ".join(g) for g in groups]
        contrast = {
            level: Contrast([body for body, b in zip(bodies, bounds) if b.level == level])
            for level in {b.level for b in bounds}
        }  # each section's key phrases are weighed against the other sections at its level
        sections: list[Section] = []
        top_count = sum(1 for b in bounds if b.level == 1)
        for k, b in enumerate(bounds):
            title, source = self._title(sig, b, bodies[k], contrast[b.level])
            if b.level == 2:
                kind = sections[b.parent].kind
            elif b.signal == "closing":
                kind = "other"
            else:
                cue = sig.cue[b.sentence]
                kind = section_kind(
                    groups[k][0], groups[k], cue.kind if cue else None, k == 0 and top_count > 1, self.options["kinds"]
                )
            start, end = spans[k]
            sections.append(Section(title, kind, start, end, b.level, source, b.parent))
        return sections

    def _title(self, sig: Signals, b: Boundary, body: str, others: Contrast) -> tuple[str, str]:
        opts = self.options["title"]
        i = b.sentence
        if _is_heading(sig, i, opts["heading_min"]):
            return heading_title(sig.texts[i]), "heading"
        if opts["generator"]:
            keywords = key_phrases(body, others, opts["keywords"], opts["phrase_words"])
            title = None
            if self.crash is None:
                try:
                    title = generated_title(self._load_generator(), body, keywords, opts)
                except BackendCrashed as err:  # keyword titles for this and later sections
                    self.crash = err
            if title:
                return title, "generated"
        return keyword_title(body, others, opts), "keywords"

    def _record_models(self, doc: Document, vectors: Any) -> None:
        """Name the encoder when it embedded this document's sentences, and the title writer
        when it wrote a title here."""
        if vectors is not None:
            doc.record_model("segment", self.options["encoder"], "encoder")
        if self._generator is not None and any(s.title_source == "generated" for s in doc.sections):
            doc.record_model("segment", self._generator.name)

    def _load_generator(self) -> Any:
        if self._generator is None:
            from ...backends import load_generator

            self._generator = load_generator(self.options["title"]["generator"], self.ctx)
        return self._generator


def _is_heading(sig: Signals, i: int, heading_min: float) -> bool:
    """Is a section's opening sentence its heading? A list item's first sentence is ("First,
    go all out to stabilize growth."); otherwise a one-sentence paragraph that a cue
    phrase, or its own shape (short, or a line without a full stop), marks as one."""
    if sig.marker[i] is not None:
        return True
    unpunctuated = sig.texts[i].rstrip()[-1:] not in ".!?。！？"
    return sig.whole_paragraph[i] and (sig.cue[i] is not None or unpunctuated or sig.heading[i] >= heading_min)


def _next_paragraph_words(texts: list[str], paragraph_start: list[bool]) -> list[int]:
    """Words in the paragraph after the one each sentence belongs to (0 for the last)."""
    index = list(accumulate(int(s) for s in paragraph_start))  # 1-based paragraph of each sentence
    words = [0] * (index[-1] + 2 if index else 1)
    for p, text in zip(index, texts):
        words[p] += len(text.split())
    return [words[p + 1] for p in index]


def _paragraph_index(paragraphs: list[Span], sentences: list[Span]) -> list[int]:
    out, p = [], 0
    for s in sentences:
        while paragraphs[p].end <= s.start:
            p += 1
        out.append(p)
    return out


def _sentence_ranges(bounds: list[Boundary], n: int) -> list[tuple[int, int]]:
    """[first, last) sentence range of each boundary's section."""
    ranges: list[tuple[int, int]] = []
    following: dict[int, int] = {}  # level -> first sentence of the nearest later boundary at that level
    for b in reversed(bounds):
        end = min((s for level, s in following.items() if level <= b.level), default=n)
        ranges.append((b.sentence, end))
        following[b.level] = b.sentence
    return ranges[::-1]


def _section_spans(bounds: list[Boundary], sentences: list[Span], length: int) -> list[tuple[int, int]]:
    """Character spans: level-1 sections tile the whole text; sub-sections run from their
    first sentence to the next sub-section or their parent's end."""
    ranges = _sentence_ranges(bounds, len(sentences))
    spans = []
    for (first, last), b in zip(ranges, bounds):
        start = 0 if b.level == 1 and first == 0 else sentences[first].start
        end = sentences[last].start if last < len(sentences) else length
        spans.append((start, end))
    return spans
