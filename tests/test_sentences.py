"""The sentence service every stage, metric and the bench splits with: layout reading and splitter guards."""

import pytest

from pipeline.errors import ConfigError
from pipeline.sentences import SPLITTERS, find_paragraphs, load_splitter, sentences_in, split_sentences


def sentences(text: str, splitter: str = "nupunkt", min_blank_breaks: int = 2) -> list[str]:
    paras = find_paragraphs(text, min_blank_breaks)
    return [text[s.start : s.end] for s in sentences_in(text, paras, splitter)]


def paragraphs(text: str, min_blank_breaks: int = 2) -> list[str]:
    return [text[p.start : p.end] for p in find_paragraphs(text, min_blank_breaks)]


@pytest.mark.parametrize("splitter", SPLITTERS)
def test_numbers_do_not_split(splitter):
    text = (
        "As of the end of July, 1.968 million 5G base stations have been built. "
        "Added value increased by 3.5% year-on-year, and tariffs fell by 10.27% and 10.34% respectively."
    )
    out = sentences(text, splitter)
    assert len(out) == 2
    assert "1.968 million" in out[0] and "3.5%" in out[1] and "10.34%" in out[1]


def test_a_stop_after_a_whole_number_ends_its_sentence_and_a_broken_decimal_is_mended():
    """"reached 1,024. 37 enterprises" is two sentences (a grouped number, a decimal or a year cannot go on
    as a decimal); "a £1. 8m project" is one number with a stray space."""
    text = ("The province added 208 enterprises, and the total number reached 1,024. 37 enterprises were selected. "
            "The rate was 5.1. 12 firms closed in 2022. 15 opened.")
    assert sentences(text) == ["The province added 208 enterprises, and the total number reached 1,024.",
                               "37 enterprises were selected.", "The rate was 5.1.", "12 firms closed in 2022.", "15 opened."]
    assert sentences("They began a £1. 8m restoration project.") == ["They began a £1. 8m restoration project."]


@pytest.mark.parametrize("splitter", SPLITTERS)
def test_sentences_never_cross_paragraphs(splitter):
    # A heading without a full stop must not be glued to the sentence after it.
    text = "IV. Market sales were basically stable\n\nIn the first three quarters, sales rose 0.7%.\n\nNext one."
    assert sentences(text, splitter) == [
        "IV. Market sales were basically stable",
        "In the first three quarters, sales rose 0.7%.",
        "Next one.",
    ]


