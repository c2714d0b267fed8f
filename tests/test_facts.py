"""Fact extraction and the support check: planted wrong figures, periods, subjects and
names must fail; faithful paraphrases must pass."""

import pytest

from pipeline.facts import FactCheck, SourceFacts, SupportRules, check_text, extract_facts, lost_facts, split_sentences

SOURCE = (
    "China News Service, August 19th. On August 19, a teleconference of the Ministry of Industry and "
    "Information Technology was held in Beijing. Jin Zhuanglong attended the meeting and delivered a speech.\n\n"
    "From January to July, the added value of industrial enterprises above designated size increased by 3.5% "
    "year-on-year, the added value of manufacturing industry increased by 2.7% year-on-year, and the investment "
    "in manufacturing industry increased by 9.9% year-on-year.\n\n"
    "In the first half of the year, the added value of the manufacturing industry accounted for 28.8% of the GDP, "
    "an increase of 1.4 percentage points from 2021.\n\n"
    "In the first half of the year, small and medium-sized enterprises enjoyed tax reductions of nearly "
    "1.8 trillion yuan. Their operating income grew by 9.7%.\n\n"
    "As of the end of July, 1.968 million 5G base stations have been built and opened, 5G mobile phone users "
    "have reached 475 million, and tariffs decreased by 10.27% compared with December 2021.\n\n"
    'Fully implement the "14th Five-Year Plan" and cultivate more than 3,000 "little giant" enterprises.'
)


@pytest.fixture(scope="module")
def source() -> SourceFacts:
    return SourceFacts(SOURCE)


def values(text: str, kind: str) -> list[str]:
    return [f.value for f in extract_facts(text) if f.kind == kind]


# ---- extraction -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, kind, value",
    [
        ("1.968 million base stations", "number", "1968000"),
        ("users reached 475 million", "number", "475000000"),
        ("more than 3,000 firms", "number", "3000"),
        ("fell by 10.27%", "percent", "10.27%"),
        ("rose 3.5 per cent", "percent", "3.5%"),
        ("up 1.4 percentage points", "points", "1.4pp"),
        ("nearly 1.8 trillion yuan", "money", "CNY 1800000000000"),
        ("RMB 2 billion", "money", "CNY 2000000000"),
        ("$5 billion", "money", "USD 5000000000"),
        ("on August 19", "date", "????-08-19"),
        ("on 19th August 2022", "date", "2022-08-19"),
        ("compared with December 2021", "date", "2021-12-??"),
        ("From January to July, output", "period", "months:1-7"),
        ("in January-July", "period", "months:1-7"),
        ("in the first half of the year", "period", "months:1-6"),
        ("in H1", "period", "months:1-6"),
        ("in the third quarter", "period", "months:7-9"),
        ("in the first seven months", "period", "months:1-7"),
        ("since the beginning of this year", "period", "year-to-date"),
        ("as of the end of July", "period", "as-of:7"),
        ("will be put into the autumn harvest", "period", "season:autumn-harvest"),
        ("Plan ahead for autumn and winter sowing.", "period", "season:autumn-winter-sowing"),
        ("during the fall planting", "period", "season:autumn-planting"),
        ("the 20th National Congress of the Communist Party of China", "entity", "20th national congress of the communist party of china"),
        ('fully implement the "14th Five-Year Plan"', "entity", "14th five year plan"),
        ("a speech by Jin Zhuanglong today", "entity", "jin zhuanglong"),
        ("nine people", "number", "9"),
        ("twenty-five firms", "number", "25"),
        ("two million users", "number", "2000000"),
    ],
)
def test_extracts_normalised_values(text: str, kind: str, value: str) -> None:
    assert value in values(text, kind)


def test_qualifiers_and_precision_are_kept() -> None:
    (fact,) = extract_facts("nearly 1.97 million")
    assert (fact.qualifier, fact.resolution) == ("under", 10_000)
    (fact,) = extract_facts("more than 3,000")
    assert fact.qualifier == "over"


def test_a_season_is_a_period_only_as_the_time_of_farm_work() -> None:
    assert values("The sowing area of autumn grain grew. Passengers in the Spring Festival travel rush. The meeting made "
                  "the autumn harvest the top priority and arranged the work of the autumn sowing.", "period") == []


def test_non_facts_are_not_extracted() -> None:
    facts = extract_facts("5G users may grow. The meeting was held. Strengthen security inspections.")
    assert [f.kind for f in facts] == ["entity"]  # only "5G": "may" is no month, sentence-initial capitals no names


