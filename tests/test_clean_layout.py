"""Layout repair: paragraphs broken, indented, doubled or quoted the way MT copy-paste leaves them."""

import pytest

from pipeline.stages.clean import clean_text


def rules_of(doc):
    return {e.rule for e in doc.edits}


def test_sentence_broken_after_a_conjunction_is_joined():
    doc = clean_text("The province cut fees for small firms, and\n\nextended tax relief to 2023.")
    assert doc.cleaned == "The province cut fees for small firms, and extended tax relief to 2023."
    assert rules_of(doc) == {"layout.join-broken-sentence"}


def test_lower_case_continuation_without_dangling_word_is_joined_with_lower_confidence():
    doc = clean_text("Exports of steel products rose in the first quarter\n\ndespite weaker demand.")
    assert doc.cleaned == "Exports of steel products rose in the first quarter despite weaker demand."
    assert doc.edits[0].confidence < 0.95


@pytest.mark.parametrize("text", [
    "Exports rose in the first quarter.\n\ndespite weaker demand, imports fell.",  # complete sentence before
    "Exports rose in the first quarter\n\nImports fell.",  # new sentence (missing period is another rule)
    "The rules include:\n\nfirst, a cap on fees.",  # a colon introduces the paragraph
])
def test_complete_or_introduced_paragraphs_are_not_joined(text):
    assert "layout.join-broken-sentence" not in rules_of(clean_text(text))


def test_paragraph_starting_with_comma_continues_the_one_before():
    doc = clean_text("The city will build new charging piles\n\n, expand 5G coverage and renovate old housing.")
    assert doc.cleaned == "The city will build new charging piles, expand 5G coverage and renovate old housing."
    assert rules_of(doc) == {"layout.leading-comma"}


def test_stray_comma_after_a_complete_paragraph_is_dropped_and_the_word_capitalised():
    doc = clean_text("The city will build new charging piles.\n\n, expand 5G coverage in rural areas.")
    assert doc.cleaned == "The city will build new charging piles.\n\nExpand 5G coverage in rural areas."


def test_missing_final_period_before_a_new_paragraph_is_added():
    lede = "Industrial output rose by 3.8% in July.\n\nProfits recovered. "
    doc = clean_text(lede + "Investment in high-tech industries kept growing at a fast pace\n\nIt rose by 20.2%.")
    assert doc.cleaned == lede + "Investment in high-tech industries kept growing at a fast pace.\n\nIt rose by 20.2%."
    assert rules_of(doc) == {"layout.missing-period"}


@pytest.mark.parametrize("text", [
    # a one-sentence line: a subheading, a caption or a sentence that lost its period
    "Industrial output rose by 3.8% in July.\n\nInvestment in high-tech industries kept growing at a fast pace\n\n"
    "It rose by 20.2%.",
    # the opening paragraph, where a headline, deck or standfirst stands
    "Output rose. Investment in high-tech industries kept growing at a fast pace\n\nIt rose by 20.2%.",
])
def test_period_a_line_may_do_without_is_offered_not_added(text):
    doc = clean_text(text)
    assert doc.edits == []
    (flag,) = doc.flags
    assert flag.rule == "layout.missing-period" and flag.suggestions == ["."]


@pytest.mark.parametrize("heading", ["Main Tasks for the Second Half", "Industrial economy recovers"])
def test_headings_get_no_period(heading):
    assert clean_text(f"{heading}\n\nThe ministry set out its plans for the year.").edits == []


def test_runs_of_blank_lines_leading_and_trailing_spaces():
    doc = clean_text("  Grain output rose.   \n\n\n\n   The harvest was stable.")
    assert doc.cleaned == "Grain output rose.\n\nThe harvest was stable."
    assert rules_of(doc) == {"layout.strip-leading-space", "layout.strip-trailing-space", "layout.collapse-blank-lines"}


def test_mixed_quotes_take_the_majority_style():
    doc = clean_text('The "dual circulation" plan and the "new infrastructure" push meet the “two sessions” goals.')
    assert doc.cleaned == 'The "dual circulation" plan and the "new infrastructure" push meet the "two sessions" goals.'
    assert [e.before for e in doc.edits] == ["“", "”"]


def test_quote_style_option_converts_straight_quotes_to_curly_pairs():
    doc = clean_text('He said "yes" and “no”.', {"layout": {"quote_style": "curly"}})
    assert doc.cleaned == "He said “yes” and “no”."


def test_consistent_quotes_are_left_alone():
    assert clean_text('The "three products" tour and the "little giant" list.').edits == []


CAPTION = "Photo shows workers assembling new energy vehicles at a factory in Hefei, Anhui Province, on March 3."


def test_caption_repeated_nearly_word_for_word_is_removed_and_recorded():
    text = (f"{CAPTION}\n\nOutput of new energy vehicles in Anhui grew rapidly in the first two months.\n\n"
            "Workers assemble new energy vehicles at a factory in Hefei, Anhui Province, on March 3.")
    doc = clean_text(text)
    assert doc.edits == []  # sources repeat paragraphs (WMT23 news): by default the copy is flagged
    (flag,) = doc.flags
    assert flag.rule == "layout.duplicate-sentence" and flag.suggestions == [""] and "Workers assemble" in flag.before
    trusted = clean_text(text, {"confidence": {"layout.duplicate-sentence": {"sentence": 0.9, "paragraph": 0.9}}})
    assert trusted.cleaned == text[: text.rindex("\n\nWorkers")]
    (edit,) = trusted.edits
    assert edit.rule == "layout.duplicate-sentence" and edit.after == "" and "Workers assemble" in edit.before


def test_similar_sentence_with_a_new_figure_is_kept():
    text = (f"{CAPTION}\n\nWorkers assemble new energy vehicles at a factory in Hefei, Anhui Province, on March 4.")
    assert "layout.duplicate-sentence" not in rules_of(clean_text(text))


def test_sentence_sharing_a_theme_but_not_the_wording_is_kept():
    text = ("The meeting stressed that it is necessary to make every effort to implement the key tasks in the next "
            "stage and to keep the economy stable.\n\nThe meeting stressed that we must do our best to implement "
            "the key tasks in the next stage.")
    assert clean_text(text).edits == []
