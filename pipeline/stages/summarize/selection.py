"""Choose what a briefing must say, from the bulletin's structure.

A briefing covers every main section in proportion: each top-level section of the segment
stage gets a share of the word budget by its length, and fills it with its most informative
sentences. Informative means central (near the section's mean embedding: what the section is
about), carrying figures (results are what a reader wants; a bonus per figure, capped; a
figure whose period an earlier sentence states counts less: it breaks down the result stated
before it, "Among them, ..."; so does one for the latest month of a release on the year so far), early
(a news story puts its main facts first: a bonus falling from the text's first sentence to
nothing at ``lead_span``; a bulletin's first sentences are mostly its lede, chosen apart),
and new: maximal marginal relevance (Carbonell and Goldstein, 1998) against everything picked
so far in the whole document, so a review restating the lede, or a bulletin's habit of saying one
thing three times, costs nothing. The lede section supplies the event (the headline sentence);
a paragraph the clean stage marked as a headline is preferred where present. A regulation's
sentence on when it comes into force is said whatever the budget, apart from the event.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ...document import Document, SummarySentence
from ...facts import NUMERIC_KINDS, extract_facts
from .budget import WordBudget, count_words, is_closed
from .compress import compress
from .context import stated_sentences, without_breakdown_lead


@dataclass
class SectionPick:
    """One section's share of the briefing: its title and kind, and the sentences chosen."""

    title: str
    kind: str
    sentences: list[int]  # indices into doc.sentences, in source order
    budget: WordBudget
    ranked: list[int] = field(default_factory=list)  # the same, in the order they were picked (best first)


@dataclass
class Selection:
    lede: list[int]  # sentences that state the event (for the headline), in source order
    sections: list[SectionPick]
    # Said whatever the budget, after the event and never fed to the headline (whose event it is not):
    # a regulation's date of coming into force.
    in_force: list[int] = field(default_factory=list)

    def as_stats(self) -> dict[str, Any]:
        """What was selected, for the summary's stats (sentence indices)."""
        return {"lede": self.lede, "sections": [p.sentences for p in self.sections], "in_force": self.in_force}


def section_groups(doc: Document) -> list[tuple[str, str, list[int]]]:
    """(title, kind, sentence indices) per top-level section, in order; sentences outside every
    section form a group of their own, so nothing is lost."""
    groups = []
    for section in (s for s in doc.sections if s.level == 1):
        ids = [i for i, s in enumerate(doc.sentences) if section.start <= s.start < section.end]
        if ids:
            groups.append((section.title, section.kind, ids))
    covered = {i for _, _, ids in groups for i in ids}
    leftover = [i for i in range(len(doc.sentences)) if i not in covered]
    if leftover:
        groups.append(("", "other", leftover))
        groups.sort(key=lambda g: g[2][0])
    if not groups:
        return []
    return groups


def figure_count(text: str) -> int:
    return sum(1 for f in extract_facts(text, NUMERIC_KINDS) if not (f.text.isalpha() and (f.amount or 0) < 1000))


def has_figure(text: str) -> bool:
    return figure_count(text) > 0


def headline_sentences(doc: Document) -> list[int]:
    """Sentences of paragraphs the clean stage marked as headlines (empty where none)."""
    heads = [p for p in doc.paragraphs if getattr(p, "kind", "body") == "headline"]
    return [i for i, s in enumerate(doc.sentences) if any(p.start <= s.start < p.end for p in heads)]


# "These measures shall come into force on September 1, 2023": from when the document itself applies
# (not "the agreement came into force", which is news about something else).
_IN_FORCE = re.compile(r"\b(?:come|comes|came) into (?:force|effect)\b|\btakes? effect\b|"
                       r"\b(?:be|is|are) (?:implemented|effective|valid) (?:from|as of|until)\b", re.I)
_ITSELF = re.compile(r"\b(?:these|this|the present)\s+(?:[\w-]+\s+){0,2}(?:measures|notice|regulations?|provisions|rules|"
                     r"plan|opinions|decision|guidelines|circular|methods)\b", re.I)


