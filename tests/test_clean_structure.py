"""Wire-copy structure: paragraph kinds, and the clean stage leaving non-body lines' punctuation and case alone."""

import pytest

from pipeline.document import Document, Paragraph, Span
from pipeline.stages.clean import clean_text
from pipeline.structure import classify, line_spans, paragraph_kind, wire_lines


@pytest.mark.parametrize("line, kind", [
    ("Province opens new rail line -- Xinhua Net", "headline"),
    ("Exports rose in October - chinanews.com", "headline"),
    ("Festival draws record crowds-Ecns.cn", "headline"),
    ("Local team wins the title (Xinhua)", "headline"),
    ("BEIJING, Aug. 19 (Xinhua) --", "dateline"),
    ("China News Service, August 19th.", "dateline"),
    ("(Editor: Li Ming)", "credit"),
    ("Source: Xinhua", "credit"),
    ("- Chinanews.com", "credit"),
    ("By Zhang Wei", "byline"),
    ("Photo taken on Aug. 18, 2022 shows a view of the new port.", "caption"),
    ("1. Strengthen the security of the supply chain", "list-item"),
])
def test_each_wire_element_is_recognised_at_the_top_of_an_item(line, kind):
    assert paragraph_kind(line, 0, in_lead=True) == kind


@pytest.mark.parametrize("line, kind", [
    ("The ministry said output rose by 3.6% in the first seven months.", "body"),
    ("Main tasks for the second half", "heading"),
    ("Exports rose in October - chinanews.com", "credit"),  # after the body: a source line
    ("The province cut fees for small firms, and", "body"),  # a sentence cut mid-way is no heading
])
def test_later_lines(line, kind):
    assert paragraph_kind(line, 3, in_lead=False) == kind


def test_a_line_the_next_one_continues_is_body():
    text = "The province cut fees for small firms\n\nand extended tax relief to 2023."
    assert [p.kind for p in wire_lines(text)] == ["body", "body"]


def test_classify_keeps_the_spans_and_adds_kinds():
    text = "Grain harvest hits record\n\nThe harvest reached 38 million tons.\n\nSource: Xinhua"
    spans = line_spans(text)
    paragraphs = classify(text, spans)
    assert [(p.start, p.end) for p in paragraphs] == [(s.start, s.end) for s in spans]
    assert [p.kind for p in paragraphs] == ["headline", "body", "credit"]
    assert all(isinstance(p, Span) for p in paragraphs)


def test_paragraph_kinds_round_trip_and_old_json_loads_as_body():
    doc = Document(source="Headline\n\nBody text.", paragraphs=[Paragraph(0, 8, "headline"), Paragraph(10, 20)])
    data = doc.to_dict()
    assert data["paragraphs"] == [{"start": 0, "end": 8, "kind": "headline"}, {"start": 10, "end": 20, "kind": "body"}]
    assert Document.from_dict(data).paragraphs == doc.paragraphs
    old = {**data, "paragraphs": [{"start": 0, "end": 8}]}
    assert Document.from_dict(old).paragraphs == [Paragraph(0, 8, "body")]


WIRE = ("Province opens new rail line -- Xinhua Net\n\n"
        "The line links the two largest cities of the province and carries 40 trains a day\n\n"
        "Exports rose in October - chinanews.com\n\n"
        "Festival draws record crowds-Ecns.cn\n\n"
        "Customs data released on Tuesday showed that exports rose by 5.1% in October\n\n"
        "(Editor: Li Ming)")


def test_headlines_and_credit_lines_get_no_period():
    doc = clean_text(WIRE)
    assert doc.cleaned == WIRE and doc.edits == []


def test_the_same_lines_without_structure_get_periods():
    doc = clean_text(WIRE, {"structure": {"enabled": False}, "confidence": {
        "layout.missing-period": {"after-sentence": 0.9, "single": 0.9, "opening": 0.9}}})
    assert "Xinhua Net." in doc.cleaned


def test_a_headline_keeps_its_case_and_quotes():
    text = ("“Ministry Says Support For Small Firms Grows”\n\n"
            "The ministry will increase support for small firms, it said in a statement.")
    assert clean_text(text).edits == []


def test_every_flag_carries_a_suggestion_that_replaces_its_source_span():
    text = ("Revenue rose by 9% in total profit The year-on-year growth rates were 3.7% and 9.7%.\n\n"
            "The county will strengthen rail. road, water and air links.")
    doc = clean_text(text)
    assert doc.flags and all(f.suggestions for f in doc.flags)
    for f in doc.flags:
        assert f.before == text[f.start : f.end]
        for s in f.suggestions:
            assert text[: f.start] + s + text[f.end :] != text
