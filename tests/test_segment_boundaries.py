"""Boundary signals and the two-level decision, on hand-made evidence (no model)."""

import numpy as np
import pytest

from pipeline.stages.segment import DEFAULTS
from pipeline.stages.segment.boundaries import decide, pick, split_long, standout
from pipeline.stages.segment.signals import (
    Cue,
    Signals,
    closing_block,
    heading_score,
    list_markers,
    read_marker,
    restatement,
    topic_shift,
)

HEADING = DEFAULTS["heading"]


def markers(texts, min_items=2):
    return list_markers([read_marker(t) for t in texts], min_items)


def signals(n, **kw):
    """Evidence for ``n`` one-sentence paragraphs; keyword lists override the defaults."""
    base = dict(
        texts=[f"Sentence {i}." for i in range(n)],
        paragraph_start=[True] * n,
        whole_paragraph=[True] * n,
        cue=[None] * n,
        marker=[None] * n,
        heading=[0.0] * n,
        topic=[0.0] * n,
        restated=[0.0] * n,
    )
    base.update(kw)
    return Signals(**base)


def outline(sig, **opts):
    merged = {**DEFAULTS, **opts}
    return [(b.sentence, b.level, b.signal) for b in decide(sig, merged)]


# ---- list markers ---------------------------------------------------------------------
def test_marker_styles_and_numbers():
    assert (read_marker("III. The service industry").style, read_marker("III. The service industry").number) == ("roman", 3)
    assert read_marker("(2) Promote the trade-in.").number == 2
    assert read_marker("Fourth, Plan ahead.").style == "ordinal"
    assert read_marker("1.968 million base stations were built.") is None
    assert read_marker("CIVIL. law") is None  # not a well-formed Roman numeral


def test_markers_must_form_a_sequence_and_outer_style_ranks_first():
    found = markers(["1. Aims", "(1) Do a", "(2) Do b", "2. Tasks", "(1) Do c", "7. Stray", "Body."])
    assert [m and (m.style, m.rank) for m in found] == [
        ("arabic", 0), ("parenthesised", 1), ("parenthesised", 1), ("arabic", 0), ("parenthesised", 1), None, None,
    ]


def test_a_lone_numbered_line_is_not_a_list():
    assert markers(["Body text.", "1. Only item"]) == [None, None]


# ---- headings, closing, topic ---------------------------------------------------------
def test_heading_score_prefers_short_lines_over_body_sentences():
    heading = heading_score("The industrial economy recovered rapidly.", None, 40, HEADING)
    body = heading_score("From January to July, added value increased by 3.5% year-on-year.", None, 40, HEADING)
    fragment = heading_score("reached 55.7% and 75.1%.", None, 40, HEADING)
    assert heading > 0.8 and body < 0.3 and fragment == 0.0


def test_heading_score_counts_words_after_the_marker_and_rewards_unpunctuated_lines():
    with_stop = heading_score("Key tasks.", None, 3, HEADING)
    line = heading_score("2. Key tasks", read_marker("2. Key tasks"), 3, HEADING)
    assert line > with_stop


def test_closing_block_needs_trailing_unpunctuated_lines():
    texts = ["Body.", "More body.", "General Office of the Ministry", "June 28, 2022"]
    assert closing_block(texts, [True] * 4, 2) == 2
    assert closing_block(texts[:3], [True] * 3, 2) is None


def test_topic_shift_peaks_where_the_topic_changes():
    a, b = np.eye(4)[0], np.eye(4)[1]
    vectors = np.array([a, a, a, a, b, b, b, b])
    depth = topic_shift(vectors, 2)
    assert int(np.argmax(depth)) == 4 and depth[4] == 1.0


def test_restatement_sees_a_sentence_repeated_across_a_gap():
    a, b, c = np.eye(3)
    rep = restatement(np.array([a, b, a, c]), 2)
    assert rep[2] == pytest.approx(1.0) and rep[3] == pytest.approx(0.0)


# ---- decisions ------------------------------------------------------------------------
def test_cue_phrases_open_sections_and_own_the_headings_after_them():
    n = 10
    cue = [None] * n
    cue[3], cue[7] = Cue("review", "p"), Cue("requirements", "p")
    heading = [0.0] * n
    heading[4] = heading[5] = 1.0  # too close: at most one sub-section from them (min size 2)
    out = outline(signals(n, cue=cue, heading=heading))
    assert out == [(0, 1, "start"), (3, 1, "cue"), (4, 2, "score"), (7, 1, "cue")]


def test_outer_list_is_level_one_and_nested_list_level_two():
    texts = ["Preamble.", "1. Aims", "Text.", "2. Tasks", "(1) Do a.", "Text.", "(2) Do b.", "Text."]
    out = outline(signals(len(texts), texts=texts, marker=markers(texts)))
    assert out == [(0, 1, "start"), (1, 1, "list"), (3, 1, "list"), (4, 2, "list"), (6, 2, "list")]


