"""The key figures table: every figure of the source with what it measures, its period and its
source sentence (``3.5% | added value of industrial enterprises above designated size |
January to July | s.12``).

Deterministic, no model: the same reading of each sentence the support check uses (clauses,
the words each figure is about, the period that governs it, a period carried from earlier in
the paragraph, from its heading or from its section's lead-in), turned back into readable
phrases. A wrong row is a bug in these rules.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..document import KeyFigure
from ..structure import LIST_MARKER
from .extract import NUMERIC_KINDS, Fact, extract_facts
from .support import SourceFacts, _figure_spans
from .text import BREAKDOWN, CONJUNCTION, clause_spans, content_stems

# Words that say how a figure moved or how it is hedged, trimmed from the ends of a measure.
_EDGE_WORDS = re.compile(
    r"^(?:(?:and|or|of|by|to|the|a|an|with|were|was|is|are|has|have|had|been|reached|reaching|reach|"
    r"increased|increase|decreased|decrease|rose|grew|fell|dropped|declined|up|down|accounted|for|"
    r"nearly|almost|about|around|over|more|than|exceeded|exceeding|approximately|some|at|least|total|"
    r"totalled|totaled|stood|amounted|year-on-year|respectively|an|increase|growth|compared|in|on|as),?\s+)+|"
    r"(?:\s+(?:and|or|of|by|to|the|a|an|with|were|was|is|are|has|have|had|been|reached|reaching|reach|"
    r"increased|decreased|rose|grew|fell|dropped|declined|up|down|accounted|for|nearly|almost|about|around|"
    r"over|more|than|exceeded|exceeding|approximately|some|at|least|totalled|totaled|stood|amounted|"
    r"year-on-year|respectively|an|increase|growth|compared|in|on|as|built|opened|which))+$",
    re.I,
)
_VERB_AFTER = re.compile(r"\b(?:have|has|had|were|was|is|are|been|will|would|reached|increased|rose|grew|fell)\b", re.I)
_SPACE = re.compile(r"\s+")
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
_FROM = re.compile(r"\bfrom\s*$", re.I)
_TO = re.compile(r"\s*(?:[A-Za-z-]+\s+){0,3}(?:to|-|–)\s*", re.I)  # " days to ", " in May to ", "-"
_LIST_SEPARATOR = re.compile(r",\s+and\s+|,\s+|\s+and\s+")
_LISTED = re.compile(r"(?:\s+[A-Za-z]+)?(?:" + _LIST_SEPARATOR.pattern + r")$")  # "9.0% and 4.9%", "5 million tons, 3 million"
MAX_MEASURE_WORDS = 14

# How the words before a figure tie it to what it measures (matched at the end of those words).
_HEDGE = r"(?:\s+(?:nearly|almost|about|around|over|approximately|some|within|below|above|under|(?:more|less)\s+than))*"
# "X was 68.85 million", "X shall be compressed to within 1", "X increased by 3.9%", "X remains above 1.3 trillion": X.
_LINK = re.compile(
    r"(?:\b(?:(?:shall|will|must|should|can|may|would)\s+)?(?:was|were|is|are|be|been)(?:\s+\w+ed)?(?:\s+from(?:\s+[^,;]+?)?)?"
    r"(?:\s+(?:by|to|at|in))?"
    r"|\b(?:reached|totall?ed|stood\s+at|amounted\s+to|accounted\s+for|remains?|remained|stays?|stayed|"
    r"increased|decreased|rose|grew|fell|dropped|declined|expanded|climbed)(?:\s+(?:by|to|at|from))?)" + _HEDGE + r"\s*$", re.I)
# "..., an increase of 3.0%", "a real increase of 3.2%": the movement of what the clause (or the one before) is about.
_MOVEMENT = re.compile(r"\b(?:an?\s+)?(?:\w+\s+)?(?:increase|decrease|growth|rise|drop|decline|fall|reduction)\s+(?:of|by)"
                       + _HEDGE + r"\s*$", re.I)
# "Stabilize the wheat area at more than 330 million mu": the verb's object is the measure.
_OBJECT = re.compile(r"\b(?:at|to|by)" + _HEDGE + r"\s*$", re.I)
# "It is estimated that 650,000 combine harvesters ...": a new clause starts at the figure.
_OPENS_CLAUSE = re.compile(r"\b(?:that|which)\s*$", re.I)
# "..., 3.5 percentage points faster than ...", "7.1 million mu more than ...": compares the measure before.
_COMPARES = re.compile(r"^\s*(?:higher|lower|faster|slower|more|less|above|below|up|down)\b", re.I)
# A unit after a figure says how it is counted, not what it measures.
_UNIT = re.compile(r"^\s*(?:mu|tons?|tonnes?|hectares?|kilomet(?:er|re)s?|km|kilowatt(?:-hours?)?s?|kwh|barrels?|catties|jin|"
                   r"(?:square|cubic)\s+met(?:er|re)s?)\b", re.I)
# A measure that only says it is a count ("the total number reached 1,024"): the count of what the sentence
# counted ("the loan amount" and "the number of loans" say what they count).
_COUNT_WORDS = frozenset("number total amount quantity count sum".split())
_LEAD_WORDS = re.compile(rf"^(?:{BREAKDOWN}|which|including|in\s+which),?\s+", re.I)
# Where the words after a figure stop being about it: ", and ...", a semicolon.
_CLAUSE_END = re.compile(r",\s+(?:and|but|while|whereas)\b|;")
# A verb governing the figure's phrase ("Stabilize the wheat area", "ensure that the annual grain output").
_GOVERNING_VERB = re.compile(r"^[A-Za-z]+\s+(?:that\s+)?(?=(?:the|a|an)\s)", re.I)
_ARTICLE = re.compile(r"^(?:the|a|an|of|in|on|for|to|and|or|with|by|at|as)$", re.I)
# Words a number labels ("Article 1", "Chapter 2", "No. 6"), even at the start of a sentence.
_LABEL_WORDS = frozenset("article chapter section clause item part no number annex appendix table figure step phase round".split())


def key_figures(text: str, sentences: Iterable[tuple[int, int]] | None = None, facts: SourceFacts | None = None) -> list[KeyFigure]:
    """Every figure stated in ``text`` (figures inside quotation marks name things, e.g. a
    "10, 100,000" project, and are left out), in reading order."""
    facts = facts or SourceFacts(text, sentences)
    rows: list[KeyFigure] = []
    for i, ((a, b), parsed) in enumerate(zip(facts.sentences, facts._parsed)):
        sentence = text[a:b]
        measures = _measures(text, a, b)
        last_measure = ""
        for fig in parsed.figures:
            f = fig.fact
            if _quoted(sentence, f.start - a) or (f.text.isalpha() and f.amount is not None and f.amount < 1000):
                continue  # a quoted figure names a thing; a small number in words ("three-product") is not a result
            if _labels(text, a, b, f):
                continue
            measure = measures.get(f.start, "")
            counted = content_stems(measure) and measure.lower() not in _COUNT_WORDS
            measure = measure if counted else last_measure  # "..., an increase of 1.4 points", "the total number reached": the same
            last_measure = measure
            period = fig.period.text if fig.period else ""
            rows.append(KeyFigure(f.text, f.kind, f.value, measure, _SPACE.sub(" ", period), fig.inherited, i, f.start, f.end,
                                  fig.section_period))
    return rows


def _measures(text: str, a: int, b: int) -> dict[int, str]:
    """Figure start -> the readable phrase it measures: the words before it in its clause
    (movement words trimmed), else the words right after it up to a verb ("1.968 million 5G
    base stations have been built": 5G base stations)."""
    facts = [Fact(f.kind, f.text, f.value, f.start + a, f.end + a, f.amount, f.resolution, f.qualifier)
             for f in extract_facts(text[a:b])]
    blank = list(text)
    for f in facts:
        if f.kind not in ("entity",):
            blank[f.start : f.end] = " " * (f.end - f.start)
    blanked = "".join(blank)
    out: dict[int, str] = {}
    numeric = [f for f in facts if f.kind in NUMERIC_KINDS]
    for ca, cb in clause_spans(text, a, b):
        inside = [f for f in facts if f.kind in NUMERIC_KINDS and ca <= f.start < cb]
        spans, _ = _figure_spans(text, inside, ca, cb)
        for fig, (head, tail) in zip(inside, spans):
            k = numeric.index(fig)
            # Across commas too, up to the figures either side: a list ("pork, beef, mutton and poultry was")
            # is split into clauses at its commas.
            wide_before = _CLAUSE_END.split(blanked[numeric[k - 1].end if k else a : fig.start])[-1]
            wide_after = _CLAUSE_END.split(blanked[fig.end : numeric[k + 1].start if k + 1 < len(numeric) else b])[0]
            out[fig.start] = _measure(blanked[head[0] : head[1]], blanked[tail[0] : tail[1]], wide_before, wide_after)
    for before, fig in zip(numeric, numeric[1:]):  # "shortened from 45 days to 20 days": the same measure
        if _FROM.search(text, a, before.start) and _TO.fullmatch(text, before.end, fig.start):
            out[fig.start] = out.get(before.start, "")
    if _RESPECTIVELY.search(text, a, b):
        _distribute(out, numeric, text, b)
    return {start: _shorten(measure) for start, measure in out.items()}


def _distribute(measures: dict[int, str], figures: list[Fact], text: str, end: int) -> None:
    """"The output of rice, wheat and corn increased by 1.2%, 2.3% and 3.4% respectively": a run
    of listed figures sharing one listed measure, with "respectively" after it, takes the list's
    items in turn (output of rice, of wheat, of corn); a run right after it with no measure of its
    own ("..., an increase of 0.9% and 1.4% respectively") takes the same items. Left shared where
    the items cannot be told apart from the words they share."""
    runs, k = [], 0
    while k < len(figures):
        run = k + 1
        while run < len(figures) and _LISTED.match(text[figures[run - 1].end : figures[run].start]) and (
                measures.get(figures[run].start) == measures.get(figures[k].start)
                or not content_stems(measures.get(figures[run].start, ""))):  # "..., 2.3% and 3.4%"
            run += 1
        runs.append(figures[k:run])
        k = run
    previous: list[str] = []
    for j, run in enumerate(runs):
        # "respectively" closes this run, or a later one of the same length that the runs between lead to
        chain = runs[j:]
        same = next((m for m, r in enumerate(chain) if len(r) != len(run)), len(chain))
        window_end = chain[same][0].start if same < len(chain) else end
        if len(run) < 2 or not _RESPECTIVELY.search(text, run[-1].end, window_end):
            previous = []
            continue
        phrase = measures.get(run[0].start, "")
        items = _list_items(phrase, len(run)) if content_stems(phrase) else previous
        for fig, item in zip(run, items):
            measures[fig.start] = item
        previous = items


def _list_items(phrase: str, n: int) -> list[str]:
    """The ``n`` items of a listed measure ("the added value of A and B" -> "added value of A",
    "added value of B"; "Exports and imports" -> each), or [] where ``phrase`` is not a list of
    exactly ``n`` parallel items (single words, or words ending on the same head noun): in "retail
    sales of consumer goods and fixed-asset investment" the second item is not retail sales."""
    owner = phrase.rfind(" of ")
    prefix, listed = (phrase[: owner + 4], phrase[owner + 4 :]) if owner >= 0 else ("", phrase)
    seps = list(_LIST_SEPARATOR.finditer(listed))
    if n < 2 or len(seps) != n - 1 or "and" not in seps[-1].group(0):
        return []
    cuts = [0, *(x for m in seps for x in (m.start(), m.end())), len(listed)]
    items = [listed[cuts[j] : cuts[j + 1]].strip() for j in range(0, len(cuts), 2)]
    heads = {item.split()[-1].lower() for item in items if item}
    if len(items) != n or not (all(len(item.split()) == 1 for item in items) or len(heads) == 1):
        return []
    return [prefix + item for item in items]


def _measure(before: str, after: str, wide_before: str, wide_after: str) -> str:
    """What one figure measures, from the words before and after it in its clause (``wide_``: up
    to the figures either side) ("" where it is the measure of the figure before: "an increase
    of 3.0%", "3.5 percentage points faster")."""
    after, wide_after = _UNIT.sub("", after), _UNIT.sub("", wide_after)
    verb = _VERB_AFTER.search(wide_after)
    object_after = _trim(wide_after[: verb.start()] if verb else wide_after)  # "built 1.968 million base stations": base stations
    movement = _MOVEMENT.search(before)
    if movement:  # "strive for an increase of 6% in the added value of ...", else what moved
        into = re.match(r"\s*(?:year-on-year\s+)?in\s+(?:the\s+)?(.+)", after)
        return _trim(into.group(1)) if into else _subject(before[: movement.start()])
    link = _LINK.search(wide_before)
    if link:  # "the output of pork, beef, mutton and poultry was 68.85 million": the whole subject
        return _subject(wide_before[: link.start()])
    if _OPENS_CLAUSE.search(before):
        return object_after
    phrase = _trim(before)
    if not phrase and _COMPARES.match(after):
        return ""
    tie = _OBJECT.search(before)
    if tie and phrase:  # "expand the rapeseed area by 5 million mu": the verb's object
        return _subject(before[: tie.start()])
    last_part = _trim(CONJUNCTION.split(phrase)[-1])  # "... and cultivate 3,000 firms": the verb's own words
    if len(phrase.split()) <= 1 or len(last_part.split()) <= 1 or re.search(r"[a-z]ed$", last_part):
        return object_after or phrase  # "cultivate 3,000 firms", "the province added 208 enterprises": the words after
    return phrase


def _subject(words: str) -> str:
    """The phrase a linking verb or preposition ties a figure to, without a lead-in ("of which",
    "ensure that") or a governing verb ("Stabilize the wheat area")."""
    words = re.split(r"\b(?:that|which)\s+(?=\S)", words)[-1]  # "ensure that the annual grain output": after "that"
    # After a finished clause: "5G base stations have been built and opened, 5G mobile phone users"; and
    # nothing where the figure's own subject is lost ("... the ecosystem was accelerated. reached 55.7%").
    done = max(words.rfind(", "), words.rfind(". "))
    if done >= 0 and _VERB_AFTER.search(words, 0, done):
        words = words[done + 2 :]
    words = _LEAD_WORDS.sub("", _trim(words))
    verb = _GOVERNING_VERB.match(words)
    if verb and not _ARTICLE.match(verb.group(0).split()[0]):
        words = words[verb.end():]
    return _trim(words)


def _labels(text: str, a: int, b: int, f: Fact) -> bool:
    """A number that labels rather than counts: a list item's ("1. General requirements", "(2) ..."),
    an article's ("Article 1", "No. 6") or a version's ("Free Trade Area 3.0": a bare decimal right
    after a capitalised word)."""
    marker = LIST_MARKER.match(text[a:b])
    if marker and f.start - a < marker.end():
        return True
    before = text[a : f.start]
    words = before.split()
    if not (f.kind == "number" and f.text.replace(".", "").isdigit() and words):
        return False
    word = words[-1].rstrip(".")
    version = "." in f.text and len(words) > 1 and word[:1].isupper() and word.isalpha()  # "Area 3.0"; "(1) Build 300" counts
    return word.lower() in _LABEL_WORDS or version


def _trim(phrase: str) -> str:
    phrase = _SPACE.sub(" ", phrase).lstrip(" ()（）").strip(" ,;:.")  # a list label's brackets ("(3) Build") go too
    previous = None
    while previous != phrase:
        previous = phrase
        phrase = _EDGE_WORDS.sub("", phrase).strip(" ,;:.")
    return phrase


def _shorten(phrase: str) -> str:
    """At most MAX_MEASURE_WORDS words, keeping the end (the head noun comes last in a lead-in)."""
    words = phrase.split()
    return phrase if len(words) <= MAX_MEASURE_WORDS else "… " + " ".join(words[-MAX_MEASURE_WORDS:])


def _quoted(sentence: str, offset: int) -> bool:
    before = sentence[:offset]
    return (before.count('"') % 2 == 1) or before.count("“") > before.count("”")


def markdown_table(rows: list[KeyFigure]) -> list[str]:
    """The table as Markdown lines (sentence numbers 1-based, as the report shows them)."""
    if not rows:
        return []
    lines = ["| figure | what it measures | period | source |", "|---|---|---|---|"]
    for r in rows:
        period = r.period + (" (stated earlier)" if r.period and r.period_inherited else "")
        cells = [c.replace("|", "\\|") for c in (r.figure, r.measure or "—", period or "—")]
        lines.append(f"| {cells[0]} | {cells[1]} | {cells[2]} | s.{r.sentence + 1} |")
    return lines