def test_lost_facts_names_dropped_figures() -> None:
    lost = lost_facts("Output rose 3.5% and 2.7% in July.", "Output rose 3.5% in July.")
    assert [f.text for f in lost] == ["2.7%"]
    assert lost_facts("rose 3.5 percent", "rose 3.5%") == []


def test_sentence_split_keeps_decimals() -> None:
    text = "It grew 1.968 million. Users reached 475 million.\n\nNew paragraph here.Scraped text lost a space."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "It grew 1.968 million.",
        "Users reached 475 million.",
        "New paragraph here.",
        "Scraped text lost a space.",
    ]


# ---- support: planted errors must fail -------------------------------------------------------
def verdicts(source: SourceFacts, sentence: str) -> dict[str, bool]:
    return {c.fact.text: c.supported for c in source.check_sentence(sentence)}


@pytest.mark.parametrize(
    "sentence, wrong",
    [
        # the period is moved: 2.7% is a January-July figure, not a first-half one
        ("In the first half of the year, manufacturing value added grew 2.7%.", "2.7%"),
        ("Manufacturing value added grew 28.8% from January to July.", "28.8%"),
        # a wrong number
        ("5G mobile phone users reached 457 million by the end of July.", "457 million"),
        ("Industrial value added grew 3.6% from January to July.", "3.6%"),
        # percentage points are not percent
        ("Manufacturing's share of GDP rose 1.4 percent in the first half of the year.", "1.4 percent"),
        # the subject is swapped: 2.7% is value added, 9.9% investment
        ("Manufacturing investment increased 2.7% from January to July.", "2.7%"),
        # a bound turned the other way
        ("Small and medium-sized enterprises enjoyed more than 1.8 trillion yuan of tax reductions.", "1.8 trillion yuan"),
        # rounding without a hedge
        ("Base stations reached 2 million as of the end of July.", "2 million"),
        # names and dates absent from the source
        ("The Ministry of Commerce held the meeting in Shanghai.", "Ministry of Commerce"),
        ("The meeting was held on August 20.", "August 20"),
        ("The meeting was held on August 19, 2023.", "August 19, 2023"),
        ("It implements the 15th Five-Year Plan.", "15th Five-Year Plan"),
    ],
)
def test_planted_errors_fail(source: SourceFacts, sentence: str, wrong: str) -> None:
    result = verdicts(source, sentence)
    assert result[wrong] is False, result


def test_failure_reason_names_both_periods(source: SourceFacts) -> None:
    (period, figure) = source.check_sentence("In the first half of the year, manufacturing value added grew 2.7%.")
    assert not figure.supported
    assert "January to July" in figure.reason and "first half" in figure.reason
    assert figure.source_sentence == 3


# ---- support: faithful paraphrases must pass --------------------------------------------------
@pytest.mark.parametrize(
    "sentence",
    [
        "From January to July, manufacturing value added rose 2.7% year on year.",
        "Industrial output above designated size grew 3.5% in January-July.",
        "Manufacturing accounted for 28.8% of GDP in the first half, up 1.4 percentage points from 2021.",
        "By the end of July, 1.968 million 5G base stations had been built and 5G users reached 475 million.",
        "SMEs enjoyed nearly 1.8 trillion yuan in tax reductions in the first half of the year.",
        "The MIIT held a teleconference in Beijing on August 19, addressed by Jin Zhuanglong.",
        "Base stations reached about 2 million by the end of July.",
        "The ministry will cultivate over 3,000 little giant enterprises under the 14th Five-Year Plan.",
        "Tariffs fell 10.27% compared with December 2021.",
        # a period carried from the paragraph's opening sentence
        "Operating income of small and medium-sized enterprises grew 9.7% in the first half of the year.",
        # no period in the summary: none is demanded
        "Manufacturing investment grew 9.9%.",
    ],
)
def test_faithful_paraphrases_pass(source: SourceFacts, sentence: str) -> None:
    result = verdicts(source, sentence)
    assert result and all(result.values()), result


def test_rules_change_the_verdict() -> None:
    lenient = SourceFacts(SOURCE, rules=SupportRules(rounding_needs_hedge=False))
    assert verdicts(lenient, "Base stations reached 2 million as of the end of July.")["2 million"] is True
    no_carry = SourceFacts(SOURCE, rules=SupportRules(inherit_period=False))
    sentence = "Operating income grew 9.7% in the first half of the year."
    assert verdicts(no_carry, sentence)["9.7%"] is False


