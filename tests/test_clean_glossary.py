"""Terminology glossary: shipped entries, context gating, case, and users' own files."""

import pytest
import yaml

from pipeline.errors import ConfigError
from pipeline.stages.clean import clean_text
from pipeline.stages.clean.glossary import BUILTIN_GLOSSARY, load_glossary


def test_shipped_glossary_has_forty_complete_entries():
    glossary = load_glossary(True, ())
    assert len(glossary) >= 40
    assert all(e.zh and e.wrong and e.right and e.note for e in glossary.entries)
    zh = {e.zh for e in glossary.entries}
    assert {"六稳", "六保", "民爆", "复工复产", "产业基础再造", "专精特新"} <= zh


@pytest.mark.parametrize("source, expected", [
    ("A number of short-circuit varieties have achieved breakthroughs.",
     "A number of products in short supply have achieved breakthroughs."),
    ("Inspections of civil explosions firms were stepped up.", "Inspections of civilian explosives firms were stepped up."),
    ("The city promoted the resumption of work and resumption of production.",
     "The city promoted the resumption of work and production."),
    ("Do a good job of the six stability and six protections.", "Do a good job of the six stabilities and six guarantees."),
    ("Retail sales rose by 2.1% ring ratio in May.", "Retail sales rose by 2.1% month-on-month in May."),
])
def test_known_mistranslations_are_replaced(source, expected):
    doc = clean_text(source)
    assert doc.cleaned == expected
    assert {e.rule for e in doc.edits} == {"glossary.term"}
    assert all("mistranslates" in e.reason for e in doc.edits)


def test_context_words_gate_an_entry():
    assert clean_text("The country will fill the short boards in the industrial chain.").cleaned == (
        "The country will fill the weak links in the industrial chain.")
    assert clean_text("A short circuit caused the fire at the plant.").edits == []


def test_ordinal_placeholder_and_not_before_guard():
    assert clean_text("Achievements since the 19th Party, in all areas.").cleaned == (
        "Achievements since the 19th CPC National Congress, in all areas.")
    assert clean_text("The 18th Party Congress was held in 2012.").edits == []


def test_case_carries_over_from_context_not_from_the_rendering():
    assert clean_text("Civil explosions are regulated.").cleaned == "Civilian explosives are regulated."
    assert clean_text('The "Specialized, Specialized, and New" enterprises.').cleaned == (
        'The "Specialized, Refined, Distinctive and Innovative" enterprises.')
    assert clean_text("Banks should expand Puhui finance.").cleaned == "Banks should expand inclusive finance."


def write_glossary(path, entries):
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_user_glossary_adds_terms_and_wins_over_the_shipped_one(tmp_path):
    user = write_glossary(tmp_path / "mine.yaml", [
        {"zh": "新质生产力", "wrong": ["new quality productivity"], "right": "new quality productive forces",
         "note": "the official rendering"},
        {"zh": "民爆", "wrong": ["civil explosions"], "right": "civil explosives", "note": "house style"},
    ])
    doc = clean_text("Develop new quality productivity and regulate civil explosions.", {"glossary": {"paths": [user]}})
    assert doc.cleaned == "Develop new quality productive forces and regulate civil explosives."


def test_an_entry_may_set_its_own_confidence_over_the_configs(tmp_path):
    user = write_glossary(tmp_path / "mine.yaml", [
        {"zh": "民爆", "wrong": ["civil explosions"], "right": "civil explosives", "note": "n", "confidence": 0.4},
    ])
    text = "Inspect civil explosions and short-circuit varieties."
    doc = clean_text(text, {"glossary": {"paths": [user]}})
    assert [(e.before, e.confidence) for e in doc.edits] == [("short-circuit varieties", 0.9)]
    (flag,) = doc.flags
    assert flag.confidence == 0.4
    assert text[: flag.start] + flag.suggestions[0] + text[flag.end :] == (
        "Inspect civil explosives and short-circuit varieties.")


def test_builtin_glossary_can_be_switched_off():
    assert clean_text("Inspect civil explosions.", {"glossary": {"builtin": False}}).edits == []


@pytest.mark.parametrize("entries, message", [
    ([{"zh": "x", "wrong": ["a b"], "right": "c"}], "missing key 'note'"),
    ([{"zh": "x", "wrong": ["{n}th party"], "right": "c", "note": "n"}], "unknown placeholder"),
    ([{"zh": "x", "wrong": "a b", "right": "c", "note": "n"}], "'wrong' must be a list"),
    ({"zh": "x"}, "a YAML list"),
    ([{"zh": "x", "wrong": ["a b"], "right": "c", "note": "n", "confidence": 2}], "between 0 and 1"),
])
def test_bad_user_glossary_is_a_config_error(tmp_path, entries, message):
    path = write_glossary(tmp_path / "bad.yaml", entries)
    with pytest.raises(ConfigError, match=message):
        clean_text("Any text.", {"glossary": {"paths": [path]}})


def test_missing_user_glossary_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="glossary file not found"):
        clean_text("Any text.", {"glossary": {"paths": [str(tmp_path / "absent.yaml")]}})


def test_shipped_glossary_is_valid_yaml_next_to_the_code():
    assert BUILTIN_GLOSSARY.is_file() and isinstance(yaml.safe_load(BUILTIN_GLOSSARY.read_text(encoding="utf-8")), list)
