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


def key_phrases(section: str, others: list[str], count: int, max_words: int) -> list[str]:
    """Up to ``count`` phrases (of at most ``max_words`` content words) that best tell
    ``section`` apart from ``others``.

    A word weighs its frequency in the section times its inverse frequency over all
    sections; a phrase, its words' summed weight times how often it recurs, so a repeated
    "medium-sized enterprises" beats a one-off longer run. No word is used twice.
    """
    docs = [_content_runs(t) for t in (section, *others)]
    df: Counter[str] = Counter()
    for runs in docs:
        df.update({w for run in runs for w in run})
    tf = Counter(w for run in docs[0] for w in run)
    n = len(docs)

    def weight(w: str) -> float:
        return tf[w] * (math.log((1 + n) / (1 + df[w])) + 1)

    phrases = Counter(
        " ".join(run[i : i + size])
        for run in docs[0]
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


def keyword_title(section: str, others: list[str], opts: dict[str, Any]) -> str:
    phrases = key_phrases(section, others, opts["keywords"], opts["phrase_words"])
    title = ", ".join(phrases) or section.split(".")[0]
    return _clip(title[:1].upper() + title[1:], opts["max_words"])


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
    return title


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
