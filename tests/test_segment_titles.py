"""Section titles (heading, key phrases, a configured generator) and section kinds."""

import pytest

from pipeline.backends import list_cards, load_card
from pipeline.backends.base import Generation
from pipeline.config import validate
from pipeline.document import Document
from pipeline.pipeline import Context
from pipeline.stages.segment import DEFAULTS, make_segment
from pipeline.stages.segment.kinds import section_kind
from pipeline.stages.segment.titles import generated_title, heading_title, key_phrases, keyword_title

TITLE = DEFAULTS["title"]
KINDS = DEFAULTS["kinds"]
SECTIONS = [
    "Small and medium-sized enterprises enjoyed tax rebates. Small and medium-sized enterprises stabilised.",
    "The information and communication industry is developing well. Broadband tariffs decreased.",
    "The industrial structure was optimised. High-tech manufacturing increased.",
]


class FakeGenerator:
    """Stands in for a loaded model; records what it was asked."""

    name, context_tokens, load_seconds = "fake", 512, 0.0

    def __init__(self, answer: str) -> None:
        self.answer, self.calls = answer, []

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def generate(self, task, variables, settings=None):
        self.calls.append((task, variables, settings))
        return Generation(self.answer, 10, 5, 0.1)


def test_heading_title_is_the_heading_on_one_line():
    assert heading_title("2. Key\n tasks ") == "2. Key tasks"


def test_key_phrases_are_distinctive_for_the_section():
    phrases = key_phrases(SECTIONS[0], SECTIONS[1:], 2, 3)
    assert phrases[0] == "medium-sized enterprises"
    assert all(len(set(a.split()) & set(b.split())) == 0 for a in phrases for b in phrases if a != b)


def test_keyword_title_is_capitalised_and_bounded():
    title = keyword_title(SECTIONS[1], [SECTIONS[0], SECTIONS[2]], {**TITLE, "max_words": 3})
    assert title[0].isupper() and len(title.split()) <= 3


def test_generated_title_is_cleaned_and_rejected_when_unusable():
    gen = FakeGenerator('Title: "Support for small firms".\nextra line')
    assert generated_title(gen, SECTIONS[0], ["enterprises"], TITLE) == "Support for small firms"
    task, variables, settings = gen.calls[0]
    assert task == "title" and variables["keywords"] == "enterprises" and settings.max_new_tokens == TITLE["max_new_tokens"]
    assert generated_title(FakeGenerator("   "), SECTIONS[0], [], TITLE) is None
    assert generated_title(FakeGenerator("word " * 40), SECTIONS[0], [], TITLE) is None


def test_a_generated_title_with_a_figure_or_actor_the_section_does_not_state_is_refused():
    section = ("From January to July, the added value of industrial enterprises increased by 3.5% year-on-year. "
               "Jin Zhuanglong attended the meeting and delivered a speech.")
    assert generated_title(FakeGenerator("Industrial value added up 3.5%, January-July"), section, [], TITLE)
    assert generated_title(FakeGenerator("Industrial value added up 4.5%, January-July"), section, [], TITLE) is None
    assert generated_title(FakeGenerator("Industry grew 3.5% in the first half"), section, [], TITLE) is None
    assert generated_title(FakeGenerator("Meeting held by the State Council"), section, [], TITLE) is None


def stage(generator=None):
    options = validate({"weights": {**DEFAULTS["weights"], "topic": 0.0}, "title": {**TITLE, "generator": generator}},
                       DEFAULTS, {}, "segment")
    return make_segment(options, Context(runtime={"threads": 1, "cache_dir": "/tmp", "seed": 1}))


TEXT = (
    "Beijing, May 2. The ministry held a meeting on small firms today in the capital city.\n\n"
    "The meeting pointed out that small firms recovered, and tax rebates reached 1.8 trillion yuan. "
    "Firms enjoyed fee cuts.\n\n"
    "Industry grew quickly.\n\n"
    "Output rose 3.5% in the first half, and profits rose 9.7% year-on-year in the period."
)

