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
    # a noun echoed across "and"
    ("The company has expanded its investment and investment.", "The company has expanded its investment.",
     "artifact.repeated-noun"),
    ("We will build infrastructure and infrastructure such as roads.", "We will build infrastructure such as roads.",
     "artifact.repeated-noun"),
    ("Consumers care about the quality and quality of products.", "Consumers care about the quality of products.",
     "artifact.repeated-noun"),
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
    ("Sales of new energy vehicles reached 2.6 million units The share of exports rose to 12%.",
     "Sales of new energy vehicles reached 2.6 million units. The share of exports rose to 12%.", "artifact.run-on"),
    ("In the first half, the province's foreign trade volume It reached 2.1 trillion yuan.",
     "In the first half, the province's foreign trade volume reached 2.1 trillion yuan.", "artifact.run-on"),
]


@pytest.mark.parametrize("source, expected, rule", FIXES)
def test_rule_fixes_a_new_sentence(source, expected, rule):
    doc = clean_text(source)
    assert doc.cleaned == expected
    assert {e.rule for e in doc.edits} == {rule}
    assert all(e.reason and 0 < e.confidence <= 1 and e.stage == "clean" for e in doc.edits)


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


@pytest.mark.parametrize("text", LOOKALIKES)
def test_correct_english_is_untouched(text):
    assert clean_text(text).edits == []


def gold_lookalikes():
    items = [json.loads(line) for line in (ROOT / "data" / "gold" / "clean.jsonl").read_text().splitlines()]
    return [it["source"] for it in items if not it["needs_change"]]


@pytest.mark.parametrize("text", gold_lookalikes())
def test_gold_items_needing_no_change_are_untouched(text):
    assert clean_text(text).cleaned == text


def test_lower_case_sentence_start_is_flagged_not_fixed():
    doc = clean_text("The construction of the ecosystem was accelerated. reached 55.7% and 75.1%.")
    assert doc.edits == []
    (flag,) = doc.meta["clean"]["flags"]
    assert flag["rule"] == "artifact.stray-period" and "reached" in flag["reason"]
    assert doc.source[flag["start"] : flag["end"]] == ". "


def test_a_fix_that_would_drop_a_number_is_not_applied():
    doc = clean_text("Output rose by 5% and 5% in the two provinces.")
    assert "5%" in doc.cleaned and doc.cleaned.count("5") == 2
