"""The decisions model: defaults, each kind of decision, overlaps, JSON round trip, re-run stability."""

import json

import pytest

from pipeline.document import Document, Flag
from pipeline.errors import InputError
from pipeline.review import (
    Decisions,
    add_editor_edit,
    apply_decisions,
    choose_suggestion,
    current_text,
    decide_edit,
    decide_rule,
    decided_position,
    edit_id,
    flag_id,
    remove_editor_edit,
    resolve,
    stale_ids,
)

SOURCE = "The Meeting met.\nIt was operable, assessable, and assessable.\n\nProfit rose 3.5% and and 4%."


def make_doc() -> Document:
    d = Document(SOURCE)
    d.edit(4, 11, "meeting", rule="artifact.midsentence-capital", reason="capital in mid-sentence", confidence=0.8)
    i = d.cleaned.index("\nIt")
    d.edit(i, i + 1, " ", rule="layout.join-broken-sentence", reason="line broken mid-paragraph")
    i = d.cleaned.index(", and assessable")
    d.edit(i, i + len(", and assessable"), "", rule="artifact.repeated-coordinate", reason="repeat")
    s = SOURCE.index(" and and")
    d.flags = [
        Flag(s, s + 8, " and and", "artifact.repeated-noun", "'and' twice", 0.45, [" and", " or"]),
        Flag(len(SOURCE), len(SOURCE), "", "layout.missing-period", "no full stop", 0.4, ["\n"]),
    ]
    return d


@pytest.fixture()
def doc() -> Document:
    return make_doc()


def test_defaults_accept_every_edit_and_no_suggestion(doc):
    assert apply_decisions(doc, Decisions()) == doc.cleaned


def test_rejecting_every_edit_gives_the_source(doc):
    d = Decisions()
    for e in doc.edits:
        decide_edit(doc, d, edit_id(e), accept=False)
    assert apply_decisions(doc, d) == SOURCE


def test_reject_one_edit(doc):
    d = Decisions()
    decide_edit(doc, d, edit_id(doc.edits[0]), accept=False)
    assert apply_decisions(doc, d) == doc.cleaned.replace("The meeting", "The Meeting")
    decide_edit(doc, d, edit_id(doc.edits[0]), accept=True)
    assert d.edits == {} and apply_decisions(doc, d) == doc.cleaned


def test_choose_a_suggestion_and_take_it_back(doc):
    d = Decisions()
    choose_suggestion(doc, d, flag_id(doc.flags[0]), " or")
    assert apply_decisions(doc, d) == doc.cleaned.replace("3.5% and and 4%", "3.5% or 4%")
    choose_suggestion(doc, d, flag_id(doc.flags[0]), None)
    assert apply_decisions(doc, d) == doc.cleaned


def test_an_insertion_suggestion_at_the_end(doc):
    d = Decisions()
    choose_suggestion(doc, d, flag_id(doc.flags[1]), "\n")
    assert apply_decisions(doc, d) == doc.cleaned + "\n"


def test_a_choice_that_is_not_a_suggestion_is_refused(doc):
    with pytest.raises(InputError, match="not one of the suggestions"):
        choose_suggestion(doc, Decisions(), flag_id(doc.flags[0]), " plus")


def test_unknown_ids_are_refused_with_a_clear_message(doc):
    with pytest.raises(InputError, match="no edit 'edit:0-1:x'"):
        decide_edit(doc, Decisions(), "edit:0-1:x", False)
    with pytest.raises(InputError, match="no edit or flag of rule"):
        decide_rule(doc, Decisions(), "nothing.here", True)


def test_rule_wide_decisions(doc):
    d = Decisions()
    assert decide_rule(doc, d, "artifact.repeated-coordinate", accept=False) == 1
    assert "and assessable." in apply_decisions(doc, d)
    decide_rule(doc, d, "artifact.repeated-noun", accept=True)  # a flag's rule: takes its first suggestion
    assert "3.5% and 4%" in apply_decisions(doc, d)
    decide_rule(doc, d, "artifact.repeated-noun", accept=False)
    assert "3.5% and and 4%" in apply_decisions(doc, d)


