"""Summary metrics: ROUGE against rouge_score itself, novel n-grams and compression by hand,
supported facts through pipeline.facts, and the evaluate modules."""

import pytest
from rouge_score.rouge_scorer import RougeScorer

from pipeline.metrics.core.faithfulness import corpus_supported_facts, numbers_preserved, supported_facts
from pipeline.metrics.core.lexical import compression, corpus_compression, corpus_novel_ngrams, novel_ngram_ratio
from pipeline.metrics.core.rouge import rouge_scores
from pipeline.metrics.core.text import split_sentences, words

SOURCE = (
    "From January to July, the added value of industry rose 3.5% year on year. "
    "Investment in manufacturing grew 9.9% in the same period. "
    "The Ministry of Industry and Information Technology held a meeting in Beijing."
)
PRED = "Industrial value added rose 3.5% from January to July. Manufacturing investment grew 9.9%."
REF = "Industry grew 3.5% in January to July. Investment in manufacturing rose 9.9%."


def test_rouge_matches_rouge_score_on_newline_split_text():
    ours = rouge_scores([PRED], [[REF]])
    lines = RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=True).score(
        REF.replace(". ", ".\n"), PRED.replace(". ", ".\n")
    )
    for name in ("rouge1", "rouge2", "rougeL", "rougeLsum"):
        assert ours[name] == pytest.approx(lines[name].fmeasure)


def test_lsum_differs_from_l_once_sentences_are_split():
    one_line = rouge_scores([PRED], [[REF]], sentence_split="newline")
    split = rouge_scores([PRED], [[REF]], sentence_split="auto")
    assert one_line["rougeLsum"] == pytest.approx(one_line["rougeL"])  # the silent trap
    assert split["rougeLsum"] != pytest.approx(split["rougeL"])
    assert split_sentences("One.\nTwo. Three.") == ["One.", "Two. Three."]  # own lines win under auto
    assert split_sentences("One. Two.", "nupunkt") == ["One.", "Two."]


def test_rouge_stemming_and_best_reference():
    stem = rouge_scores(["investments grew"], [["investment grows"]], ["rouge1"])["rouge1"]
    plain = rouge_scores(["investments grew"], [["investment grows"]], ["rouge1"], use_stemmer=False)["rouge1"]
    assert (stem, plain) == (0.5, 0.0)  # "investments" stems to "invest"; "grew" is irregular
    best = rouge_scores(["a b c"], [["x y z", "a b c"]], ["rouge1"])
    assert best["rouge1"] == 1.0
    with pytest.raises(ValueError):
        rouge_scores(["a"], [["a"]], ["rouge9"])


def test_novel_ngrams_and_compression_by_hand():
    source, summary = "The cat sat on the mat.", "the cat ran"
    # unigrams: "ran" new of 3; bigrams: "cat ran" new of 2; the one trigram is new
    assert [novel_ngram_ratio(source, summary, n) for n in (1, 2, 3)] == pytest.approx([1 / 3, 1 / 2, 1.0])
    assert novel_ngram_ratio(source, "cat", 2) is None
    assert compression(source, summary) == 2.0 and compression(source, "") is None
    assert words("It rose 3.5% to 1,200 units year-on-year.") == ["it", "rose", "3.5", "to", "1,200", "units", "year-on-year"]
    r = corpus_compression([source, source], [summary, ""])
    assert (r["compression"], r["empty_summaries"], r["summary_words"]) == (2.0, 1, 1.5)
    assert corpus_novel_ngrams([source], [summary], [2])["novel_2gram"] == 0.5


def test_supported_facts_keep_their_attachment():
    right = supported_facts(SOURCE, "From January to July, industrial added value rose 3.5%.")
    assert right["supported_rate"] == 1.0 and right["facts"] >= 2
    moved = supported_facts(SOURCE, "In the first half of the year, industrial added value rose 3.5%.")
    assert moved["supported_rate"] < 1.0 and moved["unsupported"]
    invented = supported_facts(SOURCE, "Exports rose 7.2%.", kinds=["percent"])
    assert (invented["supported"], invented["facts"]) == (0, 1)
    assert supported_facts(SOURCE, "It was a meeting.", kinds=["percent"])["supported_rate"] is None
    corpus = corpus_supported_facts([SOURCE, SOURCE], ["Exports rose 7.2%.", "Manufacturing investment grew 9.9%."],
                                    kinds=["percent"])
    assert (corpus["supported"], corpus["facts"], corpus["supported_rate"]) == (1, 2, 0.5)


def test_numbers_preserved_names_the_lost_figure():
    r = numbers_preserved(SOURCE, SOURCE.replace("9.9%", "9%"))
    assert r["numbers"] == 2 and r["numbers_preserved"] == 0.5
    assert [f["text"] for f in r["lost"]] == ["9.9%"]


@pytest.fixture(scope="module")
def modules():
    from pipeline.metrics import load_metric

    return {name: load_metric(name) for name in ("rouge", "supported_facts", "novel_ngrams", "compression")}


def test_modules_compute_and_sign(modules):
    r = modules["rouge"].compute(predictions=[PRED], references=[REF])
    assert r["rougeLsum"] == pytest.approx(rouge_scores([PRED], [[REF]])["rougeLsum"])
    assert "stem:porter" in r["signature"] and "lsum_split:auto" in r["signature"] and "rouge_score-0.1.2" in r["signature"]
    f = modules["supported_facts"].compute(sources=[SOURCE], predictions=["Exports rose 7.2%."], kinds=["percent"],
                                           min_subject_overlap=0.8)
    assert f["supported_rate"] == 0.0 and "min_subject_overlap:0.8" in f["signature"]
    n = modules["novel_ngrams"].compute(sources=["The cat sat on the mat."], predictions=["the cat ran"], orders=[1])
    assert n["novel_1gram"] == pytest.approx(1 / 3) and "n:1|" in n["signature"]
    c = modules["compression"].compute(sources=["The cat sat on the mat."], predictions=["the cat ran"])
    assert c["compression"] == 2.0 and c["signature"].startswith("metric:compression|")
