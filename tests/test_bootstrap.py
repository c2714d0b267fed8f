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


def test_bench_bleu_intervals_and_p_values_are_sacrebleus_own(monkeypatch):
    """BLEU is not a mean of sentence scores: the bench hands BLEU, chrF and TER to sacrebleu's
    public paired bootstrap, seeded with the bench's seed, and reports what it reports."""
    from sacrebleu.metrics import BLEU
    from sacrebleu.significance import PairedTest

    from pipeline.bench.statistics import sacrebleu_items

    rng = random.Random(1)
    vocab = "the a cat dog sat on mat rug big small red blue ran fast slow".split()
    refs = [" ".join(rng.choices(vocab, k=rng.randint(5, 12))) for _ in range(60)]

    def noisy(text, p):
        return " ".join(w if rng.random() > p else rng.choice(vocab) for w in text.split())

    base, system = [noisy(r, 0.4) for r in refs], [noisy(r, 0.33) for r in refs]
    monkeypatch.setenv("SACREBLEU_SEED", "13")
    _, results = PairedTest([("base", base), ("sys", system)], {"BLEU": BLEU()}, [refs], test_type="bs",
                            n_samples=1000)()
    expected_base, expected = results["BLEU"]
    monkeypatch.setenv("SACREBLEU_SEED", "99")  # the bench's seed wins, and the caller's setting is put back

    ids = [str(i) for i in range(len(refs))]
    ours, theirs = sacrebleu_items("bleu", ids, system, [[r] for r in refs]), sacrebleu_items("bleu", ids, base, [[r] for r in refs])
    assert ours.paired_p(theirs, 1000, 0.95, 13) == pytest.approx(expected.p_value)
    low, high = theirs.interval(1000, 0.95, 13)
    assert (low + high) / 2 == pytest.approx(expected_base.mean) and (high - low) / 2 == pytest.approx(expected_base.ci)
    assert ours.subset(ids[:10]).outputs == system[:10]
    import os

    assert os.environ["SACREBLEU_SEED"] == "99"
