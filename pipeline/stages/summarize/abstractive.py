"""The abstractive summarizer. The structure plan (the default) has the card's model write the
headline from the lede, then takes each section's chosen sentences as the source states them
(``fuse: extract``) or has the model fuse them (``fuse: generator``); the older plans prompt per
chunk and fuse the notes. Whole sentences within the word budget either way; it also revises a
sentence the faithfulness review rejects. Model work stays behind the backend's Generator interface."""

from __future__ import annotations

from typing import Any

from ... import registry
from ...backends import choose_backend, load_card, load_generator
from ...backends.base import Generation
from ...document import Document, Summary, SummarySentence
from ...facts import NUMERIC_KINDS, extract_facts
from ...facts.text import content_stems
from .budget import WordBudget, count_words, fit_sentences, generated_sentences
from .context import dated_headline, dateline_date, stated_sentences, with_dateline_day
from .planner import fits, make_plan, max_new_tokens
from .resources import encoder_for
from .selection import Selection, extract, select


@registry.summarizers.register("abstractive")
class Abstractive:
    """A generator writes the summary; every call's tokens and time are counted."""

    def __init__(self, options: dict[str, Any], ctx: Any) -> None:
        self.options = options
        self.progress = ctx.progress
        self.card = load_card(options["model"])
        self.backend = choose_backend(self.card, options["backend"])
        self.generator = load_generator(options["model"], ctx, self.backend)
        self.budget = WordBudget(options["words"]["min"], options["words"]["max"])
        self.calls: list[Generation] = []
        self.ctx = ctx

    def __call__(self, doc: Document) -> Summary:
        self.calls = []  # stats are per document
        if self.options["plan"] == "structure" and {"headline", "section"} <= set(self.card.prompts):
            return self._structured(doc)
        plan = make_plan(doc, self.generator, self.budget, self.options)
        notes = []
        for k, chunk in enumerate(plan.chunks, 1):
            with self.progress.task(f"summarize: writing part {k}/{len(plan.chunks)} ({plan.kind} plan)"):
                answer = self._write("summarise", chunk.text, chunk.budget, self._part(chunk.kind))
                notes.append(" ".join(fit_sentences(generated_sentences(answer), chunk.budget)))
        draft = " ".join(notes)
        if len(notes) > 1 and count_words(draft) > self.budget.max_words:
            if not fits(self.generator, draft, self.budget, self.options):  # too long to fuse: keep what fits
                draft = " ".join(fit_sentences(generated_sentences(draft), self.budget))
            else:
                with self.progress.task("summarize: fusing the parts"):
                    draft = self._write("fuse", draft, self.budget, self._part("whole"))
        sentences = fit_sentences(generated_sentences(draft), self.budget)
        stats = {"plan_reason": plan.reason, "parts": len(plan.chunks)}
        return Summary(
            " ".join(sentences),
            [SummarySentence(s) for s in sentences],
            method="abstractive",
            model=self.generator.name,
            plan=plan.kind,
            stats=stats,
            format=self.options["format"],
        )

    def _structured(self, doc: Document) -> Summary:
        """Headline from the lede, then each section's chosen sentences: fused by the generator
        into one or two sentences each (``fuse: generator``), or taken as the source states them,
        periods in front (``fuse: extract``: one generator call, and no figure lost in fusing).
        Every main section is covered in proportion either way."""
        fuse = self.options["fuse"]
        encoder = encoder_for(self.options, self.ctx)
        vectors = encoder.encode([doc.sentence_text(i) for i in range(len(doc.sentences))])
        selection = select(doc, vectors, self.budget, self.options, self.options["selection"]["input_factor"])
        out, head = self._headline(doc, selection.lede)
        opts = self.options["selection"]

        def said_once(sentences: list[SummarySentence]) -> list[SummarySentence]:
            return drop_restatements(sentences, encoder, opts["restatement"], opts["restatement_words"])

        if fuse == "extract":
            used = sum(count_words(s.text) for s in out)
            rest = WordBudget(max(1, self.budget.min_words - used), max(1, self.budget.max_words - used))
            # the lede's later sentences (who spoke, who attended) stay unless the headline restates them,
            # and the words of one that it does go to the sections
            lede = selection.lede[1:] if out else selection.lede
            if out:
                unsaid = said_once(out + [SummarySentence(doc.sentence_text(i), support=[i]) for i in lede])[len(out):]
                lede = [s.support[0] for s in unsaid]
            out += extract(doc, selection, rest, lede, opts["compress_words"])
        else:
            out = out or stated_sentences(doc, selection.lede)  # no headline: the lede says the event
            out += self._fused_sections(doc, selection)
        out = said_once(out)
        plan = "the generator fuses each section's choice" if fuse == "generator" else "each section's choice as stated"
        stats = {"plan_reason": f"{head}, then {plan}", "parts": len(selection.sections), "fuse": fuse,
                 "selected": selection.as_stats()}
        return Summary(" ".join(s.text for s in out), out, method="abstractive", model=self.generator.name,
                       plan="structure", stats=stats, format=self.options["format"])

    def _headline(self, doc: Document, lede: list[int]) -> tuple[list[SummarySentence], str]:
        """One sentence on the event (what happened, who, when), from the lede, and what heads the
        briefing; no sentence without a lede, or where the generated one states none of the lede's
        figures (a reader would lose the lede's fact: the lede then says it as stated). A lede sentence
        that opens the text at headline length is already the headline, as a news lede is: no call."""
        if not lede:
            return [], "no lede to write a headline from"
        short = self.options["selection"]["stated_headline_words"]
        opens = lede[0] == 0 or (lede[0] == 1 and dateline_date(doc) is not None)  # no title before it
        if opens and (n := count_words(doc.sentence_text(lede[0]))) <= short:
            return [], f"the lede's first sentence is already headline length ({n} words): it stands as stated"
        with self.progress.task("summarize: writing the headline sentence"):
            words = self.options["selection"]["headline_words"]
            opening = sorted(set(range(min(lede))) | set(lede))  # with the dateline: the event's date and place
            answer = self._generate("headline", {"text": _lines(doc, opening), "max_words": words},
                                    max_new_tokens(WordBudget(1, words), self.options), max_sentences=1).text
        written = generated_sentences(answer)[:1]
        if not written:
            return [], "the generator wrote no headline: the lede stands as stated"
        text = written[0]
        if unsaid := _unsaid_figures(doc, lede[0], text):
            note = f"the generated headline states none of the lede's figures ({', '.join(unsaid)}): the lede stands as stated"
            self.progress.say(f"summarize: {note}")
            return [], note
        day_stated = with_dateline_day(text, doc)  # its date stated whole, linked to where the source gives it
        dated = dated_headline(day_stated, doc)
        dateline = [0] if day_stated != text else []
        signature = [len(doc.sentences) - 1] if dated != day_stated else []
        return [SummarySentence(dated, support=sorted(set(lede + dateline + signature)))], "a generated headline"

    def _fused_sections(self, doc: Document, selection: Selection) -> list[SummarySentence]:
        out: list[SummarySentence] = []
        for k, pick in enumerate(selection.sections, 1):
            with self.progress.task(f"summarize: section {k}/{len(selection.sections)} ({pick.kind})"):
                variables = {
                    "text": _lines(doc, pick.sentences),
                    "title": pick.title,
                    "part": self._part(pick.kind),
                    "min_words": pick.budget.min_words,
                    "max_words": pick.budget.max_words,
                }
                answer = self._generate("section", variables, max_new_tokens(pick.budget, self.options)).text
                kept = fit_sentences(generated_sentences(answer), pick.budget)[: self.options["selection"]["sentences_per_section"]]
                out += [SummarySentence(t, support=list(pick.sentences)) for t in kept]
        return out

    def _part(self, kind: str) -> str:
        """What the model is told it reads (a card's template may use it as ``{part}``)."""
        labels = self.options["part_labels"]
        return labels.get(kind, labels["other"])

    def _write(self, task: str, text: str, budget: WordBudget, part: str) -> str:
        variables = {"text": text, "part": part, "min_words": budget.min_words, "max_words": budget.max_words}
        return self._generate(task, variables, max_new_tokens(budget, self.options)).text

    def revise(self, sentence: str, problem: str, evidence: str) -> str:
        """One corrected sentence (or "" when the model gives none)."""
        budget = WordBudget(1, self.budget.max_words)  # an upper bound: the answer ends at one sentence
        self.progress.say(f"summarize: revising an unsupported sentence ({problem})")
        variables = {"sentence": sentence, "problem": problem, "evidence": evidence}
        out = generated_sentences(self._generate("revise", variables, max_new_tokens(budget, self.options)).text)
        return out[0] if out else ""

    def can_revise(self) -> bool:
        return "revise" in self.card.prompts

    def _generate(self, task: str, variables: dict[str, Any], max_new: int, max_sentences: int | None = None) -> Generation:
        settings = self.card.settings({"max_new_tokens": max_new, "max_sentences": max_sentences, **self.options["generation"]})
        result = self.generator.generate(task, variables, settings)
        self.calls.append(result)
        return result

    def stats(self) -> dict[str, Any]:
        """Load time and throughput over every call made so far."""
        seconds = sum(c.seconds for c in self.calls)
        generated = sum(c.generated_tokens for c in self.calls)
        return {
            "backend": self.backend,
            "load_s": round(self.generator.load_seconds, 3),
            "calls": len(self.calls),
            "prompt_tokens": sum(c.prompt_tokens for c in self.calls),
            "generated_tokens": generated,
            "generate_s": round(seconds, 3),
            "tokens_per_s": round(generated / seconds, 2) if seconds else 0.0,
            **_backend_rates(self.calls),
        }


