"""MT artifact rules: errors a Chinese->English system makes that no English writer does.

Chinese lists and compounds (可操作、可评估、可考核; 复工复产; 竞争力) come out with an item
repeated, a noun echoed across "and", a stray period inside a compound, or a
capital where the system thought a new segment began. Each rule states the
general pattern and the English it must leave alone (reduplication such as
"again and again", names such as "New York and New Jersey").
"""

from __future__ import annotations

import re
from typing import Iterable

from pipeline.facts.text import split_sentences

from .rules import Fix, Options, Phase, rule

# ---- closed word classes (a language's grammar words, not this bulletin's vocabulary) ----------
_ABBREVIATIONS = frozenset(
    "etc approx incl esp vs cf fig figs dept depts govt gov inc ltd corp co est vol vols nos pp para sec art "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun mr mrs ms dr prof gen col capt "
    "sen rep st ave rd".split()
)
_AUXILIARIES = frozenset(
    "is are was were be been being has have had will would shall should can could may might must do does did".split()
)
# Words that begin a sentence: capitalised after a lower-case word, a new sentence began unmarked.
_SENTENCE_OPENERS = frozenset("The This These Those It Its They Their We Our There He She His Her".split())
_RESUMPTIVE_PRONOUNS = frozenset({"It", "They"})
# Grammar words that are never names: capitalised in mid-sentence, they are an artifact.
_FUNCTION_WORDS = frozenset(
    "of for to in on at by with from into onto upon about and or but nor as than that which whose "
    "is are was were will would has have had be been can could should must".split()
)
# A name is often introduced by these; an artifact capital follows a verb or adjective.
_NAME_CUES = frozenset(
    "the a an this that these those its their our his her my your of in at from to by with for and or on into "
    "between said says told via per".split()
)
# Name connectors: "Ministry of Commerce", "Bosnia and Herzegovina".
_CONNECTORS = frozenset({"of", "and", "for", "the", "on", "de", "&"})
# Derivational suffixes of common nouns; names rarely end in them.
_NOUN_SUFFIX = re.compile(r"(?:tion|sion|ment|ness|ity|ance|ence|ization|isation|ship)$")
# Reduplication that English uses on purpose: "again and again", "on and on", "time and time again".
_REDUPLICATING = frozenset(
    "again over on round around through up down out in by back more less better worse further farther "
    "time so such neck".split()
)
# After an echoed noun, words that close the noun phrase. Anything else may modify the second noun
# alone ("populated areas and areas with ...", "production and production capacity"): left alone.
_PHRASE_CLOSERS = frozenset(
    "such including etc is are was were has have had will would can should must that which and or".split()
)
# "very, very good", "far, far away": emphatic repetition, not a list.
_EMPHATIC = frozenset("very far much so no yes many long really too never well now please oh".split())

_STRAY_PERIOD = re.compile(
    r"(?<![\w.])(?P<left>[A-Za-z][a-z]{2,})\. (?P<right>[a-z][a-z-]*)(?P<tail>[,;:.)]|\s+etc\b|[ \t]*(?:\n|$))?"
)
_RUN_ON = re.compile(rf"(?<=[a-z]) (?P<word>{'|'.join(sorted(_SENTENCE_OPENERS))}) (?=[a-z])")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_CLAUSE_MARK = re.compile(r"[;:(]")  # a list does not run across these
_CONJUNCTION = re.compile(r"(?P<comma>,?) (?P<word>and|or) ")
_CONJUNCTION_INSIDE = re.compile(r"(?:^|\s)(?:and|or)\s")
_ITEM_END = ("", ",", ".", ";", ":", ")", "!", "?")
_ITEM_COMMA = re.compile(r",(?=\s)\s*")  # "3,000" is one item
_WORD_AT = re.compile(r"[A-Za-z][A-Za-z'-]*")
_PRONOUN_CLAUSE_START = re.compile(r"[,;:.!?\n]")
_PAST_VERB_THEN = re.compile(r"\b[a-z]+ed (?:by|to|in|at|from|on|with|the|a|an|\d)")
_SENTENCE_START = re.compile(r"(?:[.!?:][\"'”’)]*\s+|\n\s*)[\"“‘(]*$")
_LOWER_WORD = re.compile(r"[a-z][a-z-]*")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\s+$")
_DETERMINER_AFTER = re.compile(r" (?:the|a|an|our|their|its|this|these|all|more|new)\b")
# A lower-case word standing alone ("gee.texinfo" is a file name, not the word "texinfo").
_STANDALONE_LOWER = re.compile(r"(?<![\w.@/-])[a-z][a-z'-]*(?![\w.@/-]\w)")
_WINDOW = 60  # characters looked at around a capitalised word: enough for two tokens
_MIN_SUFFIXED_LENGTH = 7  # "nation", "entity" are too short to be sure of a derived noun


