"""Source sentences taken into a briefing, each stating its figures' period.

In a bulletin a sentence leans on its paragraph: "Investment in manufacturing grew 9.9%"
follows the sentence that fronted "From January to July", and the tasks under "Key work in
2023" give no year. Taken out of its paragraph the figure loses its period, and a figure without
its period is half a fact. The key figures table (``pipeline.facts.keyfigures``) already knows
which figures took their period from earlier; a sentence whose figures all took the same one
gets it in front, worded as the source words it ("From January to July, investment ...").
The fact check then reads the result like any other briefing sentence.

Dates lean the same way. Wire copy gives the month once, in its dateline ("Xinhua News Agency,
Beijing, March 15th."), and the story says "on the 15th"; a notice gives its date once, under
its signature. A briefing sentence states the date whole: a bare day that is the dateline's day
becomes the dateline's date, and a generated headline on issuing a notice that names no date
gets the signature's (``dated_headline``). Either way the date is the source's own words.
"""

from __future__ import annotations

import re

from ...document import Document, SummarySentence
from ...facts import Fact, extract_facts
from ...facts.text import BREAKDOWN
from ...structure import LIST_MARKER

# A period that already carries its preposition ("From January to July", "By the end of 2023").
_PREPOSITION = re.compile(r"^(?:in|from|during|by|as of|at|for|since|over|between|through|until)\b", re.I)
_WORD = re.compile(r"^(\S+)(\s.*)?$", re.S)
# A sentence that opens on its own time ("At present, ...", "So far this year, ...") keeps it.
_OWN_TIME = re.compile(r"^(?:at present|currently|now|so far|to date|since|as of|until|recently|in recent years|"
                       r"this year|last year|next year|at the same time|meanwhile)\b", re.I)
# "Among them, exports were ...": a breakdown of the sentence before it, which it points back to.
_BREAKDOWN = re.compile(rf"^(?:{BREAKDOWN}|of\s+these)\s*,\s*", re.I)
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
        dated = with_dateline_day(text, doc)
        out.append(SummarySentence(dated, support=sorted({0, i}) if dated != text else [i]))
    return out


# "on the 15th", "by the 3rd": a day whose month and year the dateline gives.
_BARE_DAY = re.compile(r"\bthe (\d{1,2})(?:st|nd|rd|th)\b(?! (?:of|century|anniversary|session|plenary|meeting|congress)\b)")
# A generated headline on a document being issued ("... has issued a notice on ...").
_ISSUES = re.compile(r"\b(?:issued|released|published|promulgated|printed and distributed)\b", re.I)


def dateline_date(doc: Document) -> Fact | None:
    """The date of the text's dateline: its first sentence, when that names a date and states
    nothing (every word capitalised or a number: "Xinhua News Agency, Beijing, March 15th.")."""
    if not doc.sentences:
        return None
    first = doc.sentence_text(0)
    dates = extract_facts(first, ("date",))
    if len(dates) != 1 or any(w[0].islower() for w in first.split()):
        return None
    return dates[0]


def signature_date(doc: Document) -> Fact | None:
    """The date under a document's signature: its last paragraph, when that is a date and nothing
    else ("June 28, 2022"), as notices and measures end."""
    if not doc.paragraphs:
        return None
    last = doc.cleaned[doc.paragraphs[-1].start : doc.paragraphs[-1].end].strip()
    dates = extract_facts(last, ("date",))
    if len(dates) == 1 and dates[0].text.strip(" .") == last.strip(" ."):
        return dates[0]
    return None


def with_dateline_day(sentence: str, doc: Document) -> str:
    """``sentence`` with a bare day ("on the 15th") that is the dateline's day given the dateline's
    date ("on March 15th"); any other day stays as it is (the dateline does not say its month)."""
    date = dateline_date(doc)
    day = date.value.rsplit("-", 1)[-1] if date else ""
    if not day.isdigit():
        return sentence
    return _BARE_DAY.sub(lambda m: date.text if int(m.group(1)) == int(day) else m.group(0), sentence)


def dated_headline(headline: str, doc: Document) -> str:
    """A headline on issuing the document that names no date gets the date under its signature
    (", dated June 28, 2022."); every other headline, and one that dates itself, stays."""
    date = signature_date(doc)
    if date is None or not _ISSUES.search(headline) or extract_facts(headline, ("date", "period")):
        return headline
    body = headline.rstrip()
    end = len(body.rstrip(".!"))
    return f"{body[:end]}, dated {date.text}{body[end:] or '.'}"


def with_period(sentence: str, period: str, source: str) -> str:
    """``sentence`` with ``period`` in front; its first word lower-cased unless the source
    writes it capitalised inside a sentence too (a name: "Henan", "GDP")."""
    lead = " ".join(period.split())
    # a farm season's work is what a target is for ("For autumn and winter sowing, stabilize ..."), if the
    # fact extractor reads "for <period>" as that season
    seasonal = any(f.value.startswith("season:") for f in extract_facts(f"for {lead}", ("period",)))
    lead = lead[0].upper() + lead[1:] if _PREPOSITION.match(lead) else f"For {lead}" if seasonal else f"In {lead}"
    m = _WORD.match(sentence)
    if not m:
        return sentence
    if opener := _BREAKDOWN.match(sentence):  # "Among them, in the first half of the year, exports ..."
        dated = with_period(sentence[opener.end() :], period, source)
        return opener.group() + dated[:1].lower() + dated[1:]
    first, rest = m.group(1), m.group(2) or ""
    if not _is_name(first, source):
        first = first[0].lower() + first[1:]
    return f"{lead}, {first}{rest}"


def without_breakdown_lead(sentence: str) -> str:
    """``sentence`` without an opening "Among them," / "Of which,": said where the sentence it
    points back to is not said just before it (a briefing does not point at what it left out)."""
    rest = _BREAKDOWN.sub("", sentence, count=1)
    return rest[:1].upper() + rest[1:] if rest != sentence else sentence


def _is_name(word: str, source: str) -> bool:
    core = word.strip("\"'“‘(,")
    if not core or not core[0].isupper():
        return True  # a figure or a lower-case word stays as it is
    if len(core) > 1 and core.isupper():
        return True  # an acronym
    if core.lower() in _COMMON:
        return False
    return re.search(rf"[a-z] {re.escape(core)}\b", source) is not None
