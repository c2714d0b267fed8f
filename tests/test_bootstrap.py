"""Bootstrap intervals and the paired test, including agreement with sacrebleu's --paired-bs."""

import random

import numpy as np
import pytest

from pipeline.metrics.bootstrap import bootstrap_ci, paired_bootstrap


def test_interval_brackets_the_mean_and_is_reproducible():
    scores = np.random.default_rng(0).normal(0.5, 0.1, 200)
    ci = bootstrap_ci(scores)
    assert ci.low < ci.score < ci.high and ci.score == pytest.approx(scores.mean())
    assert ci == bootstrap_ci(scores)  # seeded
    assert (ci.high - ci.low) > (bootstrap_ci(scores, confidence=0.5).high - bootstrap_ci(scores, confidence=0.5).low)
    # a constant score has no spread
    flat = bootstrap_ci([0.7] * 30)
    assert flat.low == flat.high == pytest.approx(0.7)


def test_paired_test_tells_a_real_difference_from_none():
    rng = np.random.default_rng(1)
    base = rng.normal(0.5, 0.1, 200)
    better = base + 0.02 + rng.normal(0, 0.01, 200)
    assert paired_bootstrap(better, base).p_value < 0.01
    assert paired_bootstrap(base, base).p_value == 1.0  # a system against itself is never "significant"
    noise = base + rng.normal(0, 0.05, 200)
    assert paired_bootstrap(noise, base).p_value > 0.05


def test_inputs_are_checked():
    with pytest.raises(ValueError):
        bootstrap_ci([])
    with pytest.raises(ValueError):
        bootstrap_ci([0.1, float("nan")])
    with pytest.raises(ValueError):
        paired_bootstrap([0.1, 0.2], [0.1])
    with pytest.raises(ValueError):
        bootstrap_ci(np.ones((5, 3)))  # sufficient statistics need a statistic function


def test_paired_p_value_matches_sacrebleu_for_bleu(monkeypatch):
    from sacrebleu.metrics import BLEU
    from sacrebleu.significance import PairedTest

    rng = random.Random(1)
    vocab = "the a cat dog sat on mat rug big small red blue ran fast slow".split()
    refs = [" ".join(rng.choices(vocab, k=rng.randint(5, 12))) for _ in range(60)]

    def noisy(text, p):
        return " ".join(w if rng.random() > p else rng.choice(vocab) for w in text.split())

    base, system = [noisy(r, 0.4) for r in refs], [noisy(r, 0.33) for r in refs]
    monkeypatch.setenv("SACREBLEU_SEED", "13")
    _, results = PairedTest([("base", base), ("sys", system)], {"BLEU": BLEU()}, [refs], test_type="bs",
                            n_samples=1000)()
    expected = results["BLEU"][1]

    bleu = BLEU()  # BLEU is not a mean: resample sentences' n-gram statistics and sum them

    def stats(hyps):
        return np.array(bleu._extract_corpus_statistics(hyps, [refs]), dtype=float)

    def corpus_bleu(sample):
        return bleu._compute_score_from_stats(list(sample.sum(0))).score

    ours = paired_bootstrap(stats(system), stats(base), statistic=corpus_bleu, seed=13)
    assert ours.system.score == pytest.approx(expected.score)
    assert ours.p_value == pytest.approx(expected.p_value)