def _has_finite_verb(clause: str) -> bool:
    """Rough check for a verb in a clause: an auxiliary, or a past form followed by its complement."""
    return any(w.lower() in _AUXILIARIES for w in _WORD_AT.findall(clause)) or bool(_PAST_VERB_THEN.search(clause))


def _at_sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - _WINDOW) : pos]
    return not before.strip(" \"“‘(") or bool(_SENTENCE_START.search(before))


@rule("artifact.stray-period", Phase.WORDS)
def stray_period(text: str, opts: Options) -> Iterable[Fix]:
    """A period splitting a compound ("international competition. force, etc.")."""
    for m in _STRAY_PERIOD.finditer(text):
        if m["left"].lower() in _ABBREVIATIONS:
            continue
        if m["tail"] is not None:
            # One lower-case word and then punctuation cannot be a sentence: it completes the word before.
            yield Fix(m.end("left"), m.start("right"), " ", f"a stray period splits '{m['left']} {m['right']}'", 0.8)
        else:
            # A lower-case sentence start: words were lost, which no rule can restore.
            yield Fix(m.end("left"), m.start("right"), None,
                      f"'{m['right']}' starts a sentence in lower case: words may be missing", 0.0)


@rule("artifact.run-on", Phase.WORDS)
def run_on(text: str, opts: Options) -> Iterable[Fix]:
    """A new sentence started without punctuation ("total profit The year-on-year growth rates")."""
    for m in _RUN_ON.finditer(text):
        if not text[max(0, m.start() - _WINDOW) : m.start()].split()[-1].islower():
            continue  # after a capitalised word ("Most The kernel"): a heading or a title, not a run-on
        clause_start = max((k.end() for k in _PRONOUN_CLAUSE_START.finditer(text, 0, m.start())), default=0)
        clause = text[clause_start : m.start()]
        if m["word"] in _RESUMPTIVE_PRONOUNS and not _has_finite_verb(clause):
            # "the connection point It reached 19": the pronoun repeats the subject before it.
            yield Fix(m.start("word"), m.end(), "", f"'{m['word']}' repeats the subject '{clause.strip()}'", 0.75)
        else:
            yield Fix(m.start(), m.start("word"), ". ", f"'{m['word']}' starts a new sentence without a period", 0.7)


@rule("artifact.midsentence-capital", Phase.WORDS)
def midsentence_capital(text: str, opts: Options) -> Iterable[Fix]:
    """A common word capitalised in mid-sentence ("increase Support for"); names are left alone."""
    capitalised = [(m, _at_sentence_start(text, m.start())) for m in _CAPITALISED.finditer(text)]
    mid_counts: dict[str, int] = {}
    for m, at_start in capitalised:
        if not at_start:
            mid_counts[m.group()] = mid_counts.get(m.group(), 0) + 1
    # "Support the development of ...": a sentence-initial word followed by a determiner is a verb.
    imperatives = {m.group() for m, at_start in capitalised if at_start and _DETERMINER_AFTER.match(text, m.end())}
    lowercase_words = set(_STANDALONE_LOWER.findall(text))
    for m, at_start in capitalised:
        word = m.group()
        if at_start or word in _SENTENCE_OPENERS or mid_counts[word] > 1:
            continue  # a sentence start, the run-on rule's case, or a name the text capitalises throughout
        before = _tokens_before(text, m.start())
        after = _tokens_after(text, m.end())
        if not (before and after and _LOWER_WORD.fullmatch(before[-1]) and _LOWER_WORD.fullmatch(after[0])):
            continue  # not between two lower-case words: a title, a list or a quotation
        if _inside_quotes(text, m.start()):
            continue  # a quoted title keeps its capitals
        if _joins_name(before[-1], before[-2:-1]) or _joins_name(after[0], after[1:2]):
            continue  # part of a multi-word name ("Ministry of Commerce")
        evidence = _common_word_evidence(word, before[-1], lowercase_words, imperatives)
        if evidence:
            confidence, why = evidence
            yield Fix(m.start(), m.start() + 1, word[0].lower(), f"'{word}' is capitalised in mid-sentence ({why})",
                      confidence)


