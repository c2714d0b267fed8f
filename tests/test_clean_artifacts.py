"""MT artifact rules fire on the general pattern in new sentences and stay silent on correct English."""

import json

import pytest
from conftest import ROOT

from pipeline.stages.clean import clean_text

FIXES = [
    # repeated coordinate
    ("The plan should be practical, measurable, and measurable.", "The plan should be practical and measurable.",
     "artifact.repeated-coordinate"),
    ("All projects must be approved, funded, and approved.", "All projects must be approved and funded.",
     "artifact.repeated-coordinate"),
    ("The city will build more parks, schools, hospitals, and schools.",
     "The city will build more parks, schools and hospitals.", "artifact.repeated-coordinate"),
    ("Exports of textiles, textiles, garments and footwear increased.",
     "Exports of textiles, garments and footwear increased.", "artifact.repeated-coordinate"),
    ("We will firmly, steadily and firmly advance the reform.", "We will firmly and steadily advance the reform.",
     "artifact.repeated-coordinate"),
    # a word split by a stray period
    ("We will improve the security of the supply. chain.", "We will improve the security of the supply chain.",
     "artifact.stray-period"),
    ("The plan aims to cut transport. costs, etc.", "The plan aims to cut transport costs, etc.", "artifact.stray-period"),
    # a capital in mid-sentence
    ("The government will strengthen Supervision of food safety.", "The government will strengthen supervision of "
     "food safety.", "artifact.midsentence-capital"),
    ("Efforts will be made to promote the development Of the digital economy.",
     "Efforts will be made to promote the development of the digital economy.", "artifact.midsentence-capital"),
    ("Support the growth of small firms. We will increase Support for exporters.",
     "Support the growth of small firms. We will increase support for exporters.", "artifact.midsentence-capital"),
    # a run-on sentence
    ("In the first half, the province's foreign trade volume It reached 2.1 trillion yuan.",
     "In the first half, the province's foreign trade volume reached 2.1 trillion yuan.", "artifact.run-on"),
]


@pytest.mark.parametrize("source, expected, rule", FIXES)
def test_rule_fixes_a_new_sentence(source, expected, rule):
    doc = clean_text(source)
    assert doc.cleaned == expected
    assert {e.rule for e in doc.edits} == {rule}
    assert all(e.reason and 0 < e.confidence <= 1 and e.stage == "clean" for e in doc.edits)


SURE_OF_ECHOES = {"confidence": {"artifact.repeated-noun": {"noun": 0.85}}}
SURE_OF_BREAKS = {"confidence": {"artifact.run-on": {"period": 0.7}}}
# Fixes that read well but are not what references of real MT do: flagged, with the fix as a suggestion.
FLAGGED_BY_DEFAULT = [
    ("The company has expanded its investment and investment.", "The company has expanded its investment.",
     "artifact.repeated-noun", SURE_OF_ECHOES),
    ("We will build infrastructure and infrastructure such as roads.", "We will build infrastructure such as roads.",
     "artifact.repeated-noun", SURE_OF_ECHOES),
    ("Sales of new energy vehicles reached 2.6 million units The share of exports rose to 12%.",
     "Sales of new energy vehicles reached 2.6 million units. The share of exports rose to 12%.", "artifact.run-on",
     SURE_OF_BREAKS),
]


@pytest.mark.parametrize("source, expected, rule, trust", FLAGGED_BY_DEFAULT)
def test_lossy_or_uncertain_fix_is_flagged_by_default_and_applied_when_the_config_trusts_it(source, expected, rule,
                                                                                             trust):
    doc = clean_text(source)
    assert doc.edits == []
    (flag,) = doc.flags
    assert flag.rule == rule and flag.confidence < 0.5
    assert source[: flag.start] + flag.suggestions[0] + source[flag.end :] == expected
    trusted = clean_text(source, trust)
    assert trusted.cleaned == expected and {e.rule for e in trusted.edits} == {rule}


def flagged_cases(doc):
    return [(f.rule, f.reason) for f in doc.flags]