def test_given_sentence_spans_set_the_reported_index() -> None:
    spans = split_sentences(SOURCE)
    checks = check_text("Investment in manufacturing grew 9.9% from January to July.", SOURCE, spans)
    figure = next(c for c in checks if c.fact.kind == "percent")
    assert figure.supported and SOURCE[slice(*spans[figure.source_sentence])].startswith("From January to July")
    assert figure.to_dict()["source_sentence"] == figure.source_sentence


def test_figures_in_words_match_digits() -> None:
    (check,) = check_text("Police said 9 people were hurt.", "Nine people were hurt in the crash, police said.")
    assert check.supported
    (check,) = check_text("Police said 8 people were hurt.", "Nine people were hurt in the crash, police said.")
    assert not check.supported


# ---- who did what ---------------------------------------------------------------------------
from pipeline.facts.attribution import SourceAgents  # noqa: E402
from pipeline.facts.keyfigures import key_figures, markdown_table  # noqa: E402

LEDE = (
    "According to the official account of the Ministry of Industry and Information Technology, on August 19th, "
    "a teleconference for comrades in charge of the national industry and information technology departments "
    "was held in Beijing to summarize the work this year. Jin Zhuanglong, Secretary of the Party Leadership Group "
    "of the Ministry of Industry and Information Technology, attended the meeting and delivered a speech. "
    "The meeting emphasized that the key tasks must be implemented."
)


@pytest.fixture(scope="module")
def agents() -> SourceAgents:
    return SourceAgents([LEDE[a:b] for a, b in split_sentences(LEDE)])


def failed(agents: SourceAgents, sentence: str) -> list[str]:
    return [c.reason for c in agents.check(sentence) if not c.supported]


@pytest.mark.parametrize(
    "sentence",
    [
        # the sample's invented organiser: the Group's Secretary attended and spoke, the Group held nothing
        "On August 19, a teleconference was held by the Party Leadership Group of the Ministry in Beijing.",
        "The Party Leadership Group of MIIT held a teleconference on August 19.",
        "Jin Zhuanglong said that the key tasks must be implemented.",  # the meeting said it, not Jin
        "The Party Leadership Group delivered a speech.",
    ],
)
def test_an_action_moved_to_another_actor_fails(agents, sentence) -> None:
    assert failed(agents, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Jin Zhuanglong, Secretary of the Party Leadership Group of MIIT, attended the meeting and delivered a speech.",
        "The teleconference stressed that the key tasks must be implemented.",  # a meeting is a meeting
        "The Ministry of Industry and Information Technology said a teleconference was held in Beijing.",  # according to
        "A teleconference was held in Beijing on August 19.",  # no agent claimed
        "It said the key tasks must be implemented.",  # a pronoun names nobody
        "Secretary Jin Zhuanglong attended the meeting.",  # the title put in front of the name, as English writes it
    ],
)
def test_an_action_the_source_gives_that_actor_passes(agents, sentence) -> None:
    assert failed(agents, sentence) == []


def test_a_documents_title_names_who_issued_it() -> None:
    notice = SourceAgents(["Notice of the General Office of the Ministry of Commerce on Promoting Green Home Appliances",
                           "Strive to increase the sales of green home appliances by more than 10%."])
    assert failed(notice, "The General Office of the Ministry of Commerce has issued a notice on green home appliances.") == []
    assert failed(notice, "The State Council issued a notice on green home appliances.")  # another issuer
    untitled = SourceAgents(["A notice of the General Office on home appliances was discussed at the meeting."])
    assert failed(untitled, "The General Office issued a notice on home appliances.")  # named, not a title


def test_the_invented_organiser_is_named_in_the_reason(agents) -> None:
    (reason,) = failed(agents, "The teleconference was held by the Party Leadership Group.")
    assert "Party Leadership Group" in reason and "held" in reason


# ---- key figures ----------------------------------------------------------------------------
def test_key_figures_give_measure_period_and_sentence() -> None:
    rows = {r.figure: r for r in key_figures(SOURCE)}
    assert set(rows) >= {"3.5%", "2.7%", "9.9%", "28.8%", "1.968 million", "475 million", "nearly 1.8 trillion yuan"} - {"nearly 1.8 trillion yuan"}
    r = rows["3.5%"]
    assert (r.measure, r.period) == ("added value of industrial enterprises above designated size", "From January to July")
    assert rows["9.9%"].measure == "investment in manufacturing industry"
    assert rows["1.968 million"].measure == "5G base stations" and rows["1.968 million"].period == "As of the end of July"
    assert rows["28.8%"].period == "In the first half of the year" or rows["28.8%"].period.endswith("first half of the year")
    assert rows["9.7%"].period_inherited  # "Their operating income grew by 9.7%": the period came earlier
    sentences = [SOURCE[a:b] for a, b in split_sentences(SOURCE)]
    assert "3.5%" in sentences[r.sentence]
    assert "3,000" in rows and rows["3,000"].measure == '"little giant" enterprises'