def test_spans_are_trimmed_and_ordered(sample_text):
    paras = find_paragraphs(sample_text, 2)
    spans = sentences_in(sample_text, paras, "nupunkt")
    assert all(not sample_text[s.start].isspace() and not sample_text[s.end - 1].isspace() for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    assert all(any(p.start <= s.start and s.end <= p.end for p in paras) for s in spans)


def test_blank_lines_separate_paragraphs_when_present():
    text = "First paragraph here.\nStill the first.\n\nSecond paragraph.\n\nThird."
    assert paragraphs(text) == ["First paragraph here.\nStill the first.", "Second paragraph.", "Third."]


def test_lines_are_paragraphs_when_there_are_no_blank_lines():
    text = "1. General requirements\nGuided by the concept, do it.\n2. Key tasks\nCarry out the work."
    assert paragraphs(text) == ["1. General requirements", "Guided by the concept, do it.", "2. Key tasks",
                                "Carry out the work."]


def test_paragraph_broken_mid_sentence_is_joined():
    text = "To meet the requirements, we should\n\nput growth first\n\n, and support firms.\n\nNew paragraph."
    assert paragraphs(text) == ["To meet the requirements, we should\n\nput growth first\n\n, and support firms.",
                                "New paragraph."]


def test_capitalised_line_after_an_unfinished_one_stays_a_paragraph():
    text = "Progress has been achieved in various tasks\n\n\nThe industrial economy recovered.\n\nMore."
    assert paragraphs(text)[:2] == ["Progress has been achieved in various tasks", "The industrial economy recovered."]


def test_list_marker_is_not_a_sentence_of_its_own():
    out = sentences("I. Agricultural production was stable. It rose 4.2%.\n\nII. Industry grew. Fine.")
    assert out[0].startswith("I. Agricultural") and out[2].startswith("II. Industry")


def test_lower_case_fragment_joins_the_sentence_before():
    out = sentences("The ecosystem was accelerated. reached 55.7% and 75.1%. Next sentence here.")
    assert out == ["The ecosystem was accelerated. reached 55.7% and 75.1%.", "Next sentence here."]


def test_whitespace_only_text_has_no_sentences():
    assert sentences("  \n\n \n") == []


def test_unknown_splitter_is_a_config_error():
    with pytest.raises(ConfigError, match="nupunkt"):
        load_splitter("spacy")


def test_plain_spans_are_the_segment_stages_sentences(sample_text):
    """Callers holding a plain string (clean rules, fact checks, ROUGE-Lsum, the bench's units)
    get the very spans the segment stage gives the document."""
    spans = sentences_in(sample_text, find_paragraphs(sample_text, 2))
    assert split_sentences(sample_text) == [(s.start, s.end) for s in spans]
    inner = split_sentences(sample_text, 100, 900)
    assert inner and all(100 <= a < b <= 900 for a, b in inner)
    assert [sample_text[a:b] for a, b in inner] == [sample_text[100 + a : 100 + b]
                                                     for a, b in split_sentences(sample_text[100:900])]


def test_every_caller_splits_with_the_one_service():
    import pipeline.facts as facts
    import pipeline.sentences as service
    from pipeline.bench.tasks import sentence_units
    from pipeline.metrics.core.text import split_sentences as lsum_sentences

    text = "Output rose 3.5% in July. exports grew too.\nII. Industry grew. Fine."
    assert facts.split_sentences is service.split_sentences
    assert lsum_sentences(text.replace("\n", " "), "nupunkt") == [
        "Output rose 3.5% in July. exports grew too.", "II. Industry grew.", "Fine."]
    assert sentence_units(text) == service.split_sentences(text)


@pytest.mark.parametrize("word", ["month", "coal", "bank", "century", "day", "win"])
def test_a_plain_word_before_a_full_stop_ends_the_sentence(word):
    """nupunkt's model lists these as abbreviations; a sentence after them was glued to the one before
    ("... than the previous month. Industrial enterprises ... 20 million yuan" read as one sentence,
    so the month's period governed the definition's figure)."""
    text = f"Output grew 3.6 points faster than in the previous {word}. Industrial enterprises refer to firms with income of 20 million yuan."
    assert len(split_sentences(text)) == 2


@pytest.mark.parametrize("word", ["me", "ill", "fed", "art", "ok", "mass", "miss", "wash", "ore"])
def test_an_everyday_word_in_pysbds_list_ends_a_sentence_before_a_quotation(word):
    """pysbd lists these (Maine, Illinois, federal ...); kept as abbreviations, a briefing's quoted sentence after
    "... asked of me." was glued to it, and the bench's attribution check read the two as one."""
    text = f"As a player I did just about anything that was asked of {word}. \u2018England have said he is not on their radar."
    assert len(split_sentences(text)) == 2


def test_real_abbreviations_still_do_not_end_a_sentence():
    text = ("Dr. Smith of Apple Inc. met Mr. Jones at 5 p.m. on Jan. 5 in the U.S. capital, e.g. at No. 1 Main St. "
            "The talks went well.")
    assert [text[a:b] for a, b in split_sentences(text)] == [text[: text.index(" The talks")], "The talks went well."]


def test_signatures_say_the_splitter_is_nupunkt_with_our_abbreviations():
    """A score split with the filtered model never passes for one split with nupunkt's own."""
    from importlib import metadata

    from pipeline.metrics.signature import package_version, signature

    assert package_version("nupunkt") == metadata.version("nupunkt") + "+pysbd-abbreviations.2"
    assert f"nupunkt-{metadata.version('nupunkt')}+pysbd-abbreviations.2" in signature("rouge", {}, ["nupunkt"])
    assert package_version("pysbd") == metadata.version("pysbd")
