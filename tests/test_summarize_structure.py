"""The structure plan: each section's most informative sentences (centrality, figure bonus,
MMR) after a generated headline, taken as stated (``fuse: extract``) or fused per section by
the generator (``fuse: generator``); and the same plan without a generator (``mmr``). The scripted generator stands in for the model: plumbing, not prose."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from pipeline import registry
from pipeline.config import validate
from pipeline.document import Document, Paragraph, Section, Span
from pipeline.facts import split_sentences
from pipeline.pipeline import Context
from pipeline.stages.summarize import abstractive
from pipeline.stages.summarize.budget import WordBudget
from pipeline.stages.summarize.selection import select

from test_summarize_stage import ScriptedGenerator

LEDE = (
    "On August 19, a teleconference of the national industry and information technology departments was held in Beijing. "
    "Jin Zhuanglong, Secretary of the Party Leadership Group of the Ministry, attended the meeting and delivered a speech."
)
REVIEW = (
    "The meeting pointed out that the industrial economy recovered rapidly this year. "
    "From January to July, the added value of industrial enterprises above designated size increased by 3.5% year-on-year. "
    "The industrial economy recovered rapidly this year, the meeting pointed out. "
    "As of the end of July, 1.968 million 5G base stations have been built and opened."
)
TASKS = (
    "The meeting emphasized that the key tasks of the next stage must be implemented. "
    'Cultivate more than 3,000 "little giant" enterprises and support small and medium-sized enterprises.'
)
SOURCE = f"{LEDE}\n\n{REVIEW}\n\n{TASKS}"


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context(runtime={"threads": 1, "cache_dir": "/nonexistent", "seed": 13})


def make_doc() -> Document:
    doc = Document(source=SOURCE)
    doc.sentences = [Span(a, b) for a, b in split_sentences(SOURCE)]
    r, t = SOURCE.index(REVIEW), SOURCE.index(TASKS)
    doc.paragraphs = [Paragraph(0, len(LEDE)), Paragraph(r, r + len(REVIEW)), Paragraph(t, len(SOURCE))]
    doc.sections = [Section("", "lede", 0, r), Section("", "review", r, t), Section("", "tasks", t, len(SOURCE))]
    return doc


def options(**extra: Any) -> dict[str, Any]:
    """The stage's options; the fixtures' ledes are short, so the generated headline is under test
    (``stated_headline_words: 0``) unless a test sets it."""
    entry = registry.stages.get("summarize")
    extra["selection"] = {"stated_headline_words": 0, **extra.get("selection", {})}
    return validate({"model": "smollm2-135m-instruct", "words": {"min": 30, "max": 90}, **extra},
                    entry.defaults, entry.choices, "summarize")


def fake_vectors(doc: Document) -> np.ndarray:
    """Sentences 2 and 4 say the same thing (a restatement); the rest are apart."""
    n = len(doc.sentences)
    vectors = np.eye(n, dtype="float32")
    vectors[4] = vectors[2]
    return vectors


def test_selection_covers_every_section_prefers_figures_and_skips_restatements() -> None:
    doc = make_doc()
    chosen = select(doc, fake_vectors(doc), WordBudget(30, 90), options())
    assert chosen.lede == [0, 1]  # the event and who spoke, for the headline
    by_kind = {p.kind: p.sentences for p in chosen.sections}
    assert set(by_kind) == {"review", "tasks"}  # every body section contributes
    assert 3 in by_kind["review"]  # a sentence with a figure
    assert not {2, 4} <= set(by_kind["review"])  # a restatement is never picked beside what it restates
    assert 7 in by_kind["tasks"]  # the task with a figure beats the generic call


def test_the_figure_bonus_decides_between_equally_central_sentences() -> None:
    doc = make_doc()
    flat = np.ones((len(doc.sentences), 4), dtype="float32") / 2  # every sentence equally central and alike
    chosen = select(doc, flat, WordBudget(30, 90), options(selection={**options()["selection"], "redundancy": 1.01}))
    review = next(p for p in chosen.sections if p.kind == "review")
    assert review.sentences[:1] == [3] or set(review.sentences) >= {3, 5}


def test_a_headline_paragraph_is_the_event() -> None:
    doc = make_doc()
    second = doc.sentences[1]
    doc.paragraphs[0] = Paragraph(second.start, second.end, kind="headline")
    chosen = select(doc, fake_vectors(doc), WordBudget(30, 90), options())
    assert chosen.lede == [1]


def stage(ctx: Context, monkeypatch: pytest.MonkeyPatch, gen: Any, **extra: Any):
    monkeypatch.setattr(abstractive, "load_generator", lambda name, ctx, backend=None: gen)
    return registry.stages.get("summarize").factory(options(**extra), ctx)


def test_structure_plan_writes_a_headline_then_one_short_prompt_per_section(ctx, monkeypatch) -> None:
    headline = "A teleconference of the industry and information technology departments was held in Beijing on August 19."
    review = "From January to July, the added value of industrial enterprises above designated size increased by 3.5%."
    tasks = 'The meeting called for cultivating more than 3,000 "little giant" enterprises.'
    gen = ScriptedGenerator({"headline": headline, "section": [review, tasks]})
    doc = stage(ctx, monkeypatch, gen, format="bullets", fuse="generator")(make_doc())
    assert [c[0] for c in gen.calls] == ["headline", "section", "section"]
    assert all(len(str(c[1]["text"]).split()) < 60 for c in gen.calls)  # short prompts: selected sentences only
    assert "3.5%" in gen.calls[1][1]["text"] and "3,000" in gen.calls[2][1]["text"]
    summary = doc.summary
    assert (summary.plan, summary.format) == ("structure", "bullets")
    assert [s.text for s in summary.sentences] == [headline, review, tasks]
    assert summary.sentences[1].support and all(i in (2, 3, 4, 5) for i in summary.sentences[1].support)
    assert doc.key_figures and doc.key_figures[0].figure == "3.5%" and doc.key_figures[0].period == "From January to July"


def test_an_invented_organiser_is_revised_then_dropped(ctx, monkeypatch) -> None:
    invented = "On August 19, a teleconference was held by the Party Leadership Group of the Ministry in Beijing."
    review = "From January to July, the added value of industrial enterprises above designated size increased by 3.5%."
    gen = ScriptedGenerator({"headline": invented, "section": [review, "Key tasks must be implemented."],
                             "revise": [invented]})
    doc = stage(ctx, monkeypatch, gen, fuse="generator")(make_doc())
    texts = [s.text for s in doc.summary.sentences]
    assert invented not in texts and review in texts
    (dropped,) = doc.summary.stats["dropped"]
    assert any(c["kind"] == "attribution" and not c["supported"] for c in dropped["checks"])
    revise = [c for c in gen.calls if c[0] == "revise"][0]
    assert "Party Leadership Group" in revise[1]["problem"]


def test_a_later_sentence_restating_the_headline_is_dropped(ctx, monkeypatch) -> None:
    headline = "A teleconference of the industry and information technology departments was held in Beijing on August 19."
    gen = ScriptedGenerator({"headline": headline, "section": [headline, "Key tasks must be implemented."]})
    doc = stage(ctx, monkeypatch, gen, fuse="generator")(make_doc())
    assert [s.text for s in doc.summary.sentences].count(headline) == 1


def test_mmr_is_the_plan_without_a_generator(ctx) -> None:
    doc = registry.stages.get("summarize").factory(options(method="mmr"), ctx)(make_doc())
    summary = doc.summary
    assert (summary.method, summary.model, summary.plan) == ("extractive", "mmr", "structure")
    supports = [i for s in summary.sentences for i in s.support]
    assert supports == sorted(supports) and 0 in supports  # source order, the event first
    assert any(i in (3, 5) for i in supports) and any(i in (6, 7) for i in supports)  # figures and tasks


def test_extract_plan_makes_one_call_and_states_each_figure_with_its_period(ctx, monkeypatch) -> None:
    headline = "A teleconference of the industry and information technology departments was held in Beijing on August 19."
    gen = ScriptedGenerator({"headline": headline})
    doc = stage(ctx, monkeypatch, gen, words={"min": 30, "max": 120})(make_doc())
    assert [c[0] for c in gen.calls] == ["headline"]
    assert "August 19" in gen.calls[0][1]["text"] and "Jin Zhuanglong" in gen.calls[0][1]["text"]
    texts = [s.text for s in doc.summary.sentences]
    assert texts[0] == headline and doc.summary.stats["fuse"] == "extract"
    assert any(t.startswith("Jin Zhuanglong") for t in texts)  # who spoke: kept, the headline does not say it
    # a figure whose sentence states its own period goes in as it stands (a period put in front of a
    # sentence that leans on its paragraph: test_a_sentence_leaning_on_its_paragraph_...)
    assert any("3.5%" in t and "January to July" in t for t in texts)
    for s in doc.summary.sentences[1:]:
        assert len(s.support) == 1 and s.text.endswith(doc.sentence_text(s.support[0]).strip()[-20:])
    assert not doc.summary.stats["dropped"]


def laid_out(text: str, paragraphs: list[str], sections: list[tuple[str, str]]) -> Document:
    """``text`` with its sentences, a paragraph opening at each of ``paragraphs`` (a mark in the
    text; none: one per sentence) and a section of each (kind, mark)."""
    doc = Document(source=text)
    doc.sentences = [Span(a, b) for a, b in split_sentences(text)]
    starts = [text.index(m) for m in paragraphs] or [s.start for s in doc.sentences]
    doc.paragraphs = [Paragraph(a, b) for a, b in zip(starts, starts[1:] + [len(text)])]
    cuts = [text.index(m) for _, m in sections]
    doc.sections = [Section("", kind, a, b) for (kind, _), a, b in zip(sections, cuts, cuts[1:] + [len(text)])]
    return doc


def with_figures(text: str) -> Document:
    """``text`` as one document with its sentences and key figures (what stated_sentences reads)."""
    from pipeline.facts.keyfigures import key_figures

    doc = Document(source=text)
    doc.sentences = [Span(a, b) for a, b in split_sentences(text)]
    doc.key_figures = key_figures(text, [(s.start, s.end) for s in doc.sentences])
    return doc


def picks(doc: Document) -> Any:
    return select(doc, np.eye(len(doc.sentences), dtype="float32"), WordBudget(10, 60), options())


def test_a_sentence_leaning_on_its_paragraph_for_the_period_gets_it_in_front() -> None:
    from pipeline.stages.summarize.context import stated_sentences, with_period

    doc = with_figures("From January to July, output grew 3.5%. The investment in manufacturing increased by 9.9%.\n\n"
                       "Henan added 208 firms in 2022. GDP rose 3.0%.")
    got = [s.text for s in stated_sentences(doc, [0, 1, 2, 3])]
    assert got[0] == "From January to July, output grew 3.5%."  # its own period: unchanged
    assert got[1] == "From January to July, the investment in manufacturing increased by 9.9%."
    assert got[2] == "Henan added 208 firms in 2022."
    assert got[3] == "In 2022, GDP rose 3.0%."  # a bare year is a period too; an acronym keeps its case
    assert with_period("Henan grew fast.", "2022", "In Henan, output grew.") == "In 2022, Henan grew fast."
    assert with_period("Strengthen the monitoring.", "2023", "") == "In 2023, strengthen the monitoring."
    sowing = with_period("Stabilize the wheat area at 330 million mu.", "autumn and winter sowing", "")
    assert sowing == "For autumn and winter sowing, stabilize the wheat area at 330 million mu."  # what a target is for


def test_questions_and_datelines_are_not_briefing_sentences() -> None:
    text = ("China Economic Net, Beijing, October 24th. The bureau released data on the economy today.\n\n"
            "Q: What is the situation of foreign trade in the first half?\n\n"
            "She said that imports and exports of goods rose by 2.1% in the first half.")
    chosen = picks(laid_out(text, ["China", "Q:", "She"], [("lede", "China"), ("other", "Q:")]))
    assert chosen.lede == [1]  # not the dateline
    assert [p.sentences for p in chosen.sections] == [[3]]  # the answer, not the question


def test_an_unpunctuated_heading_is_not_picked_but_a_text_of_such_lines_still_is() -> None:
    text = "The bureau released the data on the economy today.\n\nVI. Employment and prices were generally stable\n\nUrban jobs rose by 10.01 million in the period."
    chosen = picks(laid_out(text, ["The", "VI.", "Urban"], [("lede", "The"), ("other", "VI.")]))
    assert [p.sentences for p in chosen.sections] == [[2]]
    bare = "the bureau released the data on the economy today\n\nurban jobs rose by 10.01 million in the period"
    assert picks(laid_out(bare, [], [("lede", "the")])).lede


def test_a_heading_that_ends_on_a_full_stop_is_a_title_not_a_briefing_sentence() -> None:
    text = ("The ministry issued a notice on home appliances today.\n\n"
            "(2) Promote the trade-in of old home appliances.\n\n"
            "Recycling points will cover more than 90% of counties by 2025.")
    doc = laid_out(text, ["The", "(2)", "Recycling"], [("lede", "The"), ("tasks", "(2)")])
    doc.sections[1].title = "(2) Promote the trade-in of old home appliances."
    assert [p.sentences for p in picks(doc).sections] == [[2]]
    doc.sections[1].title_source = "keywords"  # a title the segmenter made: the line is the section's text
    assert [p.sentences for p in picks(doc).sections] == [[1, 2]]


def test_a_lede_of_title_lines_falls_back_to_the_first_statements() -> None:
    text = ("Notice on Developing Elderly Care Services\n\nGeneral Office of the State Council\n\n"
            "The State Council issued a notice on elderly care services today.\n\n"
            "Community meal services will reach 60% of communities.")
    assert picks(laid_out(text, [], [("lede", "Notice"), ("other", "The State")])).lede == [2, 3]


def test_list_markers_go_and_a_sentence_with_its_own_time_keeps_it() -> None:
    from pipeline.stages.summarize.context import stated_sentences

    doc = with_figures("In 2023, output grew 5.1%. (1) Build 300 new plants. At present, the count is 297 million.")
    got = [s.text for s in stated_sentences(doc, list(range(len(doc.sentences))))]
    assert got == ["In 2023, output grew 5.1%.", "In 2023, build 300 new plants.", "At present, the count is 297 million."]


def test_the_lead_bonus_prefers_a_news_storys_early_sentences() -> None:
    """A story without a bulletin's sections: its most central sentence comes late, an early one is
    nearly as central; the lead bonus (the inverted pyramid) picks the early one, without it the late one."""
    names = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota"]
    story = " ".join(f"The council said the {name} plan was discussed at length today." for name in names)
    doc = Document(source=story)
    doc.sentences = [Span(a, b) for a, b in split_sentences(story)]
    doc.paragraphs = [Paragraph(0, len(story))]
    doc.sections = [Section("", "other", 0, len(story))]
    vectors = np.eye(9, dtype="float32")  # each sentence its own topic ...
    vectors[7] = np.ones(9) / 3  # ... but sentence 7 touches all of them: the centre
    vectors[2] = (np.ones(9) + np.eye(9)[2]) / np.sqrt(12)  # sentence 2 nearly so

    def first_pick(lead_bonus: float) -> int:
        opts = options(selection={**options()["selection"], "lead_bonus": lead_bonus, "max_sentences": 1})
        return select(doc, vectors, WordBudget(20, 60), opts).sections[0].ranked[0]

    assert first_pick(0.0) == 7
    assert first_pick(0.2) == 2


def test_a_breakdown_of_an_earlier_period_weighs_less_than_the_result_it_breaks_down() -> None:
    """A statistics release states a result with its period, then breaks it down ("Online sales
    rose ..., rural sales ...") under the same period: with each figure counted alike the breakdown
    wins on its number of figures; counting an inherited period's figures at half, the result wins."""
    text = ("The statistics bureau released its quarterly data on Monday. The economy was stable over the period. "
            "In the first three quarters, retail sales were 32 trillion yuan, up 0.7%. "
            "Online sales rose 4.0%, rural sales rose 6.2% and car sales fell 1.0%.")
    doc = with_figures(text)
    assert [r.period_inherited for r in doc.key_figures] == [False, False, True, True, True]
    doc.paragraphs = [Paragraph(0, len(text))]
    doc.sections = [Section("", "other", 0, len(text))]
    vectors = np.eye(4, dtype="float32")  # the first two are the lede (the headline's)
    vectors[2:] = np.ones(4) / 2  # the other two equally central: the figures decide

    def first_pick(detail: float) -> int:
        selection = {**options()["selection"], "detail_figure_weight": detail, "opener_bonus": 0.0,
                     "lead_bonus": 0.0, "max_sentences": 1}
        return select(doc, vectors, WordBudget(10, 60), options(selection=selection)).sections[0].ranked[0]

    assert first_pick(1.0) == 3
    assert first_pick(0.5) == 2
    for row in doc.key_figures[2:]:  # dated by a heading or a section's lead-in: results, not a breakdown
        row.section_period = True
    assert first_pick(0.5) == 3


def _checked(text: str, sections: list[Section]) -> tuple[Document, Any, list[str | None]]:
    """The document, the summarize stage's checker of it, and the period that checker gives each figure."""
    from pipeline.facts import SupportRules
    from pipeline.stages.summarize.faithfulness import SentenceChecker

    doc = Document(text)
    doc.sentences = [Span(a, b) for a, b in split_sentences(text)]
    doc.sections = sections
    checker = SentenceChecker(doc, SupportRules(), {"enabled": False, "min_agent_overlap": 0.67})
    return doc, checker, [(f.period.text if f.period else None) for p in checker.facts._parsed for f in p.figures]


LEAD_IN = ("The meeting pointed out that since the beginning of this year, the system held the line.\n\n"
           "Grain harvest was achieved.\n\nSummer grain output was 147.39 million tons.\n\n")


def test_the_fact_checker_reads_a_sections_lead_in_period_into_its_sub_sections() -> None:
    """A review that opens "since the beginning of this year" and gives its results under sub-sections: the
    summarize stage's checker (and so its key figures table) dates each result; a section without
    sub-sections, or whose first sub-section starts where it does, has no lead-in."""
    text = LEAD_IN + "The meeting stressed that output must reach 650 million tons."
    sub, stress = text.index("Grain harvest"), text.index("The meeting stressed")
    doc, _, dated = _checked(text, [Section("", "review", 0, stress), Section("", "review", sub, stress, level=2, parent=0),
                                    Section("", "requirements", stress, len(text))])
    assert doc.lead_ins() == [(0, sub, stress)]
    assert dated == ["since the beginning of this year", None]
    doc.sections[1].start = 0
    assert doc.lead_ins() == []


def test_a_headed_sub_sections_heading_dates_its_figures_and_the_lead_in_above_dates_the_rest() -> None:
    """"Fourth, Plan ahead for autumn and winter sowing." heads the wheat target: its period (after the list
    marker) dates it, as a lead-in does; a heading without a period leaves its figures to the lead-in above."""
    text = LEAD_IN + "Fourth, Plan ahead for autumn and winter sowing.\n\nStabilize the wheat area at 330 million mu."
    sub, sowing = text.index("Grain harvest"), text.index("Fourth")
    doc, checker, dated = _checked(text, [
        Section("", "review", 0, len(text)),
        Section("Grain harvest was achieved.", "review", sub, sowing, level=2, parent=0),
        Section("Fourth, Plan ahead for autumn and winter sowing.", "tasks", sowing, len(text), level=2, parent=0)])
    assert doc.heading_sentences() == {1: 1, 2: 3}
    assert doc.lead_ins() == [(0, sub, len(text)), (sub, doc.sentences[1].end, sowing), (sowing, doc.sentences[3].end, len(text))]
    assert dated == ["since the beginning of this year", "autumn and winter sowing"]
    assert checker.check_sentence("In autumn and winter sowing, stabilize the wheat area at 330 million mu.")[0].supported


def test_a_sentence_that_points_at_what_follows_is_never_chosen() -> None:
    """"The full text is as follows." tells a reader nothing: it is neither the event nor a pick."""
    text = ("Shanghai Municipal People's Government issued the implementation measures on the business environment. "
            "The full text is as follows. The registration of a new enterprise shall take at most one working day. "
            "The relevant matters are hereby notified as follows.")
    doc = with_figures(text)
    doc.paragraphs = [Paragraph(0, len(text))]
    doc.sections = [Section("", "other", 0, len(text))]
    chosen = picks(doc)
    assert 1 not in chosen.lede and 3 not in chosen.lede
    assert {1, 3}.isdisjoint(i for p in chosen.sections for i in p.ranked)


class SeesApart:
    """An encoder that finds every sentence apart in meaning: only shared words can make a restatement."""

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.eye(len(texts), dtype="float32")


class SeesAlike:
    """An encoder that finds every sentence near every other: only a new figure keeps a sentence."""

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.ones((len(texts), 1), dtype="float32")


def test_a_sentence_whose_words_the_headline_already_holds_is_dropped() -> None:
    """Apart in meaning as a whole (the encoder here sees every sentence apart), but the headline already says
    who answered which questions: the lede sentence it was written from adds nothing; a sentence with news stays."""
    from pipeline.document import SummarySentence
    from pipeline.stages.summarize.abstractive import drop_restatements

    sentences = [SummarySentence(t) for t in (
        "The Ministry of Commerce held a regular press conference on July 20th, with Shu Jueting answering questions "
        "from reporters on foreign trade, consumption and other hot issues.",
        "Spokesperson Shu Jueting answered questions from reporters on foreign trade, consumption and other hot issues.",
        "Shu Jueting said imports and exports of goods were 20.1 trillion yuan in the first half of the year.",
        "Among them, exports were 11.46 trillion yuan.")]  # its one content word is held, its figure is new
    kept = drop_restatements(sentences, SeesApart(), 0.8, 0.8)
    assert [s.text for s in kept] == [sentences[0].text, sentences[2].text, sentences[3].text]
    assert len(drop_restatements(sentences, SeesApart(), 0.8)) == 4  # by meaning alone, nothing restated


def test_a_sentence_with_a_new_figure_is_never_a_restatement() -> None:
    """"the tertiary industry increased by 2.3%" after the primary industry's 4.2% shares most of its words
    and is near in meaning; its figure is news. Without a new figure the same words are a restatement."""
    from pipeline.document import SummarySentence
    from pipeline.stages.summarize.abstractive import drop_restatements

    sentences = [SummarySentence(t) for t in (
        "In the first three quarters, the added value of the primary industry was 5.4779 trillion yuan, an increase "
        "of 4.2% year-on-year.",
        "In the first three quarters, the added value of the tertiary industry increased by 2.3% year-on-year.",
        "In the first three quarters, the added value of the industry increased by 4.2% year-on-year.")]
    kept = drop_restatements(sentences, SeesAlike(), 0.8, 0.7)
    assert [s.text for s in kept] == [sentences[0].text, sentences[1].text]


def test_who_attended_is_said_once_when_the_headline_says_it() -> None:
    """The headline names the minister who attended; the lede sentence it was written from adds only the
    ceremony ("the meeting ... delivered a speech"): with the default share it is a restatement. The deputy
    who presided is news the headline does not hold."""
    from pipeline.document import SummarySentence
    from pipeline.stages.summarize.abstractive import drop_restatements
    from pipeline.stages.summarize.schema import Selection

    sentences = [SummarySentence(t) for t in (
        "Tang Renjian, Minister of Agriculture and Rural Affairs, attended a national video conference on September "
        "5th to summarize the summer grain work and arrange the autumn harvest.",
        "Tang Renjian, Minister of Agriculture and Rural Affairs, attended the meeting and delivered a speech.",
        "Deputy Minister Zhang Xingwang presided over the meeting.")]
    share = Selection().restatement_words
    assert [s.text for s in drop_restatements(sentences, SeesApart(), 0.8, share)] == [sentences[0].text, sentences[2].text]


def test_a_lede_sentence_the_headline_restates_leaves_its_words_to_the_sections(ctx, monkeypatch) -> None:
    """The headline already says who spoke: the lede sentence it was written from is left out before the
    budget is filled, so a section gets its words rather than the briefing coming out short."""
    says_who = ("Jin Zhuanglong, Secretary of the Party Leadership Group of the Ministry, attended the teleconference "
                "in Beijing on August 19 and delivered a speech.")
    plain = "A teleconference of the industry and information technology departments was held in Beijing on August 19."
    runs = {}
    for name, headline in (("says who", says_who), ("plain", plain)):
        gen = ScriptedGenerator({"headline": headline})
        runs[name] = stage(ctx, monkeypatch, gen, words={"min": 30, "max": 70})(make_doc()).summary
    assert 1 not in {i for s in runs["says who"].sentences[1:] for i in s.support}
    assert 1 in {i for s in runs["plain"].sentences[1:] for i in s.support}
    assert any("3.5%" in s.text for s in runs["says who"].sentences)  # the words it left carry a result
    assert not any("3.5%" in s.text for s in runs["plain"].sentences)


def test_a_bare_day_gets_the_datelines_month_and_no_other_day_does() -> None:
    """Wire copy gives the month once, in the dateline; a briefing sentence taken out of the story states
    the date whole. A day the dateline does not give ("the 11th" under a dateline of the 12th) stays."""
    from pipeline.stages.summarize.context import stated_sentences

    doc = with_figures("Xinhua News Agency, Beijing, March 15th. Premier Li Qiang presided over an executive meeting "
                       "on the 15th to deploy measures. The draft was discussed on the 11th. "
                       "It marks the 15th anniversary of the rules.")
    got = stated_sentences(doc, [1, 2, 3])
    assert got[0].text == "Premier Li Qiang presided over an executive meeting on March 15th to deploy measures."
    assert got[0].support == [0, 1]  # linked to the dateline that gives the month
    assert got[1].text == "The draft was discussed on the 11th." and got[1].support == [2]
    assert got[2].text == "It marks the 15th anniversary of the rules."  # an ordinal, not a day
    undated = with_figures("The ministry held a meeting on the 15th to deploy measures. Output grew.")
    assert stated_sentences(undated, [0])[0].text == "The ministry held a meeting on the 15th to deploy measures."


def test_a_headline_on_issuing_a_notice_gets_the_date_under_its_signature() -> None:
    from pipeline.stages.summarize.context import dated_headline

    notice = laid_out("Notice on Promoting Green Home Appliances\nAll departments shall report plans before July 31st.\n"
                      "General Office of the Ministry of Commerce\nJune 28, 2022",
                      ["Notice", "All", "General", "June"], [("other", "Notice")])
    issued = "The General Office of the Ministry of Commerce has issued a notice on promoting green home appliances."
    assert dated_headline(issued, notice) == issued[:-1] + ", dated June 28, 2022."
    dated = "On June 28, the General Office issued a notice."
    assert dated_headline(dated, notice) == dated  # it dates itself
    held = "The General Office held a meeting on home appliances."
    assert dated_headline(held, notice) == held  # not about issuing the document
    unsigned = laid_out("Notice on Appliances\nAll departments shall report plans.", ["Notice", "All"], [("other", "Notice")])
    assert dated_headline(issued, unsigned) == issued


def test_the_generated_headline_states_the_event_date_whole(ctx, monkeypatch) -> None:
    doc = laid_out("Xinhua News Agency, Beijing, August 19th. A teleconference of the industry departments was held "
                   "in Beijing on the 19th to deploy the key tasks. From January to July, the added value of industrial "
                   "enterprises above designated size increased by 3.5% year-on-year.",
                   [], [("lede", "Xinhua"), ("review", "From")])
    gen = ScriptedGenerator({"headline": "A teleconference of the industry departments was held in Beijing on the 19th."})
    summary = stage(ctx, monkeypatch, gen, words={"min": 20, "max": 60})(doc).summary
    assert summary.sentences[0].text == "A teleconference of the industry departments was held in Beijing on August 19th."
    assert 0 in summary.sentences[0].support


MEASURES = ("Shanghai Municipal People's Government issued the implementation measures on the business environment. "
            "The registration of a new enterprise shall take at most one working day in the whole city. "
            "The public announcement period of a simple cancellation is shortened from 45 days to 20 days. "
            "More than 95% of government service matters shall be handled online by the end of 2023. "
            "Article 8 These measures shall come into force on September 1, 2023, and shall be valid until August 31, 2028.")


def test_a_regulation_says_when_it_comes_into_force_whatever_the_budget(ctx, monkeypatch) -> None:
    """Who issued it, what it says, and from when it applies: the closing article's date is in every briefing
    of a regulation (its "Article 8" label gone), and it is not fed to the headline, whose event it is not."""
    closing = "These measures shall come into force on September 1, 2023, and shall be valid until August 31, 2028."
    doc = laid_out(MEASURES, [], [("lede", "Shanghai"), ("other", "The registration")])
    chosen = select(doc, np.eye(len(doc.sentences), dtype="float32"), WordBudget(10, 40), options())
    assert chosen.in_force == [4] and 4 not in chosen.lede
    assert all(4 not in p.ranked for p in chosen.sections)
    mmr = registry.stages.get("summarize").factory(options(method="mmr", words={"min": 10, "max": 50}), ctx)
    summary = mmr(laid_out(MEASURES, [], [("lede", "Shanghai"), ("other", "The registration")])).summary
    assert summary.sentences[-1].text == closing and summary.sentences[-1].support == [4]
    gen = ScriptedGenerator({"headline": "Shanghai Municipal People's Government issued the implementation measures."})
    stage(ctx, monkeypatch, gen, words={"min": 10, "max": 60})(laid_out(MEASURES, [], [("lede", "Shanghai"), ("other", "The registration")]))
    assert "come into force" not in gen.calls[0][1]["text"]


def test_another_documents_coming_into_force_or_one_without_a_date_is_not_said_apart() -> None:
    from pipeline.stages.summarize.selection import in_force_sentences

    news = laid_out("The trade agreement came into force on January 1, 2022. Trade grew by 5% in the first half. "
                    "These measures shall take effect upon issuance.", [], [("other", "The trade")])
    assert in_force_sentences(news) == []  # another document's date; the measures' own sentence has no date


def test_an_articles_number_is_a_label_but_an_article_cited_in_a_sentence_is_not() -> None:
    from pipeline.structure import LIST_MARKER

    assert LIST_MARKER.sub("", "Article 8 These measures shall come into force.") == "These measures shall come into force."
    assert LIST_MARKER.sub("", "Article 8 of the law sets the fee.") == "Article 8 of the law sets the fee."


def test_the_latest_month_of_a_release_on_the_year_so_far_weighs_as_a_detail() -> None:
    """A release on the first three quarters leads with cumulative results; September's figure, or the third
    quarter's, is the latest part of that span: a detail, as a breakdown is. A first half in a report on
    January-July is no such part (it does not end where the main span ends), nor is anything when no span leads."""
    from pipeline.stages.summarize.selection import _weighed_figures

    release = with_figures("In the first three quarters, GDP grew by 3.0%. In the first three quarters, retail sales grew "
                           "by 0.7%. In September, industrial output grew by 6.3%. In the third quarter, GDP grew by 3.9%. "
                           "From January to September, investment grew by 5.9%.")
    assert _weighed_figures(release, [1] * 5, 0.5) == [1.0, 1.0, 0.5, 0.5, 1.0]
    report = with_figures("From January to July, output grew by 3.5%. From January to July, investment grew by 9.9%. "
                          "In the first half of the year, the share reached 28.8%.")
    assert _weighed_figures(report, [1] * 3, 0.5) == [1.0, 1.0, 1.0]


def test_a_headline_that_states_none_of_the_ledes_figures_gives_way_to_the_lede(ctx, monkeypatch) -> None:
    """A lede that states figures ("GDP ... 3.0%"): a generated headline with none of them would cost the reader
    the lede's fact, so the lede sentence stands as stated (fused plan too) and the run says why; one with a
    figure of the lede stays, though it leaves another out."""
    text = ("Xinhua News Agency, Beijing, October 24th. The National Bureau of Statistics said on the 24th that the gross "
            "domestic product was 87.0269 trillion yuan in the first three quarters, an increase of 3.0% year-on-year. "
            "From January to September, the added value of industrial enterprises above designated size increased by "
            "3.9% year-on-year.")

    def briefing(headline: str, **extra: Any):
        gen = ScriptedGenerator({"headline": headline, "section": ["Industrial value added grew 3.9% from January to September."]})
        return stage(ctx, monkeypatch, gen, words={"min": 20, "max": 80}, **extra)(
            laid_out(text, [], [("lede", "Xinhua"), ("review", "From")])).summary

    for fuse in ("extract", "generator"):
        summary = briefing("The National Bureau of Statistics released economic data for the first three quarters.", fuse=fuse)
        assert 1 in summary.sentences[0].support and "3.0%" in summary.sentences[0].text
        assert "released economic data" not in summary.text
        assert summary.stats["plan_reason"].startswith("the generated headline states none of the lede's figures "
                                                       "(87.0269 trillion yuan, 3.0%)")
    kept = briefing("The gross domestic product grew by 3.0% year-on-year in the first three quarters.")
    assert kept.sentences[0].text.startswith("The gross domestic product grew by 3.0%")
    assert kept.stats["plan_reason"].startswith("a generated headline")


def test_a_lede_that_opens_the_text_at_headline_length_is_the_headline(ctx, monkeypatch) -> None:
    """A news lede ("Firefighters rescued ...", 20 words) is already the sentence a headline would be: it stands as
    stated and the generator is not called (it could only paraphrase or invent). One longer than
    ``stated_headline_words``, or one after a title (the title says what the notice is), gets a written headline."""
    lede = "Firefighters rescued 12 miners trapped in a flooded coal mine in Shanxi province on Tuesday, state media said."
    rest = " The mine had been closed for repairs since March. An inquiry into the flooding was opened by the provincial government."

    def briefing(text: str, words: int, first: str):
        gen = ScriptedGenerator({"headline": "Rescuers saved 12 trapped miners in Shanxi on Tuesday."})
        stage_ = stage(ctx, monkeypatch, gen, words={"min": 20, "max": 80}, selection={"stated_headline_words": words})
        return stage_(laid_out(text, [], [("lede", first), ("review", "The mine")])).summary, gen.calls

    summary, calls = briefing(lede + rest, 35, "Firefighters")
    assert calls == [] and summary.sentences[0].text == lede
    assert summary.stats["plan_reason"].startswith("the lede's first sentence is already headline length (18 words)")
    summary, calls = briefing(lede + rest, 15, "Firefighters")
    assert [c[0] for c in calls] == ["headline"] and summary.sentences[0].text.startswith("Rescuers saved 12")
    titled = "Mine flood rescue in Shanxi\n" + lede + rest
    summary, calls = briefing(titled, 35, "Mine")
    assert [c[0] for c in calls] == ["headline"]


def test_when_every_section_has_used_the_same_share_the_largest_share_is_filled_first() -> None:
    from pipeline.stages.summarize.selection import Selection, SectionPick, extract

    doc = make_doc()  # sentence 2 (review) has 12 words, sentence 7 (a task) 13: 20 words hold one
    small = SectionPick("", "review", [2], WordBudget(5, 10), [2])
    large = SectionPick("", "tasks", [7], WordBudget(20, 60), [7])
    got = extract(doc, Selection([], [small, large]), WordBudget(10, 20), [])
    assert [s.support for s in got] == [[7]]  # the tasks' share is six times the review's: its pick goes in
    got = extract(doc, Selection([], [large, small]), WordBudget(10, 20), [])
    assert [s.support for s in got] == [[7]]  # not the order of the sections


def test_a_breakdown_said_without_the_sentence_it_breaks_down_loses_its_pointer() -> None:
    from pipeline.stages.summarize.selection import Selection, SectionPick, extract

    doc = with_figures("In the first half of the year, imports and exports totalled 20.1 trillion yuan, up 9.4%. "
                       "Among them, exports were 11.46 trillion yuan, an increase of 3.7%.")
    alone = SectionPick("", "review", [1], WordBudget(5, 40), [1])
    got = extract(doc, Selection([], [alone]), WordBudget(5, 40), [])
    assert [s.text for s in got] == ["In the first half of the year, exports were 11.46 trillion yuan, an increase of 3.7%."]
    both = SectionPick("", "review", [0, 1], WordBudget(5, 60), [0, 1])
    got = extract(doc, Selection([], [both]), WordBudget(5, 60), [])
    assert got[1].text.startswith("Among them, ")  # right after the total it breaks down: it keeps pointing at it