def test_generator_writes_titles_only_where_there_is_no_heading():
    st = stage("fake-card")
    fake = FakeGenerator("Small firms recover")
    st._generator = fake  # what load_generator would return for the configured card
    doc = st(Document(TEXT))
    by_source = {s.title_source for s in doc.sections}
    assert by_source == {"generated", "heading"}
    assert [s.title for s in doc.sections if s.title_source == "heading"] == ["Industry grew quickly."]
    assert len(fake.calls) == sum(1 for s in doc.sections if s.title_source == "generated")


def test_without_a_generator_titles_are_key_phrases():
    doc = stage()(Document(TEXT))
    assert {s.title_source for s in doc.sections} == {"keywords", "heading"}


def test_kinds_from_position_keywords_cue_and_figures():
    assert section_kind("Beijing, May 2.", ["Beijing, May 2."], None, True, KINDS) == "lede"
    assert section_kind("2. Key tasks", ["2. Key tasks"], None, False, KINDS) == "tasks"
    assert section_kind("1. General requirements", ["x"], None, False, KINDS) == "requirements"
    assert section_kind("The meeting pointed out that ...", ["a"], "review", False, KINDS) == "review"
    assert section_kind("VI. Employment", ["VI. Employment", "Jobs rose 5.5%.", "Prices rose 2.8%."], None, False,
                        KINDS) == "review"
    assert section_kind("Something else.", ["Something else."], None, False, KINDS) == "other"


@pytest.mark.parametrize("card", [c.name for c in list_cards() if "title" in c.prompts])
def test_generated_title_fills_every_shipped_cards_title_prompt(card):
    """The variables the stage passes must satisfy each real card's template, not only a fake's."""
    gen = FakeGenerator("A title")
    generated_title(gen, SECTIONS[0], ["enterprises"], TITLE)
    _, variables, _ = gen.calls[0]
    load_card(card).prompts["title"].render(variables, f"{card} title")


REVIEW = (
    "From January to July, the added value of industrial enterprises above designated size increased by 3.5%. "
    "From January to July, the added value of high-tech manufacturing increased by 9.0%. "
    "The added value of manufacturing industry accounted for 28.8% of GDP."
)
TASKS = "Support the development of small and medium-sized enterprises. Do a good job in 5G infrastructure."


def test_keyword_title_is_a_short_noun_phrase_with_its_period():
    title = keyword_title(REVIEW, [TASKS, SECTIONS[1]], TITLE)
    assert title.startswith("Added value of") and title.endswith(", January-July")
    assert len(title.split()) <= 8 and "," in title and title.count(",") == 1  # not a list of key words


def test_a_keyword_titles_period_is_that_of_the_sentence_naming_its_measure():
    """Most of this section's figures are the first half's, but its added value is January-July's."""
    review = ("From January to July, the added value of industrial enterprises above designated size increased by 3.5%, "
              "and the added value of manufacturing industry increased by 2.7%. "
              "In the first half of the year, manufacturing accounted for 28.8% of GDP. "
              "In the first half of the year, software revenue grew by 10.9%. "
              "In the first half of the year, enterprises enjoyed 1.8 trillion yuan of tax cuts.")
    title = keyword_title(review, [TASKS, SECTIONS[1]], TITLE)
    assert title.startswith("Added value of") and title.endswith(", January-July")


def test_keyword_title_without_a_period_reads_as_a_phrase():
    title = keyword_title(TASKS, [REVIEW, SECTIONS[1]], TITLE)
    assert len(title.split()) <= 8 and title[0].isupper() and ", " not in title


def test_a_contrast_counted_once_ranks_phrases_as_the_other_sections_do():
    from pipeline.stages.segment.titles import Contrast

    for k, section in enumerate(SECTIONS):
        others = SECTIONS[:k] + SECTIONS[k + 1 :]
        assert key_phrases(section, Contrast(SECTIONS), 3, 3) == key_phrases(section, others, 3, 3)


def test_a_farm_seasons_work_is_a_titles_period():
    harvest = ("It is estimated that 650,000 combine harvesters will be put into the autumn harvest. "
               "Reduce the loss rate of mechanical harvest to below 1% in the autumn harvest.")
    title = keyword_title(harvest, [TASKS, SECTIONS[1]], TITLE)
    assert title.endswith(", autumn harvest") and len(title.split()) <= 8
