"""Renderers on a hand-built document: tracked changes, outline, support links, diff."""

import json
import re

import pytest

from pipeline.document import Document, Section, Span, Summary, SummarySentence
from pipeline.render import render


@pytest.fixture()
def doc():
    d = Document("The Meeting met. It was operable, assessable, and assessable.\n\nProfit rose 3.5%.")
    d.edit(4, 11, "meeting", rule="artifact.mid-capital", reason="capital in mid-sentence", confidence=0.8)
    start = d.cleaned.index(", and assessable")
    d.edit(start, start + len(", and assessable"), "", rule="artifact.repeated-coordinate", reason="repeat")
    text = d.cleaned
    s2 = text.index("It was")
    s3 = text.index("Profit")
    d.sentences = [Span(0, s2 - 1), Span(s2, text.index("\n")), Span(s3, len(text))]
    d.sections = [Section("Lede", "lede", 0, s3), Section("Profit", "review", s3, len(text))]
    d.summary = Summary("Profit rose 3.5%.", [SummarySentence("Profit rose 3.5%.", support=[2])], "abstractive", "m")
    return d


def test_html_shows_each_edit_as_tracked_change_with_rule_and_reason(doc):
    page = render(doc, "html", "run")
    assert page.count('class="edit"') == len(doc.edits) == 2
    assert "<del>Meeting</del><ins>meeting</ins>" in page
    assert "<del>, and assessable</del>" in page
    assert 'data-tip="artifact.mid-capital (confidence 0.80): capital in mid-sentence"' in page


def test_html_text_without_markup_is_the_cleaned_text_plus_deletions(doc):
    page = render(doc, "html", "run")
    body = page.split('<div class="text">')[1].split("</div>")[0]
    body = re.sub(r"<del>.*?</del>", "", body)
    body = re.sub(r'<span class="sec"[^>]*>.*?</span>\n', "", body)
    plain = re.sub(r"<[^>]+>", "", body).replace("&#x27;", "'").replace("&amp;", "&")
    assert plain == doc.cleaned


def test_html_summary_links_to_supporting_sentence(doc):
    page = render(doc, "html", "run")
    assert 'onclick="return hl([2])"' in page and 'class="sent s2"' in page
    assert '<a href="#sec1">Profit</a>' in page


def test_json_run_view_keys_and_cleaned_offsets(doc):
    data = json.loads(render(doc, "json", "run"))
    for e in data["edits"]:
        assert data["cleaned"][e["cleaned_start"] : e["cleaned_end"]] == e["after"]
    assert data["sections"][1]["source_span"][0] == doc.source.index("Profit")


def test_diff_lists_every_edit_with_rule(doc):
    out = render(doc, "diff", "clean")
    assert "[-Meeting-]{+meeting+}" in out and "2 edits:" in out
    assert "artifact.repeated-coordinate" in out


def test_markdown_outline_and_briefing(doc):
    out = render(doc, "markdown", "run")
    assert "- **Lede** _lede_ (sentences 1–2)" in out
    assert "- Profit rose 3.5%. [source sentences 3]" in out


def test_a_fallback_note_is_stated_plainly(doc):
    doc.summary.method = "extractive"
    doc.summary.stats["note"] = "extractive summary (centroid): no generator is installed"
    assert "> Note: extractive summary (centroid)" in render(doc, "markdown", "summarize")
    assert "no generator is installed</p>" in render(doc, "html", "summarize")
