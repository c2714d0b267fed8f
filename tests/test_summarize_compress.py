"""Compression of a long source sentence: its own clauses only, head kept, figures first, nothing
moved to another subject."""

from __future__ import annotations

import numpy as np

from pipeline.stages.summarize.budget import WordBudget
from pipeline.stages.summarize.compress import compress
from pipeline.stages.summarize.selection import extract, has_figure, select

from test_summarize_structure import options, with_figures

NETWORK = ("As of the end of July, 1.968 million 5G base stations have been built and opened, the Gigabit optical network "
           "has the ability to cover more than 400 million households in the cities and counties of the whole country, "
           "the backbone network was further optimised and upgraded in every province, "
           "and 5G mobile phone users have reached 475 million.")


def test_a_long_sentence_keeps_its_head_and_its_figures_in_source_order() -> None:
    out = compress(NETWORK, 50, has_figure)
    assert out == ("As of the end of July, 1.968 million 5G base stations have been built and opened, the Gigabit optical "
                   "network has the ability to cover more than 400 million households in the cities and counties of the whole "
                   "country, and 5G mobile phone users have reached 475 million.")
    assert "backbone" not in out  # the clause without a figure went first


def test_a_cut_never_drops_every_figure_of_a_sentence_that_has_one() -> None:
    """The figure is why the sentence was chosen: its clause stays though the head alone fills the limit."""
    task = ("Accelerate the implementation of the Interim Measures for the Gradient Cultivation and Management of "
            "High-Quality Small and Medium-sized Enterprises and the List of Practical Things for \"Specialized, Refined, "
            "Distinctive and Innovative\" Small and Medium-sized Enterprises, and cultivate more than 3,000 \"little giant\" "
            "enterprises.")
    out = compress(task, 40, has_figure)
    assert out == task  # head (35 words) and the figure clause are the whole sentence
    longer = task.replace("enterprises.", "enterprises, and strengthen services for them across the whole country.")
    assert compress(longer, 40, has_figure) == task


def test_every_kept_word_is_the_sources_and_a_short_sentence_is_untouched() -> None:
    out = compress(NETWORK, 25, has_figure)
    words = set(NETWORK.replace(",", " ").replace(".", " ").split())
    assert set(out.replace(",", " ").replace(".", " ").split()) <= words
    assert len(out.split()) <= 25
    assert compress("Output grew 3.5%, the fastest in a year.", 25, has_figure) == "Output grew 3.5%, the fastest in a year."
    assert compress(NETWORK, 0, has_figure) == NETWORK  # 0: whole sentences


def test_a_clause_that_leans_on_the_one_before_is_never_kept_without_it() -> None:
    # "an increase of 1.0%" describes the grain output: kept with it or dropped with it, never
    # joined to the wheat output, which would move the figure to another subject.
    grain = ("The national summer grain output was 147.39 million tons, an increase of 1.43 million tons or 1.0% over the "
             "previous year, the sown area of the early rice in the southern provinces was stable, and the wheat output "
             "was 134.54 million tons.")
    out = compress(grain, 24, has_figure)
    assert "an increase" not in out or "147.39 million tons, an increase" in out
    assert out.startswith("The national summer grain output was 147.39 million tons")


def test_a_scene_setting_opening_stays_with_the_main_clause_and_quotes_are_never_cut() -> None:
    text = ('According to the website of the Ministry, on September 5th, the Ministry held a national video conference, '
            'analysed the situation of autumn grain in the main producing areas of the country, '
            'and promoted the "one spray, multiple promotion" of rice in every producing county.')
    out = compress(text, 30, has_figure)
    assert out.startswith("According to the website of the Ministry, on September 5th, the Ministry held a national video conference")
    assert '"one spray, multiple promotion"' in out or "one spray" not in out


def test_compressed_extracts_let_more_sections_into_the_same_budget() -> None:
    long_review = ("From January to July, output grew 3.5% year-on-year, the services of the cities and counties of the "
                   "whole country recovered across every province and region, the exports of the coastal provinces were "
                   "stable in the first months of the year, and investment rose 9.9%.")
    text = f"{long_review} Prices were broadly stable over the months.\n\nThe meeting required that 3,000 new firms be cultivated this year."
    doc = with_figures(text)
    from pipeline.document import Paragraph, Section

    cut = text.index("The meeting")
    doc.paragraphs = [Paragraph(0, cut), Paragraph(cut, len(text))]
    doc.sections = [Section("", "review", 0, cut), Section("", "tasks", cut, len(text))]
    vectors = np.eye(len(doc.sentences), dtype="float32")
    budget = WordBudget(10, 40)

    def briefing(words: int) -> list[str]:
        opts = options(words={"min": 10, "max": 40}, selection={**options()["selection"], "compress_words": words})
        chosen = select(doc, vectors, budget, opts, opts["selection"]["input_factor"])
        return [s.text for s in extract(doc, chosen, budget, chosen.lede, words)]

    whole, cut_down = briefing(0), briefing(20)
    assert sum(len(t.split()) for t in cut_down) <= 40
    assert any("3.5%" in t for t in cut_down) and any("3,000" in t for t in cut_down)
    assert not any("3,000" in t for t in whole)  # whole sentences: the long one leaves no room for the task


def test_and_is_added_only_where_the_source_lists_with_and() -> None:
    notice = ("In order to implement the decisions of the State Council on stabilizing the economy and promoting consumption, "
              "expand the consumption of bulk commodities in the cities, promote the green upgrading of home appliance products, "
              "with the consent of the State Council, the relevant matters are hereby notified as follows.")
    out = compress(notice, 35, has_figure)
    assert ", and the relevant matters" not in out and out.endswith("the relevant matters are hereby notified as follows.")


def test_a_closing_quote_stays_when_the_last_clause_is_kept() -> None:
    said = ('He said, the region of the north of the country will be rebuilt in the coming years by the workers of the '
            'province and the city, the rivers of the whole valley will be cleaned, '
            'and "3,000 new homes will be built."')
    out = compress(said, 30, has_figure)
    assert out.endswith('and "3,000 new homes will be built."') and "region" not in out


def test_an_adverb_clause_stays_with_the_verb_it_modifies_and_no_comma_is_added() -> None:
    spirit = ("The meeting emphasized that the entire system must thoroughly implement the spirit of the Political Bureau "
              "of the CPC Central Committee, adhere to the general principle of seeking progress while maintaining "
              "stability, fully, accurately and comprehensively implement the new development concept, accelerate the "
              "construction of a new development pattern, promote high-quality development, and fully implement the "
              "prevention and control of the epidemic.")
    out = compress(spirit, 40, has_figure)
    assert ", fully," not in out  # was "... stability, fully, and promote high-quality development."
    assert "seeking progress while maintaining stability" in out  # the source has no comma before "while"
    assert out == ("The meeting emphasized that the entire system must thoroughly implement the spirit of the Political "
                   "Bureau of the CPC Central Committee, adhere to the general principle of seeking progress while "
                   "maintaining stability, and accelerate the construction of a new development pattern.")
    kept = compress(spirit, 60, has_figure)  # room for it: the adverbs come with their verb
    assert "stability, fully, accurately and comprehensively implement the new development concept" in kept