def _common_word_evidence(word: str, previous: str, lowercase_words: set[str],
                          imperatives: set[str]) -> tuple[float, str] | None:
    """Why a capitalised word is a common word rather than a name (with how sure), or None."""
    lower = word.lower()
    if lower in _FUNCTION_WORDS:
        return 0.9, "a grammar word"
    if previous in _NAME_CUES:
        return None  # "the Party", "in Beijing": the way names are introduced
    if lower in lowercase_words:
        return 0.75, "the text writes it in lower case elsewhere"
    if _NOUN_SUFFIX.search(lower) and len(lower) >= _MIN_SUFFIXED_LENGTH:
        return 0.7, "a common-noun ending"
    if word in imperatives:
        return 0.75, "the text uses it as a verb to start a sentence"
    return None


def _tokens_before(text: str, pos: int) -> list[str]:
    """The two whitespace-separated tokens before ``pos``, when exactly one space precedes it."""
    window = text[max(0, pos - _WINDOW) : pos]
    return window.split()[-2:] if window.endswith(" ") and not window.endswith("  ") else []


def _tokens_after(text: str, pos: int) -> list[str]:
    window = text[pos : pos + _WINDOW]
    return window.split()[:2] if window.startswith(" ") else []


def _inside_quotes(text: str, pos: int) -> bool:
    """Is ``pos`` inside a double-quoted stretch of its paragraph?"""
    para = text[text.rfind("\n", 0, pos) + 1 : pos]
    return para.count('"') % 2 == 1 or para.rfind("“") > para.rfind("”")


def _joins_name(connector: str, neighbour: list[str]) -> bool:
    return connector in _CONNECTORS and bool(neighbour) and neighbour[0][:1].isupper()


@rule("artifact.repeated-coordinate", Phase.PHRASES)
def repeated_coordinate(text: str, opts: Options) -> Iterable[Fix]:
    """An item repeated in a coordinated list ("operable, assessable, and assessable")."""
    max_words = opts["artifacts"]["max_item_words"]
    for start, end in split_sentences(text):
        yield from _list_repeats(text, start, end, max_words)
        yield from _adjacent_repeats(text, start, end, max_words)


def _list_repeats(text: str, start: int, end: int, max_words: int) -> Iterable[Fix]:
    """The last conjunct of a list repeats an earlier item: drop it, and let the conjunction
    move to the item before it."""
    for conj in _CONJUNCTION.finditer(text, start, end):
        clause_start = max((k.end() for k in _CLAUSE_MARK.finditer(text, start, conj.start())), default=start)
        items = _comma_items(text, clause_start, conj.start())
        if len(items) < 2 or _CONJUNCTION_INSIDE.search(text[items[-1][0] : items[-1][1]]):
            continue  # no list ("X and X" is the repeated-noun rule's), or this "and" is inside the last item
        found = _repeated_item(text, items, text[conj.end() : end], bool(conj["comma"]), max_words)
        if found is None:
            continue
        k, candidate = found
        remaining = max(2, len(items) - k)
        joiner = f" {conj['word']} " if remaining == 2 or not conj["comma"] else f", {conj['word']} "
        last_a, last_b = items[-1]
        yield Fix(items[-2][1], conj.end() + len(candidate), joiner + text[last_a:last_b],
                  f"'{candidate}' repeated in a coordinated list", 0.85)