def in_force_sentences(doc: Document) -> list[int]:
    """Sentences that say, with a date, from when the document applies (a regulation's closing
    article): a reader of a regulation needs its when as much as who issued it and what it says."""
    return [i for i in range(len(doc.sentences)) if _IN_FORCE.search(text := doc.sentence_text(i))
            and _ITSELF.search(text) and extract_facts(text, ("date",))]


def select(doc: Document, vectors: np.ndarray, budget: WordBudget, options: dict[str, Any],
           input_factor: float = 1.0) -> Selection:
    """The sentences each section contributes, within its share of ``budget``.

    ``vectors``: one L2-normalised embedding per document sentence. ``input_factor``: source
    words picked per briefing word (a generator compresses what it fuses; an extract does not).
    Each pick keeps its section's share of ``budget`` itself, for the output.
    """
    opts = options["selection"]
    words = [count_words(compress(doc.sentence_text(i), opts["compress_words"], has_figure)) for i in range(len(doc.sentences))]
    titles = set(doc.heading_sentences().values())  # a title, not a statement of the section
    sizes = [n if _states(doc.sentence_text(i)) and i not in titles else 0 for i, n in enumerate(words)]
    sizes = sizes if any(sizes) else words  # a text without one closed sentence (unpunctuated MT lines): every line counts
    groups = section_groups(doc)
    if not groups:
        return Selection([], [])
    figures = [figure_count(doc.sentence_text(i)) for i in range(len(doc.sentences))]
    lede_group = 0 if groups[0][1] == "lede" or len(groups) == 1 else None
    lede = _lede(doc, groups[0][2] if lede_group == 0 else list(range(min(3, len(doc.sentences)))), sizes, vectors, opts)
    body = []
    for k, (title, kind, ids) in enumerate(groups):  # the lede section's other sentences compete too (a release's headline figures)
        rest_ids = [i for i in ids if i not in lede] if k == lede_group and len(groups) > 1 else ids
        if rest_ids:
            body.append((title, kind, rest_ids))
    headline_words = min(budget.max_words // 3, opts["headline_words"])
    rest = WordBudget(max(1, budget.min_words - headline_words), max(1, budget.max_words - headline_words))
    # A section's share grows with its figures too: results are what a briefing reports.
    weights = [sum(sizes[i] + opts["figure_words"] * min(figures[i], opts["figure_cap"]) for i in ids) for _, _, ids in body]
    shares = rest.split(weights, options["section_min_words"])
    topic = _subsection_of(doc)
    opens = _paragraph_openers(doc)
    weighed = _weighed_figures(doc, figures, opts["detail_figure_weight"])
    in_force = [i for i in in_force_sentences(doc)[:1] if i not in lede]
    chosen: list[int] = lede + in_force
    picks = []
    # Sections pick in order of size, so the largest gets its central sentences before a small one
    # takes a near-repeat; each section still gets its own share.
    order = sorted(range(len(body)), key=lambda k: -shares[k].max_words)
    picked_by: dict[int, list[int]] = {}
    for k in order:
        title, kind, ids = body[k]
        wide = WordBudget(round(shares[k].min_words * input_factor), round(shares[k].max_words * input_factor))
        picked_by[k] = _mmr(ids, sizes, weighed, vectors, chosen, wide, opts, topic, opens)
        chosen.extend(picked_by[k])
    for k, (title, kind, ids) in enumerate(body):
        if picked_by[k]:
            picks.append(SectionPick(title, kind, sorted(picked_by[k]), shares[k], picked_by[k]))
    return Selection(lede, picks, in_force)


def extract(doc: Document, selection: Selection, budget: WordBudget, lede: list[int],
            compress_words: int = 0) -> list[SummarySentence]:
    """The briefing as source sentences, each stating its figures' period and cut to at most
    ``compress_words`` words of its own clauses (0: whole; see ``compress``): ``lede`` (the event's
    sentences a headline does not replace) and the selection's ``in_force``, then the sections' picks,
    best first, always from the section that has used the least of its share so far (so the budget
    fills in proportion; on a tie, as at the start, the largest share first: a small section's one
    long sentence must not crowd out the main one's), while the whole stays within ``budget``; in source
    order. A breakdown ("Among them, ...") said without the sentence before it loses its pointer."""
    fixed = lede + [i for i in selection.in_force if i not in lede]
    ids = fixed + [i for p in selection.sections for i in p.ranked]
    stated = dict(zip(ids, stated_sentences(doc, ids)))
    for sentence in stated.values():
        sentence.text = compress(sentence.text, compress_words, has_figure)
    kept, words = [], 0
    for i in fixed:
        kept.append(i)
        words += count_words(stated[i].text)
    queues = [list(p.ranked) for p in selection.sections]
    used = [0] * len(queues)
    shares = [p.budget.max_words for p in selection.sections]
    while any(queues):
        k = min((k for k, q in enumerate(queues) if q), key=lambda k: (used[k] / shares[k], -shares[k], k))
        i = queues[k].pop(0)
        n = count_words(stated[i].text)
        if kept and words + n > budget.max_words:
            continue
        kept.append(i)
        words += n
        used[k] += n
    for i in kept:
        if i - 1 not in kept:  # "Among them, ..." without the sentence it breaks down
            stated[i].text = without_breakdown_lead(stated[i].text)
    return [stated[i] for i in sorted(kept)]


def _candidates(ids: list[int], sizes: list[int], opts: dict[str, Any]) -> list[int]:
    """Sentences that can stand alone in a briefing: long enough (not a dateline or heading), not
    too long, and a statement (``sizes`` is 0 for anything else: see ``_states``)."""
    return [i for i in ids if opts["min_sentence_words"] <= sizes[i] <= opts["max_sentence_words"]] or [
        i for i in ids if sizes[i] >= opts["min_sentence_words"]
    ]


# "The full text is as follows.", "the relevant matters are hereby notified as follows.": it points at what follows.
_POINTER = re.compile(r"\bas\s+follows\W*$", re.I)


def _states(sentence: str) -> bool:
    """A statement: a closed sentence (a heading such as "VI. Employment and prices were generally
    stable" is not) that asks nothing ("Q: ...?"), is not a dateline in title case ("China
    Economic Net, Beijing, October 24th.": every word capitalised or a number) and does not just point
    at what follows ("The full text is as follows.")."""
    asks = sentence.rstrip().rstrip("\"'”’)]").endswith("?")
    return (is_closed(sentence) and not asks and any(w[0].islower() for w in sentence.split())
            and not _POINTER.search(sentence))


def _lede(doc: Document, ids: list[int], sizes: list[int], vectors: np.ndarray, opts: dict[str, Any]) -> list[int]:
    """The event: a marked headline where there is one, else the lede's first standalone
    sentence (datelines and bylines are too short to stand alone), plus the next one when it
    names who spoke or attended (a bulletin's second lede sentence)."""
    heads = [i for i in headline_sentences(doc) if sizes[i] >= 4]
    if heads:
        return heads[:1]
    # A lede of title, issuer and date lines states nothing: the text's first statements are the event.
    standalone = _candidates(ids, sizes, opts) or _candidates(list(range(len(sizes))), sizes, opts)
    return standalone[: opts["lede_sentences"]]


def _subsection_of(doc: Document) -> list[int]:
    """For each sentence, the index of the innermost section holding it (sub-sections are topics)."""
    out = [-1] * len(doc.sentences)
    for j, sec in enumerate(doc.sections):  # level 1 first, then level 2 overrides
        for i, s in enumerate(doc.sentences):
            if sec.start <= s.start < sec.end and (out[i] < 0 or doc.sections[out[i]].level <= sec.level):
                out[i] = j
    return out


def _weighed_figures(doc: Document, figures: list[int], detail: float) -> list[float]:
    """Each sentence's figures for the figure bonus, read from the key figures table (so a list
    number or a quoted name is none): one with its own period (or none) counts 1, one whose period
    an earlier sentence of its paragraph states (a breakdown of the result before it) or that is the
    last part of the text's main period (see ``_latest_parts``) counts ``detail``; one dated by its
    section's heading or lead-in is a result in its own right. Without a table (a bare
    document), ``figures``."""
    if not doc.key_figures:
        return [float(n) for n in figures]
    out = [0.0] * len(figures)
    latest = _latest_parts(doc.key_figures)
    for k, row in enumerate(doc.key_figures):
        if 0 <= row.sentence < len(out):
            breakdown = row.period_inherited and not row.section_period
            out[row.sentence] += detail if breakdown or k in latest else 1.0
    return out


def _month_span(period: str) -> tuple[int, int] | None:
    """The months a period covers ("the first three quarters" -> (1, 9), "In September" -> (9, 9))."""
    values = [f.value for f in extract_facts(period, ("period",))] if period else []
    if not values or not values[0].startswith("months:"):
        return None
    first, last = values[0].split(":", 1)[1].split("-")
    return int(first), int(last)


def _latest_parts(rows: list[Any]) -> set[int]:
    """Key figure rows (indices) dated by the last part of the text's main period, the span most rows
    give: "In September" or "the third quarter" in a release on the first three quarters. A release
    leads with the cumulative result; the latest month's is its detail, as a breakdown is."""
    spans = [_month_span(row.period) for row in rows]
    counted = Counter(span for span in spans if span)
    if not counted:
        return set()
    (first, last), _ = counted.most_common(1)[0]
    return {k for k, span in enumerate(spans) if span and span[1] == last and span[0] > first}


def _paragraph_openers(doc: Document) -> set[int]:
    """Sentences that open their paragraph."""
    starts = sorted(p.start for p in doc.paragraphs)
    out, k = set(), 0
    for i, s in enumerate(doc.sentences):
        while k < len(starts) and starts[k] < s.start:
            k += 1
        if k < len(starts) and starts[k] == s.start:
            out.add(i)
    return out


def _mmr(ids: list[int], sizes: list[int], figures: list[float], vectors: np.ndarray, chosen: list[int],
         share: WordBudget, opts: dict[str, Any], topic: list[int], opens: set[int]) -> list[int]:
    candidates = _candidates(ids, sizes, opts)
    if not candidates:
        return []
    local = vectors[candidates]
    centre = local.mean(axis=0)
    norm = float(np.linalg.norm(centre)) or 1.0
    centrality = local @ (centre / norm)
    bonus = np.array([min(figures[i], opts["figure_cap"]) * opts["figure_bonus"] + opts["opener_bonus"] * (i in opens)
                      + opts["lead_bonus"] * max(0.0, 1 - i / opts["lead_span"]) for i in candidates])
    relevance = centrality + bonus
    picked: list[int] = []
    words = 0
    pool = list(range(len(candidates)))
    lam = opts["mmr_lambda"]
    while pool:
        taken = chosen + [candidates[j] for j in picked]
        redundancy = np.max(vectors[taken] @ local.T, axis=0) if taken else np.zeros(len(candidates))
        covered = {topic[candidates[j]] for j in picked}  # a sub-section already heard from yields to the others
        scores = {j: lam * relevance[j] - (1 - lam) * redundancy[j] - opts["coverage_penalty"] * (topic[candidates[j]] in covered)
                  for j in pool}
        best = max(pool, key=lambda j: (scores[j], -j))
        pool.remove(best)
        if redundancy[best] >= opts["redundancy"]:
            continue  # says what is already picked
        n = sizes[candidates[best]]
        if picked and words + n > share.max_words:
            continue
        if not picked and n > share.max_words * opts["overflow"]:
            continue  # far too long for this share: a shorter sentence of the section may fit
        picked.append(best)
        words += n
        if len(picked) >= opts["max_sentences"]:
            break
    return [candidates[j] for j in picked]
