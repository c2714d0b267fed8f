"""The segment stage end to end: spans, levels, kinds, layouts, the source map, the config."""

import re

import pytest

from conftest import ROOT
from pipeline.bench.datasets import load_bench_dataset
from pipeline.bench.tasks import SegmentTask
from pipeline.config import load_config, validate
from pipeline.document import Document
from pipeline.errors import ConfigError
from pipeline.metrics.core.segmentation import pk
from pipeline.pipeline import Context
from pipeline.stages.segment import DEFAULTS, make_segment

CONTEXT = {"threads": 1, "cache_dir": "/tmp", "seed": 1}


def make(**options):
    return make_segment(validate(options, DEFAULTS, {}, "segment"), Context(runtime=dict(CONTEXT)))


@pytest.fixture(scope="module")
def stage():
    """The default stage (with the sentence encoder, loaded once for this file)."""
    return make()


@pytest.fixture(scope="module")
def sample_doc(stage, sample_text):
    return stage(Document(sample_text))


def check_outline(doc: Document) -> None:
    """Level-1 sections tile the cleaned text; sub-sections lie inside their parents."""
    top = [s for s in doc.sections if s.level == 1]
    assert top[0].start == 0 and top[-1].end == len(doc.cleaned)
    assert all(a.end == b.start and a.start < a.end for a, b in zip(top, top[1:]))
    for s in doc.sections:
        if s.level == 2:
            parent = doc.sections[s.parent]
            assert parent.level == 1 and parent.start < s.start < s.end <= parent.end
        assert s.title.strip() and s.kind in ("lede", "review", "requirements", "tasks", "other")


def test_sample_outline_is_contiguous_and_nested(sample_doc):
    check_outline(sample_doc)
    assert any(s.level == 2 for s in sample_doc.sections)


def test_sample_gets_lede_review_requirements_tasks(sample_doc):
    top = [(s.kind, s.title_source) for s in sample_doc.sections if s.level == 1]
    assert [k for k, _ in top] == ["lede", "review", "requirements", "tasks"]
    review = next(i for i, s in enumerate(sample_doc.sections) if s.kind == "review")
    subs = [s.title for s in sample_doc.sections if s.parent == review]
    assert "The industrial economy recovered rapidly." in subs
    tasks = [s.title for s in sample_doc.sections if s.level == 2 and s.kind == "tasks"]
    assert 'Fully implement the "14th Five-Year Plan".' in tasks
    assert "Do a good job in preventing and responding to major risks." in tasks


def test_numbers_are_not_split(sample_doc):
    texts = [sample_doc.sentence_text(i) for i in range(len(sample_doc.sentences))]
    assert any("1.968 million 5G base stations" in t for t in texts)
    assert not any(re.match(r"\d", t) for t in texts)  # no sentence starts inside a number


def test_sample_pk_against_the_hand_annotation(sample_doc, tmp_path):
    spec = {"name": "gold", "path": "data/gold/segment.jsonl", "where": {"id": "bulletin-2022-08-19"}}
    gold = load_bench_dataset(spec, "segment", ROOT, tmp_path).items
    task = SegmentTask({"max_level": 2})  # what the bench scores: both levels, on the bench's units
    inputs = task.inputs(gold, [task.prediction(sample_doc)])
    assert pk(inputs["ref_labels"][0], inputs["pred_labels"][0]) <= 0.15


def test_no_blank_lines_one_paragraph_per_line(stage, sample_text):
    text = re.sub(r"\n\s*\n\s*", "\n", sample_text)
    doc = stage(Document(text))
    check_outline(doc)
    assert [s.kind for s in doc.sections if s.level == 1] == ["lede", "review", "requirements", "tasks"]
    assert sum(s.level == 2 for s in doc.sections) >= 8


def test_one_block_without_line_breaks_still_has_sections(stage, sample_text):
    doc = stage(Document(re.sub(r"\s+", " ", sample_text)))
    check_outline(doc)
    assert len(doc.paragraphs) == 1
    assert [s.kind for s in doc.sections if s.level == 1][:2] == ["lede", "review"]


def test_sections_map_back_to_the_source_through_edits(stage, sample_text):
    doc = Document(sample_text)
    hit = sample_text.index("operable, assessable, and assessable")
    doc.edit(hit, hit + len("operable, assessable, and assessable"), "operable and assessable", rule="t", reason="test")
    stage(doc)
    check_outline(doc)
    spans = doc.to_dict()["sections"]
    assert spans[-1]["source_span"][1] == len(sample_text)
    for s in spans:
        a, b = s["source_span"]
        assert doc.cleaned[s["start"] : s["start"] + 25] == sample_text[a : a + 25]


def test_lists_in_a_line_per_paragraph_notice():
    notice = (ROOT / "data" / "bulletins" / "policy-notice.txt").read_text(encoding="utf-8")
    doc = make(weights={**DEFAULTS["weights"], "topic": 0.0})(Document(notice))
    check_outline(doc)
    top = [s.title for s in doc.sections if s.level == 1]
    assert top[1:4] == ["1. General requirements", "2. Key tasks", "3. Safeguard measures"]
    assert doc.sections[-1].kind == "other" and doc.sections[-1].title.startswith("General Office")
    assert sum(s.level == 2 for s in doc.sections) == 7


def test_minimum_and_maximum_section_sizes(sample_text):
    sizes = {"min_section": 2, "max_section": 6, "min_subsection": 2, "max_subsection": 3}
    doc = make(sizes=sizes, weights={**DEFAULTS["weights"], "topic": 0.0})(Document(sample_text))
    check_outline(doc)
    starts = [s.start for s in doc.sentences]

    def length(sec):
        return sum(1 for x in starts if sec.start <= x < sec.end)

    assert all(length(s) <= 6 for s in doc.sections if s.level == 1)


def test_empty_text_has_no_sections(stage):
    doc = stage(Document("   \n"))
    assert doc.sections == [] and doc.sentences == []


def test_default_config_block_names_every_option():
    block = {k: v for k, v in load_config()["components"]["segment"].items() if k != "factory"}
    assert validate(block, DEFAULTS, {}, "segment") == DEFAULTS
    assert set(block) == set(DEFAULTS)


def test_bad_options_are_config_errors():
    with pytest.raises(ConfigError, match="weights.sharpness"):
        validate({"weights": {"sharpness": 1.0}}, DEFAULTS, {}, "segment")
    with pytest.raises(ConfigError, match="allowed values"):
        validate({"splitter": "spacy"}, DEFAULTS, {"splitter": ["nupunkt", "pysbd"]}, "segment")


def test_after_the_clean_stage_sections_map_to_the_source(sample_text):
    from pipeline.pipeline import Pipeline

    pipe = Pipeline.from_config(overrides={
        "pipeline": ["clean", "segment"],
        "runtime": {"threads": 1},
        "components": {"segment": {"weights": {"topic": 0.0}}},
    })
    doc = pipe(sample_text)
    check_outline(doc)
    assert doc.edits  # the clean stage changed the text, so the map is exercised
    for s in doc.to_dict()["sections"]:
        a, b = s["source_span"]
        assert 0 <= a < b <= len(sample_text)
        assert doc.to_cleaned(a, b) == (s["start"], s["end"])
