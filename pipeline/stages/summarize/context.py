"""Source sentences taken into a briefing, each stating its figures' period.

In a bulletin a sentence leans on its paragraph: "Investment in manufacturing grew 9.9%"
follows the sentence that fronted "From January to July", and the tasks under "Key work in
2023" give no year. Taken out of its paragraph the figure loses its period, and a figure without
its period is half a fact. The key figures table (``pipeline.facts.keyfigures``) already knows
which figures took their period from earlier; a sentence whose figures all took the same one
gets it in front, worded as the source words it ("From January to July, investment ...").
The fact check then reads the result like any other briefing sentence.
"""

from __future__ import annotations

import re

from ...document import Document, SummarySentence
from ...structure import LIST_MARKER

# A period that already carries its preposition ("From January to July", "By the end of 2023").
_PREPOSITION = re.compile(r"^(?:in|from|during|by|as of|at|for|since|over|between|through|until)\b", re.I)
_WORD = re.compile(r"^(\S+)(\s.*)?$", re.S)
# A sentence that opens on its own time ("At present, ...", "So far this year, ...") keeps it.
_OWN_TIME = re.compile(r"^(?:at present|currently|now|so far|to date|since|as of|until|recently|in recent years|"
                       r"this year|last year|next year|at the same time|meanwhile)\b", re.I)
# A list item's marker: "(1) ", "1. ", "(iii) ", "（一）".
# Words that open a sentence and are never names.
_COMMON = frozenset("a an the this that these those it its their they there we our such both all each among "
                    "of in on for with after under".split())


def stated_sentences(doc: Document, ids: list[int]) -> list[SummarySentence]:
    """The sentences ``ids`` as briefing sentences, each linked to itself, periods stated, list
    markers ("(1)") dropped."""
    inherited: dict[int, set[str]] = {}
    for row in doc.key_figures:
        if row.period_inherited and row.period:
            inherited.setdefault(row.sentence, set()).add(row.period)
    out = []
    for i in ids:
        text = LIST_MARKER.sub("", doc.sentence_text(i).strip())  # a briefing sentence is no list item
        text = text[:1].upper() + text[1:]
        periods = inherited.get(i, set())
        if len(periods) == 1 and not _OWN_TIME.match(text):
            text = with_period(text, next(iter(periods)), doc.cleaned)
        out.append(SummarySentence(text, support=[i]))
    return out


def with_period(sentence: str, period: str, source: str) -> str:
    """``sentence`` with ``period`` in front; its first word lower-cased unless the source
    writes it capitalised inside a sentence too (a name: "Henan", "GDP")."""
    lead = " ".join(period.split())
    lead = lead[0].upper() + lead[1:] if _PREPOSITION.match(lead) else f"In {lead}"
    m = _WORD.match(sentence)
    if not m:
        return sentence
    first, rest = m.group(1), m.group(2) or ""
    if not _is_name(first, source):
        first = first[0].lower() + first[1:]
    return f"{lead}, {first}{rest}"


def _is_name(word: str, source: str) -> bool:
    core = word.strip("\"'“‘(,")
    if not core or not core[0].isupper():
        return True  # a figure or a lower-case word stays as it is
    if len(core) > 1 and core.isupper():
        return True  # an acronym
    if core.lower() in _COMMON:
        return False
    return re.search(rf"[a-z] {re.escape(core)}\b", source) is not None