def test_quoted_and_small_word_numbers_are_not_key_figures() -> None:
    rows = key_figures('Implement the "10, 100,000" project and the three-product strategy; output rose 4.1%.')
    assert [r.figure for r in rows] == ["4.1%"]
    assert markdown_table(rows)[2].startswith("| 4.1% |")


def test_a_bare_year_governs_a_figure_like_a_named_period() -> None:
    facts = SourceFacts("In 2022, the value added of industry increased by 5.1%. The share reached 28.0%.")

    def figure(sentence: str) -> FactCheck:
        return next(c for c in facts.check_sentence(sentence) if c.fact.kind == "percent")

    ok = figure("In 2022, the value added of industry increased by 5.1%.")
    wrong = figure("In 2023, the value added of industry increased by 5.1%.")
    carried = figure("In 2022, the share reached 28.0%.")
    assert ok.supported and carried.supported
    assert not wrong.supported and "2022" in wrong.reason


def test_a_year_compared_with_is_not_the_figures_period() -> None:
    from pipeline.facts.keyfigures import key_figures

    text = ("In the first half of the year, manufacturing accounted for 28.8% of GDP, an increase of 1.4 percentage "
            "points from 2021. In 2022, output rose 5.1%, higher than in 2021.")
    assert [(k.figure, k.period) for k in key_figures(text)] == [
        ("28.8%", "the first half of the year"), ("1.4 percentage points", "the first half of the year"), ("5.1%", "2022")]


def test_a_named_period_compared_with_is_not_the_figures_period_but_one_over_which_it_grew_is() -> None:
    from pipeline.facts.keyfigures import key_figures

    text = ("The GDP increased by 3.9% in the third quarter, 3.5 percentage points faster than the second quarter. "
            "From January to August, the price of urea fell by 6.7% from the peak in May. "
            "Over the first half of the year, output grew 5%.")
    assert [(k.figure, k.period) for k in key_figures(text)] == [
        ("3.9%", "the third quarter"), ("3.5 percentage points", "the third quarter"), ("6.7%", "From January to August"),
        ("5%", "the first half of the year")]
    source = SourceFacts(text)
    figure = lambda s: next(c for c in source.check_sentence(s) if c.fact.kind == "points")  # noqa: E731
    assert figure("In the third quarter, GDP growth was 3.5 percentage points faster.").supported
    assert not figure("In the second quarter, GDP growth was 3.5 percentage points faster.").supported


def test_a_heading_period_governs_its_section_and_a_line_paragraph_ends_a_carry() -> None:
    from pipeline.facts.keyfigures import key_figures

    text = ("Issued in January 2024.\nAt present, elderly people number 297 million.\n"
            "Key work in 2023\nFirst, stabilise growth.\nStrive for an increase of about 6% in value added.\n"
            "The situation\nOutput rose 3% over the period.")
    sentences = split_sentences(text)
    lines, pos = [], 0
    for line in text.split("\n"):
        kind = "heading" if line in ("Key work in 2023", "The situation") else "body"
        lines.append((pos, pos + len(line), kind))
        pos += len(line) + 1
    facts = SourceFacts(text, sentences, paragraphs=lines)
    rows = {k.figure: (k.period, k.period_inherited) for k in key_figures(text, sentences, facts)}
    assert rows["297 million"] == ("", False)  # another line: January 2024 does not carry
    assert rows["6%"] == ("2023", True)  # the heading's year governs its section
    assert rows["3%"] == ("", False)  # a new heading ends it
    read_here = SourceFacts(text, sentences)  # without the layout it is read from the text, the same way
    assert {k.figure: (k.period, k.period_inherited) for k in key_figures(text, sentences, read_here)} == rows


