"""The nugget oracle: the best extract at the budget, found with the gold (a ceiling row)."""

import itertools
import json
import random

from pipeline.bench.oracle import best_cover


def _weight(picked, covers, weights):
    return sum(weights[k] for k in set().union(*(covers[i] for i in picked))) if picked else 0


def _brute_force(covers, costs, weights, budget):
    best = 0.0
    for r in range(len(covers) + 1):
        for combo in itertools.combinations(range(len(covers)), r):
            if sum(costs[i] for i in combo) <= budget:
                best = max(best, _weight(combo, covers, weights))
    return best


def test_best_cover_finds_the_optimum_where_greedy_picking_does_not():
    # by weight per word (and by weight alone), greedy takes sentence 0 first and then has no room for
    # 1 and 2, which carry all three nuggets together within the budget
    covers = [{0, 1}, {0, 2}, {1}]
    picked = best_cover(covers, [5, 6, 4], [1.0, 1.0, 1.0], budget=10)
    assert picked == [1, 2]


def test_best_cover_matches_brute_force_and_keeps_the_budget():
    rng = random.Random(7)
    for _ in range(40):
        n, m = rng.randint(1, 7), rng.randint(1, 5)
        covers = [set(k for k in range(m) if rng.random() < 0.35) for _ in range(n)]
        costs = [rng.randint(3, 30) for _ in range(n)]
        weights = [float(rng.randint(1, 3)) for _ in range(m)]
        budget = rng.randint(5, 60)
        picked = best_cover(covers, costs, weights, budget)
        assert sum(costs[i] for i in picked) <= budget
        assert _weight(picked, covers, weights) == _brute_force(covers, costs, weights, budget)


def test_best_cover_takes_no_sentence_that_adds_nothing():
    picked = best_cover([{0}, set(), {0}], [10, 2, 5], [2.0], budget=100)
    assert picked == [2]  # one sentence carries the nugget: the shorter; the empty one is not taken


def test_nugget_oracle_baseline_takes_the_sentences_that_carry_the_gold():
    from pipeline.bench.systems import BASELINES

    text = ("The ministry held a meeting in Beijing on Monday to review the work of the year. "
            "The meeting stressed that all departments must study the spirit of the conference carefully. "
            "From January to July, industrial output grew by 3.5% year-on-year. "
            "Officials also discussed many other matters in a friendly atmosphere.")
    nuggets = [{"text": "Industrial output grew 3.5% in January-July.", "figure": "3.5%", "period": "January to July",
                "weight": 3}]
    entry = BASELINES["nugget-oracle"]
    doc = entry.run(text, {"nuggets": [json.dumps(n) for n in nuggets]})
    assert entry.stage == "summarize"
    assert doc.summary.text == "From January to July, industrial output grew by 3.5% year-on-year."
    assert [s.support for s in doc.summary.sentences] == [[2]]