def test_editor_edit_by_source_offsets(doc):
    d = Decisions()
    s = SOURCE.index("Profit")
    new = add_editor_edit(doc, d, s, s + 6, "Profits", note="plural")
    assert new.before == "Profit" and new.id == f"editor:{s}-{s + 6}"
    assert apply_decisions(doc, d) == doc.cleaned.replace("Profit rose", "Profits rose")
    remove_editor_edit(d, new.id)
    assert apply_decisions(doc, d) == doc.cleaned


def test_editor_edit_over_a_change_wins_and_is_shown_as_the_decided_text(doc):
    d = Decisions()
    e = doc.edits[0]  # Meeting -> meeting
    assert current_text(doc, d, 0, e.end) == "The meeting"
    add_editor_edit(doc, d, 0, e.end, "This meeting")
    winners, lost = resolve(doc, d)
    assert [c.id for c in lost] == [edit_id(e)]
    assert apply_decisions(doc, d).startswith("This meeting met. It was")


def test_a_span_cutting_through_a_change_is_refused(doc):
    e = doc.edits[2]
    with pytest.raises(InputError, match="cuts through the change"):
        add_editor_edit(doc, Decisions(), e.start + 2, e.end + 3, "x")


def test_a_new_correction_replaces_an_overlapping_one_and_a_no_op_is_ignored(doc):
    d = Decisions()
    s = SOURCE.index("Profit")
    add_editor_edit(doc, d, s, s + 6, "Profits")
    add_editor_edit(doc, d, s, s + 11, "Income fell")
    assert len(d.editor) == 1 and d.editor[0].before == "Profits rose"
    assert add_editor_edit(doc, d, s, s + 11, "Income fell") is None
    assert "Income fell 3.5%" in apply_decisions(doc, d)


def test_chosen_suggestion_beats_an_overlapping_edit():
    d = Document("a bb bb c")
    d.edit(2, 4, "BB", rule="r.upper", reason="test")
    d.flags = [Flag(1, 7, " bb bb", "r.echo", "echo", 0.4, [" bb"])]
    dec = Decisions()
    assert apply_decisions(d, dec) == "a BB bb c"
    choose_suggestion(d, dec, flag_id(d.flags[0]), " bb")
    assert apply_decisions(d, dec) == "a bb c"


def test_json_round_trip_and_stable_ids_across_a_rerun(doc):
    d = Decisions.for_document(doc)
    decide_edit(doc, d, edit_id(doc.edits[1]), accept=False)
    choose_suggestion(doc, d, flag_id(doc.flags[0]), " and")
    add_editor_edit(doc, d, 0, 3, "A")
    saved = json.loads(json.dumps(d.to_dict()))
    rerun = make_doc()  # a fresh run: new objects, same edits
    restored = Decisions.from_dict(saved)
    assert restored == d
    assert apply_decisions(rerun, restored) == apply_decisions(doc, d)
    assert stale_ids(rerun, restored) == []


def test_a_decision_whose_edit_is_gone_is_kept_but_inert(doc):
    d = Decisions()
    decide_edit(doc, d, edit_id(doc.edits[0]), accept=False)
    rerun = make_doc()
    del rerun.edits[0]
    rerun._cleaned = None
    assert stale_ids(rerun, d) == [edit_id(doc.edits[0])]
    assert apply_decisions(rerun, d) == rerun.cleaned


def test_malformed_decisions_are_an_input_error():
    with pytest.raises(InputError, match="malformed"):
        Decisions.from_dict({"editor": [{"start": "x"}]})
    with pytest.raises(InputError, match="version"):
        Decisions.from_dict({"version": 99})


def test_decided_position_maps_source_offsets_into_the_decided_text(doc):
    changes = resolve(doc, Decisions())[0]
    text = apply_decisions(doc, Decisions())
    s = SOURCE.index("Profit")
    assert text[decided_position(changes, s) :].startswith("Profit rose")
    assert decided_position(changes, 5) == 4  # inside "Meeting": the change's start