def test_a_period_a_sections_lead_in_fronts_governs_the_sub_sections_it_introduces() -> None:
    """The readout's review opens "since the beginning of this year", then gives its results under headed
    sub-sections: each result is this year's, up to the section's end (the next section's figures are not)."""
    from pipeline.facts.keyfigures import key_figures

    text = ("The meeting pointed out that since the beginning of this year, the system has held the line.\n\n"
            "Summer grain harvest was achieved again.\n\nSummer grain output was 147.39 million tons.\n\n"
            "Sowing is stable.\n\nThe sowing area is 1.31 billion mu. From January to August, output rose 4.2%. "
            "Prices fell 6.7%.\n\nThe meeting stressed that grain output must stay above 1.3 trillion catties.")
    sentences = split_sentences(text)
    review_end = text.index("The meeting stressed")
    lead_in = (0, text.index("Summer grain harvest"), review_end)

    def rows(lead_ins):
        facts = SourceFacts(text, sentences, lead_ins=lead_ins)
        return {k.figure: (k.period, k.period_inherited) for k in key_figures(text, sentences, facts)}

    with_lead_in = rows([lead_in])
    assert with_lead_in["147.39 million"] == ("since the beginning of this year", True)
    assert with_lead_in["1.31 billion"] == ("since the beginning of this year", True)  # the next sub-section too
    assert with_lead_in["6.7%"] == ("From January to August", True)  # its paragraph's own period comes first
    assert with_lead_in["1.3 trillion"] == ("", False)  # past the section's end
    assert rows(None)["147.39 million"] == ("", False)  # without sections there is no lead-in
    source = SourceFacts(text, sentences, lead_ins=[lead_in])
    assert source.check_sentence("Since the beginning of this year, summer grain output was 147.39 million tons.")[0].supported
    assert not source.check_sentence("In the first half of the year, summer grain output was 147.39 million tons.")[0].supported


def test_key_figures_say_what_a_figure_measures_not_its_unit_or_movement() -> None:
    """The measure is the subject a linking verb ties the figure to (the whole of a listed subject),
    the indicator whose movement a second figure gives ("an increase of 3.0%"), what a comparison
    compares ("3.5 percentage points faster"), the object of a verb, the noun after a figure that
    opens a clause; never a unit ("tons", "mu"), a lead-in ("of which") or a trailing qualifier. A bare
    "total" is the total of what the sentence counted."""
    text = (
        "In the first three quarters, the gross domestic product was 87.0269 trillion yuan, an increase of 3.0% "
        "year-on-year at constant prices. The output of pork, beef, mutton and poultry was 68.85 million tons, an "
        "increase of 4.4%. The GDP increased by 3.9% in the third quarter, 3.5 percentage points faster than the second "
        "quarter. In September, consumer prices rose by 2.8%, of which the price of pork rose by 36.0%. The sowing area "
        "of autumn grain is 1.31 billion mu, 7.1 million mu more than the previous year. It is estimated that 650,000 "
        "combine harvesters will be put into the autumn harvest. Stabilize the wheat area at more than 330 million mu, "
        "and expand the rapeseed area by 5 million mu. Strive for an increase of about 6% in the added value of industry. "
        "The province added 208 specialized small and medium-sized enterprises, and the total reached 1,024."
    )
    rows = [(r.figure, r.measure) for r in key_figures(text)]
    assert rows == [
        ("87.0269 trillion yuan", "gross domestic product"), ("3.0%", "gross domestic product"),
        ("68.85 million", "output of pork, beef, mutton and poultry"), ("4.4%", "output of pork, beef, mutton and poultry"),
        ("3.9%", "GDP"), ("3.5 percentage points", "GDP"),
        ("2.8%", "consumer prices"), ("36.0%", "price of pork"),
        ("1.31 billion", "sowing area of autumn grain"), ("7.1 million", "sowing area of autumn grain"),
        ("650,000", "combine harvesters"),
        ("330 million", "wheat area"), ("5 million", "rapeseed area"),
        ("6%", "added value of industry"),
        ("208", "specialized small and medium-sized enterprises"), ("1,024", "specialized small and medium-sized enterprises"),
    ]


def test_a_measure_starts_after_the_clause_before_it() -> None:
    """Neither the movement word that ends the figure before ("year-on-year,") nor a finished clause
    ("... have been built and opened,") is part of what the next figure measures; a figure whose
    subject the translation lost measures nothing that can be named."""
    text = ("From January to July, the added value of industry increased by 3.5% year-on-year, the added value of "
            "manufacturing industry increased by 2.7% year-on-year. As of the end of July, a total of 1.968 million 5G "
            "base stations have been built and opened, 5G mobile phone users reached 475 million.")
    rows = [(r.figure, r.measure) for r in key_figures(text)]
    assert rows == [("3.5%", "added value of industry"), ("2.7%", "added value of manufacturing industry"),
                    ("1.968 million", "5G base stations"), ("475 million", "5G mobile phone users")]
    garbled = "The construction of an intelligent manufacturing ecosystem was accelerated. reached 55.7% and 75.1%."
    assert [r.measure for r in key_figures(garbled)] == ["", ""]  # its subject is lost: no measure, not a wrong one


