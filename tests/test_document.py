"""The document model's offset bookkeeping: edits proposed on the cleaned text are kept in
source coordinates, and any cleaned span maps back to the exact source characters."""

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.document import Document

ALPHABET = "ab \n.,"


@st.composite
def edit_sequences(draw):
    source = draw(st.text(alphabet=ALPHABET, min_size=0, max_size=40))
    steps = []
    length = len(source)
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, length))
        end = draw(st.integers(start, length))
        after = draw(st.text(alphabet="xyz", max_size=4))
        steps.append((start, end, after))
        length += len(after) - (end - start)
    return source, steps


def apply_all(source, steps):
    doc, expected = Document(source), source
    for n, (start, end, after) in enumerate(steps):
        doc.edit(start, end, after, rule=f"r{n}", reason="test")
        expected = expected[:start] + after + expected[end:]
    return doc, expected


@settings(max_examples=300, deadline=None)
@given(edit_sequences())
def test_cleaned_equals_sequential_application(case):
    doc, expected = apply_all(*case)
    assert doc.cleaned == expected


@settings(max_examples=300, deadline=None)
@given(edit_sequences())
def test_edits_are_sorted_disjoint_and_quote_the_source(case):
    doc, _ = apply_all(*case)
    prev_end = 0
    for e in doc.edits:
        assert prev_end <= e.start <= e.end <= len(doc.source)
        assert doc.source[e.start : e.end] == e.before
        assert e.before != e.after
        prev_end = e.end


@settings(max_examples=300, deadline=None)
@given(edit_sequences())
def test_unedited_characters_map_back_exactly(case):
    doc, _ = apply_all(*case)
    inside = {p for cs, ce, _ in doc.replacement_spans() for p in range(cs, ce)}
    for i, ch in enumerate(doc.cleaned):
        s, e = doc.to_source(i, i + 1)
        if i in inside:
            continue
        assert (e - s, doc.source[s]) == (1, ch)
        lo, hi = doc.to_cleaned(s, e)  # insertions on either side are included
        assert lo <= i < i + 1 <= hi and doc.cleaned[lo:hi].strip("xyz") == ch


@settings(max_examples=200, deadline=None)
@given(edit_sequences(), st.data())
def test_any_cleaned_span_maps_to_a_source_span_that_produces_it(case, data):
    doc, _ = apply_all(*case)
    n = len(doc.cleaned)
    a = data.draw(st.integers(0, n))
    b = data.draw(st.integers(a, n))
    s, e = doc.to_source(a, b)
    assert 0 <= s <= e <= len(doc.source)
    lo, hi = doc.to_cleaned(s, e)
    assert lo <= a and b <= hi  # the mapped source span covers the whole cleaned span


def test_edit_spans_map_to_their_own_source_spans():
    doc = Document("operable, assessable, and assessable.")
    doc.edit(8, 36, " and assessable", rule="artifact", reason="repeat")
    (e,) = doc.edits
    assert doc.cleaned == "operable and assessable."
    assert doc.to_source(*doc.cleaned_span(e)) == (e.start, e.end)


def test_touching_an_earlier_edit_merges_and_records_it():
    doc = Document("the Big cat sat")
    doc.edit(4, 7, "big", rule="case", reason="mid-sentence capital")
    doc.edit(4, 11, "large cat", rule="style", reason="word choice")
    (e,) = doc.edits
    assert (e.before, e.after, e.rule, e.merged) == ("Big cat", "large cat", "style", ["case"])


def test_edit_undoing_an_edit_restores_the_source():
    doc = Document("one two")
    doc.edit(0, 3, "1", rule="a", reason="x")
    doc.edit(0, 1, "one", rule="b", reason="y")
    assert doc.edits == [] and doc.cleaned == "one two"


def test_round_trip_through_json_dict():
    doc = Document("alpha beta gamma")
    doc.edit(6, 10, "BETA", rule="r", reason="why", confidence=0.5)
    again = Document.from_dict(doc.to_dict())
    assert again.cleaned == doc.cleaned and again.edits == doc.edits