def _figure_values(text: str) -> set[str]:
    """The values of the figures ``text`` states (numbers, percentages, points, money; not dates)."""
    return {f.value for f in extract_facts(text, NUMERIC_KINDS)}


def _unsaid_figures(doc: Document, sentence: int, headline: str) -> list[str]:
    """The figures of ``sentence`` (its rows in the key figures table: no list labels, quoted names or
    number words) when ``headline`` states none of them; [] when it states one, or there are none."""
    rows = [row for row in doc.key_figures if row.sentence == sentence]
    said = _figure_values(headline)
    return [] if any(row.value in said for row in rows) else list(dict.fromkeys(row.figure for row in rows))


def _lines(doc: Document, ids: list[int]) -> str:
    return "\n".join(doc.sentence_text(i).strip() for i in ids)


def drop_restatements(sentences: list[SummarySentence], encoder: Any, threshold: float,
                      word_share: float = 1.0) -> list[SummarySentence]:
    """Drop a later sentence that restates the first (the headline) or an earlier one: a briefing
    says each thing once. It restates when near in meaning (cosine at least ``threshold``) or when
    an earlier sentence already holds ``word_share`` of its content words and figures: a headline that
    says "Shu Jueting answering questions from reporters on foreign trade" leaves nothing to the lede
    sentence it was written from, though the two read apart as a whole; "Among them, exports were 11.46
    trillion yuan" says what the total's sentence does not. A sentence with a figure no earlier one
    states never restates: "the tertiary industry increased by 2.3%" after "the primary industry ...
    increased by 4.2%" shares most of its words and is news."""
    if len(sentences) < 2:
        return sentences
    vectors = encoder.encode([s.text for s in sentences])
    figures = [_figure_values(s.text) for s in sentences]
    stems = [content_stems(s.text) | figures[k] for k, s in enumerate(sentences)]
    kept, said = [0], set(figures[0])  # said: the figures of the kept sentences
    for k in range(1, len(sentences)):
        if figures[k] - said:
            kept.append(k)
            said |= figures[k]
            continue
        near = max(float(vectors[k] @ vectors[j]) for j in kept) >= threshold
        held = bool(stems[k]) and max(len(stems[k] & stems[j]) for j in kept) / len(stems[k]) >= word_share
        if not (near or held):
            kept.append(k)
    return [sentences[k] for k in kept]


def _backend_rates(calls: list[Generation]) -> dict[str, Any]:
    """Prompt and decode speed as the backend measured them (llama.cpp), summed over the calls:
    prompt processing is compute-bound, decoding bound by memory bandwidth, so they are reported apart."""
    total: dict[str, float] = {}
    for call in calls:
        for key, value in call.timings.items():
            total[key] = total.get(key, 0) + value
    if not total.get("prompt_eval_s") or not total.get("decode_s"):
        return {}
    return {
        "prompt_eval_tokens": int(total["prompt_eval_tokens"]),
        "prompt_tokens_per_s": round(total["prompt_eval_tokens"] / total["prompt_eval_s"], 1),
        "decode_tokens": int(total["decode_tokens"]),
        "decode_tokens_per_s": round(total["decode_tokens"] / total["decode_s"], 1),
    }
