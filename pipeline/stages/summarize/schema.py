"""The summarize stage's options (``components.summarize``). The attachment rules of its fact
check come from the top-level ``support`` block (shared with score); its own ``support`` keys are
how support links are chosen."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field, model_validator

from pipeline.config import Block, Count, NonNegative, Positive, PositiveFloat, Share, Support, fail


class Selection(Block):
    """What each section gives the generator (plan: structure; method: mmr)."""

    mmr_lambda: Share = Field(0.7, description="relevance (section centrality + figure bonus) against novelty")
    figure_bonus: NonNegative = Field(0.15, description="added to a sentence's centrality per figure it states")
    opener_bonus: NonNegative = Field(0.05, description="added to a sentence that opens its paragraph (where bulletins put its main result)")
    lead_bonus: NonNegative = Field(0.2, description="added to the text's first sentence, falling to 0 at lead_span (news puts its main facts first)")
    detail_figure_weight: NonNegative = Field(0.5, description="what a figure counts in the figure bonus when its period is stated earlier (a breakdown of the result before it)")
    lead_span: Positive = Field(10, description="sentences from the start of the text that get part of lead_bonus")
    figure_cap: Count = Field(3, description="figures counted at most")
    figure_words: NonNegative = Field(10, description="a figure weighs this many words in its section's share of the budget")
    coverage_penalty: NonNegative = Field(0.15, description="taken off a sentence whose sub-section already gave one")
    redundancy: Share = Field(0.8, description="cosine to an already picked sentence at which a candidate is a repeat")
    restatement: Share = Field(0.8, description="cosine at which a generated sentence restates an earlier one: dropped")
    restatement_words: Share = Field(
        0.7, description="share of a sentence's content words one earlier sentence already holds at which it restates it: dropped")
    min_sentence_words: Positive = 6
    max_sentence_words: Positive = 80
    max_sentences: Positive = Field(5, description="picked per section, at most")
    overflow: PositiveFloat = Field(1.6, description="a section's first pick may exceed its word share by this factor")
    headline_words: Positive = Field(35, description="the headline sentence: what happened, who, when")
    stated_headline_words: Count = Field(35, description="a lede whose first sentence opens the text (after a dateline at most) and is at most this long is already a headline: it stands as stated (0: the generator always writes one)")
    lede_sentences: Positive = Field(2, description="lede sentences the headline is written from")
    sentences_per_section: Positive = Field(2, description="generated sentences kept per section")
    compress_words: Count = Field(40, description="a longer source sentence keeps its head, then its clauses with figures, then the rest, while they fit (0: whole sentences)")
    input_factor: PositiveFloat = Field(2.0, description="source words a section ranks per word of its share (the generator reads them; an extract takes what fits)")


class Words(Block):
    """Word budget; the summary ends on a full sentence."""

    min: Positive = 100
    max: Positive = 170

    @model_validator(mode="after")
    def _ordered(self) -> "Words":
        if self.min > self.max:
            raise fail(f"{{key}}: min = {self.min} is above max = {self.max}")
        return self


class SupportLinks(Support):
    """The shared attachment rules (filled from the top-level ``support`` block), and how many
    source sentences each summary sentence links to."""

    top_k: Positive = Field(2, description="nearest source sentences linked as support (plus those with its figures)")
    min_similarity: Share = Field(0.5, description="cosine below which a near sentence is not support")


class Attribution(Block):
    """"held by X", "X said/decided/issued": stated for that X."""

    enabled: bool = True
    min_agent_overlap: Share = 0.67


class Extractive(Block):
    min_sentence_words: Positive = 6
    redundancy: Share = 0.8
    max_sentences: Optional[Positive] = Field(None, description="lead-k and centroid stop after this many sentences (3: lead-3); null: the word budget decides")


PART_LABELS = {
    "whole": "a whole news bulletin",
    "lede": "the opening of a news bulletin (the event: who, what, when and where)",
    "review": "the part of a news bulletin that reviews results so far",
    "requirements": "the part of a news bulletin that sets out general requirements",
    "tasks": "the part of a news bulletin that lists tasks for the next stage",
    "other": "one part of a news bulletin",
}
GENERATION_KEYS = ("max_new_tokens", "temperature", "repetition_penalty")


class SummarizeConfig(Block):
    """An abstractive summary within a word budget, every fact checked against the source."""

    method: Literal["abstractive", "lead-k", "centroid", "mmr"] = Field(
        "abstractive", description="abstractive | mmr (the same plan, extractive) | lead-k | centroid (baselines)")
    model: str = Field("qwen2.5-coder-1.5b-instruct-q4km", description="a card in models/ (`mtbrief models list`)")
    backend: Literal["auto", "llama-cpp", "causal", "seq2seq"] = Field(
        "auto", description="auto: the card's first installed backend (llama-cpp, then causal)")
    plan: Literal["structure", "auto", "whole", "sections"] = Field(
        "structure", description="structure: a headline, then each section's chosen sentences (see fuse) | auto | whole | sections")
    fuse: Literal["extract", "generator"] = Field(
        "extract", description="plan: structure: each section's choice as stated (a generated headline only) | fused by the generator")
    format: Literal["prose", "bullets"] = "prose"
    words: Words = Words()
    selection: Selection = Selection()
    tokens_per_word: PositiveFloat = Field(1.5, description="output tokens allowed per budgeted word (prose takes about 1.3)")
    context_reserve_tokens: Count = Field(200, description="context kept for the prompt template and chat markers")
    section_min_words: Count = Field(15, description="least share of the budget a section gets (plan: sections)")
    part_labels: dict[str, str] = Field(
        default_factory=lambda: dict(PART_LABELS),
        description="what each part is, by section kind, told to the model as {part}")
    retries: Count = Field(1, description="regenerations of a sentence that fails the fact check, then it is dropped")
    support: SupportLinks = SupportLinks()
    attribution: Attribution = Attribution()
    encoder: str = "all-MiniLM-L6-v2"
    fallback: Literal["mmr", "centroid", "lead-k", "none"] = Field(
        "mmr", description="extractive summarizer when no generator is installed or it crashed | none: fail")
    extractive: Extractive = Extractive()
    generation: dict[str, Any] = Field(
        default_factory=dict,
        description="overrides of the card's generation settings; other keys go to the backend as they are")

    @model_validator(mode="after")
    def _labels_cover_every_part(self) -> "SummarizeConfig":
        missing = [k for k in PART_LABELS if k not in self.part_labels]
        if missing:
            raise fail(f"{{key}}.part_labels needs a label for every part; missing: {', '.join(missing)}")
        bad = {k: v for k, v in self.generation.items() if k in GENERATION_KEYS and (isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0)}
        if bad:
            key, value = next(iter(bad.items()))
            raise fail(f"{{key}}.generation.{key} = {value!r} must be a number >= 0")
        return self