def test_the_two_ends_of_a_change_from_one_figure_to_another_measure_the_same() -> None:
    text = ("For enterprises that have not incurred debts, the public announcement period is shortened from 45 days to 20 days. "
            "Output rose from 3.5% in May to 4.2% in June.")
    rows = [(r.figure, r.measure) for r in key_figures(text)]
    assert rows == [("45", "public announcement period"), ("20", "public announcement period"),
                    ("3.5%", "Output"), ("4.2%", "Output")]


def test_list_item_article_and_version_numbers_are_not_key_figures() -> None:
    text = ("1. General requirements\n(2) Promote the trade-in of old home appliances.\nArticle 4 Deepen the reform. "
            "Registration shall be compressed to within 1 working day. The Free Trade Area 3.0 talks went on. "
            "(3) Build 300 new plants.")
    sentences = split_sentences(text)
    rows = [(r.figure, r.measure) for r in key_figures(text, sentences)]
    assert rows == [("1", "Registration"), ("300", "new plants")]


def test_figures_listed_respectively_each_measure_their_own_item() -> None:
    """"A and B increased by x and y respectively": x measures A, y measures B, the words the list's
    items share kept on each ("output of rice", "output of wheat"), and a second list of figures with
    no measure of its own takes the same items. Left shared where the items are not parallel (the
    second of "retail sales of consumer goods and fixed-asset investment" is not retail sales), where
    the list's owner cannot be told from its first item, without "respectively" after the figures,
    and never across a figure that is not listed."""
    text = ("From January to July, the added value of high-tech manufacturing and equipment manufacturing increased by "
            "9.0% and 4.9% year-on-year respectively. The output of rice, wheat and corn increased by 1.2%, 2.3% and 3.4% "
            "respectively. Exports and imports grew by 5.1% and 2.0% respectively. Small and medium-sized enterprises "
            "above designated size added value, operating income and total profit grew 3.7%, 9.7% and 1.5% respectively. "
            "The output of pork and beef was 68.85 million tons, an increase of 4.4%, respectively. "
            "The output of rice and wheat was 100 million tons and 50 million tons, an increase of 1.2% and 2.5% "
            "respectively. Retail sales of consumer goods and fixed-asset investment grew 3.5% and 5.9% respectively. "
            "Urban and rural residents' per capita disposable income grew 4.5% and 6.3% respectively. "
            "Exports and imports grew by 7.1% and 2.2%.")
    rows = [(r.figure, r.measure) for r in key_figures(text)]
    shared = "Small and medium-sized enterprises above designated size added value, operating income and total profit"
    sales = "Retail sales of consumer goods and fixed-asset investment"
    income = "Urban and rural residents' per capita disposable income"
    assert rows == [
        ("9.0%", "added value of high-tech manufacturing"), ("4.9%", "added value of equipment manufacturing"),
        ("1.2%", "output of rice"), ("2.3%", "output of wheat"), ("3.4%", "output of corn"),
        ("5.1%", "Exports"), ("2.0%", "imports"),
        ("3.7%", shared), ("9.7%", shared), ("1.5%", shared),
        ("68.85 million", "output of pork and beef"), ("4.4%", "output of pork and beef"),
        ("100 million", "output of rice"), ("50 million", "output of wheat"),
        ("1.2%", "output of rice"), ("2.5%", "output of wheat"),
        ("3.5%", sales), ("5.9%", sales), ("4.5%", income), ("6.3%", income),
        ("7.1%", "Exports and imports"), ("2.2%", "Exports and imports"),
    ]


def test_a_count_with_no_noun_of_its_own_counts_what_the_sentence_counted() -> None:
    """"..., and the total number reached 1,024": the number of those enterprises, not "number";
    "the loan amount" says what it measures and keeps it."""
    text = ("The province added 208 specialized small and medium-sized enterprises, and the total number reached 1,024. "
            "The number of loans was 500, and the loan amount was 3 billion yuan.")
    assert [(r.figure, r.measure) for r in key_figures(text)] == [
        ("208", "specialized small and medium-sized enterprises"), ("1,024", "specialized small and medium-sized enterprises"),
        ("500", "number of loans"), ("3 billion yuan", "loan amount"),
    ]