def test_list_under_a_cue_is_level_two():
    texts = ["Lede.", "The meeting required.", "First, do a.", "Text.", "Second, do b.", "Text."]
    cue = [None, Cue("tasks", "p"), None, None, None, None]
    out = outline(signals(len(texts), texts=texts, cue=cue, marker=markers(texts)))
    assert out == [(0, 1, "start"), (1, 1, "cue"), (2, 2, "list"), (4, 2, "list")]


def test_restated_text_vetoes_a_cue_boundary():
    n = 6
    cue = [None, None, Cue("requirements", "p"), None, None, None]
    restated = [0.0, 0.0, 0.95, 0.0, 0.0, 0.0]
    assert outline(signals(n, cue=cue, restated=restated)) == [(0, 1, "start")]


def test_text_without_structure_is_cut_where_the_score_stands_out():
    n = 12
    topic = [0.0] * n
    topic[6] = 1.0
    topic[3] = 0.1
    out = outline(signals(n, topic=topic, paragraph_start=[True] + [False] * (n - 1), whole_paragraph=[False] * n))
    assert out == [(0, 1, "start"), (6, 1, "score")]


def test_maximum_section_size_splits_long_sections():
    n = 30
    out = outline(signals(n), sizes={**DEFAULTS["sizes"], "max_section": 10})
    starts = [s for s, level, _ in out if level == 1] + [n]
    assert max(b - a for a, b in zip(starts, starts[1:])) <= 10
    assert {sig for _, _, sig in out} <= {"start", "size"}


def test_pick_keeps_the_minimum_gap_and_the_best_scores():
    scores = [0, 0.9, 0.8, 0, 0, 0.7, 0.2, 0]
    assert pick(scores, 0.5, range(1, 8), [0, 8], 2) == [2, 5]


def test_split_long_cuts_at_the_best_score():
    scores = [0, 0, 0, 0, 0.9, 0, 0, 0]
    assert split_long(scores, [0], 8, 5, 2) == [4]


def test_standout_is_infinite_for_a_flat_text():
    assert standout([0.0, 0.3, 0.3, 0.3], 1.0) == float("inf")


def test_chapters_hold_articles():
    texts = ["Preamble.", "Chapter I General Provisions", "Article 1 Aims.", "Article 2 Scope.",
             "Chapter II Access", "Article 3 Open.", "Text.", "Article 4 Ease.", "Text."]
    found = markers(texts)
    assert [m and (m.style, m.number, m.rank) for m in found][1:5] == [
        ("chapter", 1, 0), ("article", 1, 1), ("article", 2, 1), ("chapter", 2, 0)]
    out = outline(signals(len(texts), texts=texts, marker=found))
    assert [(s, level) for s, level, _ in out] == [(0, 1), (1, 1), (2, 2), (3, 2), (4, 1), (5, 2), (7, 2)]


# ---- linear-time versions agree with the plain definitions -------------------------------
from hypothesis import given, settings, strategies as st  # noqa: E402

from pipeline.stages.segment.boundaries import drop_short  # noqa: E402
from pipeline.stages.segment.signals import _peaks  # noqa: E402


def _climb(sims, i, step):
    peak, j = sims[i], i + step
    while 1 <= j < len(sims) and sims[j] >= peak:
        peak, j = sims[j], j + step
    return peak


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([0.1, 0.2, 0.3, 0.5, 0.9]), min_size=2, max_size=40))
def test_peaks_equal_walking_from_each_gap(sims):
    left, right = _peaks(np.array(sims))
    for i in range(1, len(sims)):
        assert left[i] == pytest.approx(_climb(sims, i, -1))
        assert right[i] == pytest.approx(_climb(sims, i, +1))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([0.0, 0.3, 0.6, 0.9]), min_size=3, max_size=40), st.integers(1, 4), st.data())
def test_pick_equals_checking_every_taken_boundary(scores, gap, data):
    n = len(scores)
    fixed = data.draw(st.lists(st.integers(0, n), max_size=4))
    taken = []
    for i in sorted(range(1, n), key=lambda j: (-scores[j], j)):
        if scores[i] < 0.5:
            break
        if all(abs(i - j) >= gap for j in (*fixed, *taken)):
            taken.append(i)
    assert pick(scores, 0.5, range(1, n), fixed, gap) == sorted(taken)


@settings(max_examples=100, deadline=None)
@given(st.sets(st.integers(0, 30), max_size=10), st.integers(1, 4))
def test_drop_short_merges_each_short_section_into_the_one_before(starts, min_len):
    kept = dict.fromkeys(starts, "cue")
    for i in sorted(starts):
        if min([j for j in kept if j > i], default=31) - i < min_len:
            del kept[i]
    assert drop_short(dict.fromkeys(starts, "cue"), 31, min_len) == kept