def _repeated_item(text: str, items: list[tuple[int, int]], tail: str, serial_comma: bool,
                   max_words: int) -> tuple[int, str] | None:
    """The earliest list item that ``tail`` (the last conjunct) starts by repeating, and the words
    repeated. The first item may be a clause ending in the item ("ensure that the plan is
    effectively implemented"), so its tail counts; later items must repeat whole."""
    for k, (a, b) in enumerate(items):
        if any(len(text[x:y].split()) > max_words for x, y in items[k + 1 :]):
            continue  # long items are clauses, not the short parallel items a repeat is judged in
        words = text[a:b].split()
        # The item next to the conjunction must repeat whole ("major projects and projects" is an
        # echoed noun), and without a serial comma the items are not delimited well enough to trust a tail.
        modifiers = len(items) - k > 1 and all(len(text[x:y].split()) == 1 for x, y in items[k + 1 :])
        shortest = 1 if modifiers or (serial_comma and k < len(items) - 1) else len(words)
        for n in range(min(len(words), max_words), shortest - 1, -1):
            candidate = " ".join(words[-n:])
            if not tail.startswith(candidate) or candidate.lower() in _REDUPLICATING:
                continue
            follow = tail[len(candidate) : len(candidate) + 1]
            # An item ends at punctuation; a run of one-word modifiers ("fully, accurately and
            # fully implement") ends at the word they modify.
            if follow in _ITEM_END or (modifiers and n == 1 and follow == " "):
                return k, candidate
    return None


def _adjacent_repeats(text: str, start: int, end: int, max_words: int) -> Iterable[Fix]:
    """Two neighbouring list items are the same ("Specialized, Specialized, and New")."""
    item = rf"[A-Za-z][\w-]*(?: [A-Za-z][\w-]*){{0,{max_words - 1}}}"
    for m in re.finditer(rf"(?<![\w-])(?P<x>{item}), (?P=x)(?=,)", text[start:end]):
        if m["x"].split()[-1].lower() not in _EMPHATIC:
            yield Fix(start + m.end("x"), start + m.end(), "", f"'{m['x']}' repeated in a coordinated list", 0.85)


def _comma_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Comma-separated items of ``text[start:end]`` (a comma inside a number such as 3,000 does not split)."""
    items, pos = [], start
    for m in _ITEM_COMMA.finditer(text, start, end):
        items.append((pos, m.start()))
        pos = m.end()
    items.append((pos, end))
    return [(a, b) for a, b in items if b > a]


@rule("artifact.repeated-noun", Phase.PHRASES)
def repeated_noun(text: str, opts: Options) -> Iterable[Fix]:
    """A noun echoed across "and" ("the resumption of production and production")."""
    n = opts["artifacts"]["max_echo_words"]
    pattern = re.compile(rf"(?<![\w-])(?P<x>[A-Za-z][\w-]*(?: [A-Za-z][\w-]*){{0,{n - 1}}}) and (?P=x)(?![\w-])")
    for m in pattern.finditer(text):
        last = m["x"].split()[-1]
        if last.lower() in _REDUPLICATING or last.endswith(("er", "ed")) or not last.islower() or len(last) < 3:
            continue  # "again and again", "bigger and bigger", "waited and waited"; names; "C and C++"
        follow = re.match(r"\s*([A-Za-z]+|[^\sA-Za-z]|$)", text[m.end() :])
        closer = follow.group(1) if follow else ""
        bare_first = _WORD_BEFORE.search(text, 0, m.start())
        if bare_first and bare_first.group(1).lower() in _NAME_CUES:
            pass  # "the quality and quality of ...": nothing sets the two apart, whatever follows
        elif closer and closer[0].isalpha() and closer.lower() not in _PHRASE_CLOSERS:
            continue  # "urban areas and areas with ...", "production and production capacity": two phrases
        yield Fix(m.end("x"), m.end(), "", f"'{m['x']}' repeated across 'and'", 0.85)
