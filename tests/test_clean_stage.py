"""The whole clean stage on the sample bulletin, its config, and the gold data it is scored on."""

import json
import re

import pytest
from conftest import ROOT

from pipeline import registry
from pipeline.config import load_config
from pipeline.errors import ConfigError
from pipeline.facts.extract import NUMERIC_KINDS, lost_facts
from pipeline.pipeline import Pipeline
from pipeline.stages.clean import DEFAULTS, RULES, clean_text, rule_ids

# What the sample gets wrong, and what an editor writes instead (some fixes touch one string twice).
KNOWN_FIXES = {
    "international competition. force": "international competitiveness",
    '"six stability"': '"six stabilities"',
    "and\n\nstrived": "and strived",
    "stabilizing the chain and strengthening the chain": "stabilizing and strengthening industrial chains",
    "resumption of production and production": "resumption of work and production",
    "short-circuit varieties": "products in short supply",
    "operable, assessable, and assessable": "operable and assessable",
    "effectively implemented, advanced in an orderly manner, and effectively implemented":
        "effectively implemented and advanced in an orderly manner",
    "increase Support for": "increase support for",
    "key areas\n\n, accelerate": "key areas, accelerate",
    "since the 18th Party,": "since the 18th CPC National Congress,",
    "civil explosions": "civilian explosives",
    "connection point It reached": "connection point reached",
    "“three products”": '"three products"',
}


@pytest.fixture(scope="module")
def sample_doc(sample_text):
    return clean_text(sample_text)


def test_known_fixes_are_made(sample_doc):
    for wrong, right in KNOWN_FIXES.items():
        assert wrong not in sample_doc.cleaned
        assert right in sample_doc.cleaned


def test_later_copy_of_the_lede_is_flagged_with_its_removal_as_the_suggestion(sample_doc):
    (flag,) = [f for f in sample_doc.flags if f.rule == "layout.duplicate-sentence"]
    assert flag.before.strip().startswith("On August 19, a teleconference for the responsible comrades")
    assert flag.suggestions == [""]


def test_no_number_is_changed_or_lost(sample_text, sample_doc):
    assert lost_facts(sample_text, sample_doc.cleaned, NUMERIC_KINDS) == []
    assert lost_facts(sample_doc.cleaned, sample_text, NUMERIC_KINDS) == []


def test_edits_map_back_to_the_source_exactly(sample_doc):
    assert sample_doc.edits
    for e in sample_doc.edits:
        assert sample_doc.source[e.start : e.end] == e.before
        assert e.rule in rule_ids() and e.reason and 0 <= e.confidence <= 1 and e.stage == "clean"


def test_correct_sentences_of_the_sample_are_untouched(sample_doc):
    for sentence in ("Jin Zhuanglong, Secretary of the Party Leadership Group of the Ministry of Industry and "
                     "Information Technology, attended the meeting and delivered a speech.",
                     "the Gigabit optical network has the ability to cover more than 400 million households",
                     "The meeting emphasized that we must do our best to implement the key tasks in the next stage."):
        assert sentence in sample_doc.cleaned


def test_cleaning_twice_changes_nothing_more(sample_doc):
    assert clean_text(sample_doc.cleaned).edits == []


def test_a_rule_can_be_disabled_by_id(sample_text):
    doc = clean_text(sample_text, {"disable": ["glossary.term", "layout.normalize-quotes"]})
    assert "short-circuit varieties" in doc.cleaned and "“three products”" in doc.cleaned
    assert {e.rule for e in doc.edits}.isdisjoint({"glossary.term", "layout.normalize-quotes"})


def test_unknown_rule_id_is_rejected_with_the_valid_ids():
    with pytest.raises(ConfigError, match="unknown rule 'layout.no-such-rule'.*artifact.run-on"):
        clean_text("Text.", {"disable": ["layout.no-such-rule"]})


def test_unknown_option_and_bad_choice_are_config_errors():
    with pytest.raises(ConfigError, match="unknown config key"):
        clean_text("Text.", {"layout": {"quotes": "straight"}})
    with pytest.raises(ConfigError, match="allowed values"):
        clean_text("Text.", {"layout": {"quote_style": "fancy"}})


def test_every_rule_and_case_has_a_confidence_in_the_defaults_and_the_shipped_config():
    table = DEFAULTS["confidence"]
    assert set(table) == set(RULES)
    for rule in RULES.values():
        value = table[rule.id]
        assert set(value) == set(rule.cases) if rule.cases else isinstance(value, float)
    assert load_config()["components"]["clean"]["confidence"] == table


def test_lowering_a_confidence_under_the_threshold_turns_its_fixes_into_flags():
    text = "Retail sales rose by 2.1% ring ratio in May."
    doc = clean_text(text, {"confidence": {"glossary.term": 0.3}})
    assert doc.edits == []
    (flag,) = doc.flags
    assert flag.rule == "glossary.term" and flag.confidence == 0.3 and flag.suggestions == ["month-on-month"]
    trusted = clean_text(text, {"min_confidence": 0.2, "confidence": {"glossary.term": 0.3}})
    assert [e.confidence for e in trusted.edits] == [0.3]


@pytest.mark.parametrize("override, message", [
    ({"layout.strip-leading-space": 1.5}, "confidence.layout.strip-leading-space = 1.5 must be between 0 and 1"),
    ({"artifact.run-on": {"period": -0.1}}, "confidence.artifact.run-on.period = -0.1 must be between 0 and 1"),
    ({"artifact.run-on": 0.7}, "expected a mapping"),
    ({"artifact.run-on": {"comma": 0.7}}, "unknown config key"),
    ({"artifact.no-such-rule": 0.7}, "unknown config key"),
])
def test_bad_confidence_table_is_a_config_error(override, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        clean_text("Text.", {"confidence": override})


def test_stage_runs_in_the_configured_pipeline(sample_text):
    entry = registry.stages.get("clean")
    assert entry.requires == ("source",) and entry.provides == ("cleaned", "edits")
    pipe = Pipeline.from_config(overrides={"runtime": {"threads": 1}, "pipeline": ["clean"]})
    doc = pipe(sample_text)
    assert doc.cleaned == clean_text(sample_text).cleaned
    json.dumps(doc.to_dict())  # edits, flags and rewrite decisions serialise


def gold_items():
    return [json.loads(line) for line in (ROOT / "data" / "gold" / "clean.jsonl").read_text(encoding="utf-8").splitlines()]


def test_gold_set_is_consistent():
    items = gold_items()
    assert items[0]["kind"] == "bulletin" and len(items) >= 61
    assert sum(not it["needs_change"] for it in items) >= 20
    for it in items:
        out, pos = [], 0
        for e in it["edits"]:
            assert it["source"][e["start"] : e["end"]] == e["before"] and e["start"] >= pos
            out += [it["source"][pos : e["start"]], e["after"]]
            pos = e["end"]
        assert "".join(out) + it["source"][pos:] == it["reference"]
        assert it["needs_change"] == bool(it["edits"])
