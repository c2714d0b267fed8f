"""The reference-free ``score`` stage: what it puts under doc.scores, and its config."""

import copy

import pytest

from pipeline.document import Document, Section, Span, Summary, SummarySentence
from pipeline.errors import ConfigError
from pipeline.facts import SourceFacts, split_sentences
from pipeline.metrics.core.lexical import compression, novel_ngram_ratio
from pipeline.metrics.signature import parse_signature
from pipeline.stages.score import DEFAULTS, make_score

SOURCE = (
    "From January to July, the added value of industry rose 3.5% year on year.\n\n"
    "Investment in manufacturing grew 9.9% in the same period. It was  good."
)


def options(**changes):
    opts = copy.deepcopy(DEFAULTS)
    opts.update(changes)
    return opts


def scored(doc: Document, **changes) -> dict:
    return make_score(options(**changes), None)(doc).scores


def cleaned_doc() -> Document:
    doc = Document(source=SOURCE)
    doc.edit(SOURCE.index("  "), SOURCE.index("  ") + 2, " ", rule="spacing", reason="double space")
    doc.edit(0, 4, "FROM", rule="case", reason="test")
    return doc


def test_clean_checks_count_edits_by_rule_and_changed_characters():
    clean = scored(cleaned_doc())["clean"]
    assert clean["edits"]["total"] == 2 and clean["edits"]["by_rule"] == {"case": 1, "spacing": 1}
    assert clean["chars_changed"]["ratio"] == pytest.approx((4 + 2) / len(SOURCE))
    assert clean["numbers_preserved"]["numbers_preserved"] == 1.0
    for check in clean.values():
        assert parse_signature(check["signature"])["version"].startswith("mtbrief-")


def test_a_changed_figure_is_reported_lost():
    doc = Document(source=SOURCE)
    at = SOURCE.index("9.9%")
    doc.edit(at, at + 4, "9%", rule="bad", reason="test")
    kept = scored(doc)["clean"]["numbers_preserved"]
    assert kept["numbers_preserved"] == 0.5 and [f["text"] for f in kept["lost"]] == ["9.9%"]


def summarised_doc() -> Document:
    doc = Document(source=SOURCE)
    text = doc.cleaned
    first_para = text.index("\n\n")
    doc.sentences = [Span(a, b) for a, b in split_sentences(text)]
    assert len(doc.sentences) == 3
    doc.sections = [Section("Output", "review", 0, first_para), Section("Investment", "review", first_para + 2, len(text)),
                    Section("Detail", "other", first_para + 2, len(text), level=2, parent=1)]
    summary = "Industrial added value rose 3.5% from January to July."
    checks = [{"attempt": 0, **c.to_dict()} for c in SourceFacts(text).check_sentence(summary)]
    doc.summary = Summary(text=summary, sentences=[SummarySentence(summary, checks=checks)], model="tiny-t5")
    doc.meta["models"] = {"summarize": {"name": "tiny-t5", "sha256": "0123456789abcdef" * 4}}
    return doc


def test_segment_checks_count_sections_and_their_sentences():
    sections = scored(summarised_doc())["segment"]["sections"]
    assert sections["total"] == 3 and sections["by_level"] == {"1": 2, "2": 1}
    assert sections["by_kind"] == {"other": 1, "review": 2}
    assert sections["mean_sentences_by_level"] == {"1": 1.5, "2": 2.0}


def test_summary_checks_use_the_metric_functions_and_sign_the_model():
    doc = summarised_doc()
    summ = scored(doc)["summarize"]
    assert summ["supported_facts"]["supported_rate"] == 1.0
    assert summ["length"]["words"] == 9
    assert summ["compression"]["ratio"] == pytest.approx(compression(doc.cleaned, doc.summary.text))
    assert summ["novel_ngrams"]["novel_2gram"] == pytest.approx(novel_ngram_ratio(doc.cleaned, doc.summary.text, 2))
    fields = parse_signature(summ["supported_facts"]["signature"])
    assert (fields["model"], fields["sha256"]) == ("tiny-t5", "0123456789ab")
    assert fields["against"] == "cleaned" and "nltk-" in fields["version"]
    assert fields["checks"] == "recorded-by-summarize"