@pytest.mark.parametrize("text, rule, why", [
    # a modifier said twice is emphasis or two merged near-synonyms, not a list item named twice
    ("The waiters were very polite and polite.", "artifact.repeated-noun", "modifier"),
    ("Prices rose gradually and gradually, then fell.", "artifact.repeated-noun", "modifier"),
    ("The soup tasted completely bland, bland, and cold.", "artifact.repeated-coordinate", "modifier"),
    ("The queue moved really slow, slow and slow.", "artifact.repeated-coordinate", "modifier"),
    # one pair in a list of pairs: the echo hides a second term
    ("The plan weighs cost and benefit, risk and risk, speed and quality.", "artifact.repeated-noun", "pairs"),
])
def test_lossy_repeats_are_flagged_not_applied(text, rule, why):
    doc = clean_text(text, SURE_OF_ECHOES)
    assert doc.edits == []
    assert any(r == rule and why in reason for r, reason in flagged_cases(doc))


@pytest.mark.parametrize("text", [
    "Doctors warned against the careless and careless use of antibiotics.",  # a modifier before its noun
    "All the pledges and pledges vanished within a year.",  # "pledges vanished": a subject and its verb
])
def test_echo_followed_by_a_content_word_is_left_alone(text):
    doc = clean_text(text, SURE_OF_ECHOES)
    assert doc.edits == [] and doc.flags == []


@pytest.mark.parametrize("text", [
    "Settings are read from the file options. yaml at start-up.",  # a file noun introduces the name
    "We wrote the manual in Asciidoc and saved it as guide. asciidoc, as usual.",  # the extension is a name here
    "Visit www. stats. gov. cn for the monthly figures.",  # a spaced-out address
])
def test_period_inside_a_file_name_or_address_is_not_a_stray_period(text):
    doc = clean_text(text)
    assert doc.edits == []
    assert "artifact.stray-period" not in {f.rule for f in doc.flags}


@pytest.mark.parametrize("text, word", [
    ("The committee approved the plan by itself. decide.", "decide"),  # no compound starts with a pronoun
    ("Demand for credit stayed quite high. of.", "of"),  # nor ends with a grammar word
])
def test_lone_word_after_a_complete_clause_is_flagged_not_joined(text, word):
    doc = clean_text(text)
    assert doc.edits == []
    assert [r for r, reason in flagged_cases(doc) if word in reason] == ["artifact.stray-period"]


def test_period_between_list_items_is_flagged_not_joined():
    doc = clean_text("Freight moves by rail. road, river, air and pipeline.")
    assert doc.edits == []
    assert [r for r, _ in flagged_cases(doc)] == ["artifact.stray-period"]


@pytest.mark.parametrize("text", [
    "Reviewers agree that the new Radiance performs well in winter.",  # a brand as the subject of a verb
    "Staff moved the old Confluence pages to a new wiki.",  # a product name modifying a noun
    "The studio converted old Asciidoc to HTML and saved it as guide. asciidoc, as usual.",  # lower case only after "."
    "Lock the door twice Be careful with the spare key.",  # an auxiliary may start an unmarked imperative
])
def test_capitalised_name_in_subject_or_modifier_position_keeps_its_capital(text):
    assert "artifact.midsentence-capital" not in {e.rule for e in clean_text(text).edits}


def test_capital_after_a_word_that_cannot_end_a_sentence_is_no_run_on():
    doc = clean_text("The report weighs the impact of the The new rules on small firms.", APPLY_ALL)
    assert doc.edits == [] and doc.flags == []


def test_heading_run_into_its_text_is_flagged_with_a_line_break_as_the_repair():
    text = "Storage advice This kettle must be kept dry and away from children."
    doc = clean_text(text)
    assert doc.edits == []
    (flag,) = doc.flags
    assert flag.rule == "artifact.run-on" and flag.suggestions == ["\n\n"]
    trusted = clean_text(text, {"confidence": {"artifact.run-on": {"heading": 0.9}}})
    assert trusted.cleaned == "Storage advice\n\nThis kettle must be kept dry and away from children."


