"""A title for every section: its heading where it has one, else one written from it.

A written title is extractive by default (the section's most distinctive key phrases,
weighed against the document's other sections, so every section does not come out as
"industry, enterprises"); a configured generator may write one instead, and a
generator's empty or overlong answer falls back to the key phrases.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

from ...backends.base import Generator, GenerationSettings

# Function words never start, end or make up a key phrase (also TextTiling's stoplist in the bench).
STOPWORDS = frozenset(
    """a about above after again against all also although am an and any are as at be because been before being
    below between both but by can could did do does doing done down during each either etc every few for from
    further had has have having he her here hers him his how i if in into is it its itself just made make more
    most much must my no nor not now of off on once only or other our ours out over own same shall she should
    so some such than that the their theirs them then there these they this those through to too under until
    up upon very was we were what when where which while who whom why will with within without would yet you
    your year years one two three first second third new good job well hundred thousand million billion
    trillion percent""".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z\-']*")
_SPACE = re.compile(r"\s+")
_TITLE_NOISE = re.compile(r"^(?:title\s*[:：]\s*)|[\"“”*#]", re.IGNORECASE)


def heading_title(sentence: str) -> str:
    """The heading sentence as the title, on one line."""
    return _SPACE.sub(" ", sentence).strip()


class Contrast:
    """Word document frequencies over one level's sections, counted once per document, so
    titling every section weighs it against the others in time linear in the text."""

    def __init__(self, sections: list[str]) -> None:
        self.n = len(sections)
        self.df: Counter[str] = Counter()
        for text in sections:
            self.df.update({w for run in _content_runs(text) for w in run})


def key_phrases(section: str, others: "list[str] | Contrast", count: int, max_words: int) -> list[str]:
    """Up to ``count`` phrases (of at most ``max_words`` content words) that best tell
    ``section`` apart from ``others`` (the other sections' texts, or a :class:`Contrast`
    over all of them, ``section`` included).

    A word weighs its frequency in the section times its inverse frequency over all
    sections; a phrase, its words' summed weight times how often it recurs, so a repeated
    "medium-sized enterprises" beats a one-off longer run. No word is used twice.
    """
    contrast = others if isinstance(others, Contrast) else Contrast([section, *others])
    runs = _content_runs(section)
    df, n = contrast.df, contrast.n
    tf = Counter(w for run in runs for w in run)

    def weight(w: str) -> float:
        return tf[w] * (math.log((1 + n) / (1 + df[w])) + 1)

    phrases = Counter(
        " ".join(run[i : i + size])
        for run in runs
        for size in range(1, max_words + 1)
        for i in range(len(run) - size + 1)
    )
    ranked = sorted(phrases, key=lambda p: (-sum(weight(w) for w in p.split()) * phrases[p], p))
    chosen: list[str] = []
    used: set[str] = set()
    for phrase in ranked:
        words = set(phrase.split())
        if words & used:
            continue
        chosen.append(phrase)
        used |= words
        if len(chosen) == count:
            break
    return chosen


# A readable title is a noun phrase, not a list of key words ("Development, economic, implement").
READABLE_MAX_WORDS = 8
_MONTH_NAMES = "January February March April May June July August September October November December".split()
_HALVES = {"months:1-6": "first half", "months:7-12": "second half", "months:1-3": "first quarter",
           "months:4-6": "second quarter", "months:7-9": "third quarter", "months:10-12": "fourth quarter",
           "year-to-date": "this year"}
# Words that end a noun phrase taken from the text: verbs and function words of the sentence around it.
_PHRASE_STOP = re.compile(
    r"\b(?:is|are|was|were|has|have|had|be|been|will|shall|should|must|can|to|and|that|which|with|by|from|"
    r"increased|decreased|rose|grew|fell|reached|accounted|achieved|continued|released|held|said|issued|"
    r"announced|pointed|emphasized|stressed|attended|delivered)\b", re.IGNORECASE)


def keyword_title(section: str, others: "list[str] | Contrast", opts: dict[str, Any]) -> str:
    """A short noun phrase from the section's most distinctive key phrase, as the text writes it
    ("added value of industrial enterprises"), with the period most of its figures belong to
    ("Added value of industrial enterprises, January-July"); at most 8 words."""
    limit = min(opts["max_words"], READABLE_MAX_WORDS)
    phrases = [p for p in key_phrases(section, others, 8, opts["phrase_words"]) if not set(p.split()) & _TIME_WORDS]
    if not phrases:
        return _clip(_capital(section.split(".")[0]), limit)
    nouns = [p for p in phrases if _noun_phrase(p)]  # "industrial enterprises", not "economic" or "calculated"
    phrases = nouns + [p for p in phrases if p not in nouns]
    head = _as_written(phrases[0], section)
    period = _period_of(head, section)
    room = limit - len(period.split()) if period else limit
    title = _clip(head, max(2, room))
    if period:
        title = f"{title}, {period}"
    elif len(title.split()) <= 3 and len(nouns) > 1 and phrases[0] == nouns[0]:  # a short head: name a second topic
        second = _as_written(nouns[1], section)
        if second[:1].isupper() or title[:1].isupper():  # two names joined by "and" read as one body
            second = ""
        if second and len(title.split()) + len(second.split()) + 1 <= limit:
            title = f"{title} and {second}"
    return _capital(_clip(title, limit))


_TIME_WORDS = frozenset({"quarter", "quarters", "half", "month", "months", "year", "years", "day", "days", "week",
                         *(m.lower() for m in _MONTH_NAMES)})
_NOT_NOUN_END = re.compile(r"(?:ed|ing|ly|al|ic|ive|ous|ful|ent|ant|ary|est|er)$")


def _noun_phrase(phrase: str) -> bool:
    """Two or more words ending in a word that reads as a noun (a crude test: no adjective,
    participle or adverb ending; plurals pass)."""
    words = phrase.split()
    last = words[-1]
    return len(words) >= 2 and (last.endswith("s") or not _NOT_NOUN_END.search(last))


def _as_written(phrase: str, section: str) -> str:
    """The key phrase as it stands in the text, extended by an "of ..." complement when one
    follows ("added value" -> "added value of industrial enterprises")."""
    words = [re.escape(w) for w in phrase.split()]
    pattern = r"\b" + r"[\s-]+".join(words) + r"\b(?:\s+(?:of|for|in)\s+(?:the\s+)?[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2})?"
    m = re.search(pattern, section, re.IGNORECASE)
    if not m:
        return phrase
    from ...facts import extract_facts

    # Part of a name ("Information Technology"): the whole name the text gives.
    names = [f for f in extract_facts(section, ("entity",)) if f.start <= m.start() and m.start() + len(phrase) <= f.end]
    if names and len(names[0].text.split()) <= READABLE_MAX_WORDS:
        return names[0].text
    text = m.group()
    stop = _PHRASE_STOP.search(text, len(" ".join(phrase.split())))
    if stop:
        text = text[: stop.start()]
    text = re.sub(r"(?:\s+(?:of|for|in|the|a|an|above|below|over|under|at|on))+\s*$", "", text.strip(), flags=re.IGNORECASE)
    return text.strip()


def _period_of(head: str, section: str) -> str:
    """The period of the sentence that first names ``head`` (a title must not pair a measure with
    another figure's period: "Added value of industrial enterprises, first half" where that value
    is January-July's), or where that sentence states none, the one most of the section's name."""
    from ...facts import extract_facts
    from ...sentences import split_sentences

    at = section.lower().find(head.lower())
    own = next((section[a:b] for a, b in split_sentences(section) if a <= at < b), "") if at >= 0 else ""
    values = [f.value for f in extract_facts(own, ("period",))]
    return _readable_period(values[0]) if values else _dominant_period(section)


def _dominant_period(section: str) -> str:
    """The period most of the section's periods name, readably ("January-July", "first half"), or ""."""
    from ...facts import extract_facts

    values = [f.value for f in extract_facts(section, ("period",))]
    if not values:
        return ""
    value, count = Counter(values).most_common(1)[0]
    if count < 2 and len(set(values)) > 1:
        return ""
    return _readable_period(value)


def _readable_period(value: str) -> str:
    """A period's normalised value as a title says it ("months:1-7" -> "January-July"), or ""."""
    if value in _HALVES:
        return _HALVES[value]
    m = re.fullmatch(r"months:(\d+)-(\d+)", value)
    if m:
        a, b = int(m[1]), int(m[2])
        return _MONTH_NAMES[a - 1] if a == b else f"{_MONTH_NAMES[a - 1]}-{_MONTH_NAMES[b - 1]}"
    if value.startswith("season:"):  # "season:autumn-winter-sowing" -> "autumn and winter sowing"
        *seasons, work = value.split(":", 1)[1].split("-")
        return f"{' and '.join(seasons)} {work}"
    m = re.fullmatch(r"as-of:(\d+)", value)
    return f"end of {_MONTH_NAMES[int(m[1]) - 1]}" if m else ""


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def generated_title(generator: Generator, section: str, keywords: list[str], opts: dict[str, Any]) -> str | None:
    """Ask the configured generator for a title; None when its answer is not usable."""
    settings = GenerationSettings(max_new_tokens=int(opts["max_new_tokens"]))
    variables = {"text": section, "keywords": ", ".join(keywords), "max_words": str(opts["max_words"])}
    answer = generator.generate("title", variables, settings).text
    lines = [line for line in answer.strip().splitlines() if line.strip()]
    if not lines:
        return None
    title = _TITLE_NOISE.sub("", lines[0]).strip().rstrip(".")
    if not title or len(title.split()) > opts["max_words"]:
        return None
    return title if supported_title(title, section) else None


def supported_title(title: str, section: str) -> bool:
    """A generated title is checked as a briefing sentence is: every figure, period, date and name
    it states must be the section's (with the same attachment), and every "X said / held / decided"
    must be stated of X there. A title that fails falls back to the section's key phrases."""
    from ...facts import check_text
    from ...facts.attribution import SourceAgents
    from ...sentences import split_sentences

    spans = split_sentences(section)
    if not all(c.supported for c in check_text(title, section, spans)):
        return False
    return all(c.supported for c in SourceAgents([section[a:b] for a, b in spans]).check(title))


def _content_runs(text: str) -> list[tuple[str, ...]]:
    """Maximal runs of non-stopwords, lower-cased, split at punctuation and stopwords."""
    runs: list[tuple[str, ...]] = []
    for clause in re.split(r"[,.;:!?()\"“”]", text):
        run: list[str] = []
        for token in clause.split():
            m = _WORD.fullmatch(token.strip("'"))
            word = token.lower() if m else ""
            if word and word not in STOPWORDS and len(word) > 2:
                run.append(word)
            elif run:
                runs.append(tuple(run))
                run = []
        if run:
            runs.append(tuple(run))
    return runs


def _clip(title: str, max_words: int) -> str:
    words = title.split()
    return " ".join(words[:max_words])