def test_summary_facts_are_the_checks_summarize_recorded_not_a_second_check():
    doc = summarised_doc()
    recorded = doc.summary.sentences[0].checks
    assert {c["kind"] for c in recorded} >= {"percent", "period"} and all(c["supported"] for c in recorded)
    # An earlier failed attempt does not count; the verdict of the last attempt does, even where
    # a fresh check would decide otherwise (the score reports what the briefing was built on).
    doc.summary.sentences[0].checks = [{**recorded[0], "attempt": 0, "supported": False},
                                       {**recorded[0], "attempt": 1, "supported": False, "reason": "recorded"},
                                       *({**c, "attempt": 1} for c in recorded[1:])]
    facts = scored(doc)["summarize"]["supported_facts"]
    assert facts["facts"] == len(recorded) and facts["supported"] == len(recorded) - 1
    assert [c["reason"] for c in facts["unsupported"]] == ["recorded"]
    only_periods = scored(doc, fact_kinds=["period"])["summarize"]["supported_facts"]
    assert set(only_periods["by_kind"]) == {"period"}


def test_a_summary_without_recorded_checks_says_so():
    doc = summarised_doc()
    doc.summary.sentences = []
    facts = scored(doc)["summarize"]["supported_facts"]
    assert facts["facts"] == 0 and facts["supported_rate"] is None and "no recorded checks" in facts["note"]


def test_models_the_stages_recorded_are_in_the_signatures():
    doc = cleaned_doc()
    doc.record_model("clean", "coedit-large")
    doc.record_model("segment", "all-MiniLM-L6-v2", "encoder")
    doc.sentences = [Span(a, b) for a, b in split_sentences(doc.cleaned)]
    scores = scored(doc)
    assert parse_signature(scores["clean"]["edits"]["signature"])["model"] == "coedit-large"
    assert parse_signature(scores["segment"]["sections"]["signature"])["encoder"] == "all-MiniLM-L6-v2"


def test_a_model_with_a_card_is_signed_with_the_cards_file_hash():
    from pipeline.backends.cards import list_cards

    card = next(c for c in list_cards() if c.source.sha256)
    doc = summarised_doc()
    doc.meta.pop("models")
    doc.summary.model = card.name
    fields = parse_signature(scored(doc)["summarize"]["length"]["signature"])
    assert (fields["model"], fields["sha256"]) == (card.name, card.source.sha256[:12])
    doc.summary.model = "no-such-card"
    assert "sha256" not in parse_signature(scored(doc)["summarize"]["length"]["signature"])


def test_only_groups_with_something_to_check_run_and_groups_can_be_switched_off():
    assert set(scored(cleaned_doc())) == {"clean"}
    assert set(scored(summarised_doc())) == {"clean", "segment", "summarize"}
    off = scored(summarised_doc(), checks={"clean": False, "segment": True, "summarize": False})
    assert set(off) == {"segment"}
    one = scored(summarised_doc(), novel_ngram_orders=[1])["summarize"]["novel_ngrams"]
    assert set(one) == {"novel_1gram", "signature"}


@pytest.mark.parametrize("change", [{"novel_ngram_orders": [0]}, {"novel_ngram_orders": []},
                                    {"fact_kinds": ["rumour"]}, {"fact_kinds": []}])
def test_bad_options_are_config_errors(change):
    with pytest.raises(ConfigError):
        make_score(options(**change), None)


def test_runs_last_in_a_pipeline_from_the_default_config(sample_text):
    from pipeline.pipeline import Pipeline

    pipe = Pipeline.from_config(overrides={"pipeline": ["score"], "runtime": {"threads": 1}})
    doc = pipe(sample_text)
    assert doc.scores["clean"]["edits"]["total"] == 0
    assert doc.scores["clean"]["numbers_preserved"]["numbers_preserved"] == 1.0
    with pytest.raises(ConfigError):
        Pipeline.from_config(overrides={"pipeline": ["score"], "components": {"score": {"novel_n": 2}}})