LOOKALIKES = [
    "The delegation visited New York and New Jersey last week.",
    "Prices rose again and again.",
    "The economy grew bigger and bigger.",
    "More and more people shop online, and the talks went on and on.",
    "Production and production capacity both rose.",
    "The gap between urban areas and areas with fewer services narrowed.",
    "Officials from the Ministry of Commerce met analysts in Beijing on Monday.",
    "Analysts expect Apple to raise prices this year.",
    "The film The Wandering Earth earned 4.6 billion yuan.",
    "The plant produces steel, copper, etc. and exports half of it to the U.S. and Europe.",
    "It was a long, long journey through red, white, and blue towns.",
    "Trade between China and China's neighbours grew by 5% in 2021.",
    'Yahoo listed the "Joined Together Day by day News" site.',
    "Compilers for C and C++ are combined.",
]


APPLY_ALL = {"min_confidence": 0.0}  # every fix a rule proposes is applied, however unsure


@pytest.mark.parametrize("text", LOOKALIKES)
def test_correct_english_is_untouched_even_when_every_proposed_fix_is_applied(text):
    assert clean_text(text, APPLY_ALL).edits == []


def gold_lookalikes():
    items = [json.loads(line) for line in (ROOT / "data" / "gold" / "clean.jsonl").read_text().splitlines()]
    return [it["source"] for it in items if not it["needs_change"]]


@pytest.mark.parametrize("text", gold_lookalikes())
def test_gold_items_needing_no_change_are_untouched(text):
    assert clean_text(text, APPLY_ALL).cleaned == text


def test_lower_case_sentence_start_is_flagged_not_fixed():
    doc = clean_text("The construction of the ecosystem was accelerated. reached 55.7% and 75.1%.")
    assert doc.edits == []
    (flag,) = doc.flags
    assert flag.rule == "artifact.stray-period" and "reached" in flag.reason
    assert flag.before == doc.source[flag.start : flag.end] and flag.before.startswith(". ")


def test_a_fix_that_would_drop_a_number_is_not_applied():
    doc = clean_text("Output rose by 5% and 5% in the two provinces.")
    assert "5%" in doc.cleaned and doc.cleaned.count("5") == 2


@pytest.mark.parametrize("source, expected, rule", [
    # one noun phrase between a determiner and its complement: an echo, not two terms
    ("Consumers care about the quality and quality of products.", "Consumers care about the quality of products.",
     "artifact.repeated-noun"),
    ("The plan secures the production and production of grain in the north.",
     "The plan secures the production of grain in the north.", "artifact.repeated-noun"),
    # 力 translated twice: "ability. force" -> "ability"
    ("The county will strengthen the enforcement ability. force of local agencies.",
     "The county will strengthen the enforcement ability of local agencies.", "artifact.stray-period"),
    # a clause run on after a figure
    ("Grain output reached 100 million tons the growth rate was 3%.",
     "Grain output reached 100 million tons. The growth rate was 3%.", "artifact.run-on"),
])
def test_new_bulletin_error_kinds_are_fixed_by_default(source, expected, rule):
    doc = clean_text(source)
    assert doc.cleaned == expected and {e.rule for e in doc.edits} == {rule}


def test_run_on_after_a_figure_offers_the_semicolon_too():
    (edit,) = clean_text("Grain output reached 100 million tons the growth rate was 3%.").edits
    assert edit.before == " the" and edit.after == ". The" and edit.suggestions == ["; the"]


@pytest.mark.parametrize("text", [
    "By 2018 this figure had risen sharply.",  # an opening phrase, no clause before the figure
    "The firm announced on March 3 the plant had closed.",  # reported speech that drops "that"
    "Exports rose on May 5 the year before.",  # no verb after the opener
    "We saw the production and marketing of grain recover.",  # two terms
])
def test_lookalikes_of_the_new_kinds_are_left_alone(text):
    assert clean_text(text).edits == []


def test_unmarked_sentence_break_is_flagged_with_a_period_and_a_semicolon():
    doc = clean_text("Revenue rose by 9% in total profit The year-on-year growth rates were 3.7% and 9.7%.")
    (flag,) = doc.flags
    assert flag.rule == "artifact.run-on" and flag.suggestions == [". The", "; the"]
