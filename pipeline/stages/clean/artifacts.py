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

from pipeline.sentences import split_sentences

from .layout import DANGLING
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
# Prepositions and conjunctions: a noun in an object ("increase support for") is followed by one.
_LINKERS = frozenset(
    "of for to in on at by with from into onto upon about and or but nor as than that which whose".split()
)
# Personal pronouns: a compound never starts with one ("themselves. wait." is no split compound).
_PRONOUNS = frozenset("it its itself they them themselves their he him himself his she her herself we us ourselves "
                      "our you yourself yourselves your me myself my".split())
# Words after which a word is a modifier ("very kind", "is small", "basically soft"), not a noun.
_DEGREE_WORDS = frozenset("very so too quite rather really fairly pretty more most less least extremely".split())
# Nouns that introduce a file or an address by name: "the file notes. txt" keeps its period.
_FILE_NOUNS = frozenset("file files filename document website site domain address url link email extension "
                        "folder directory".split())
# A name is often introduced by these; an artifact capital follows a verb or adjective.
_NAME_CUES = frozenset(
    "the a an this that these those its their our his her my your of in at from to by with for and or on into "
    "between said says told via per".split()
)
_DETERMINERS = frozenset("the this that these those its their our his her my your".split())
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

# "word. word" and what follows the second word. A chain of them ("www. stats. gov. cn") or a
# dotted name ("gov. cn.com") is an address, not a split compound.
_STRAY_PERIOD = re.compile(
    r"(?<![\w.])(?<!\w\. )(?P<left>[A-Za-z][a-z]{2,})\. (?P<right>[a-z][a-z-]*)(?![a-z-]|\.\w|\. [a-z])"
    r"(?P<tail>[,;:.)]|\s+etc\b|[ \t]*(?:\n|$))?"
)
# 力 rendered as a separate word after a noun that already carries the meaning: "ability. force".
_FORCE_WORDS = frozenset({"force", "forces", "power", "strength"})
_CAPACITY_NOUNS = frozenset({"ability", "abilities", "capacity", "capacities", "capability", "capabilities"})
# A lower-case clause run on after a figure: "reached 100 million tons the growth rate was 3%".
_FINITE_AFTER = ("was|were|is|are|has|had|have|rose|fell|grew|increased|decreased|dropped|declined|reached|stood|"
                 "hit|totaled|totalled|exceeded|amounted")
_FIGURE_RUN_ON = re.compile(
    rf"(?<![\w.,])\d+(?:[.,]\d+)*(?:\s?%| (?:million|billion|trillion|thousand|hundred)| percent)*"
    rf"(?: (?P<unit>[a-z]+(?:-[a-z]+)*))? (?P<word>the|this|its|their|these) (?:[a-z][\w-]* ){{0,4}}?"
    rf"(?:{_FINITE_AFTER})\b"
)
_MONTHS = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? $", re.I)
# Verbs that report speech or findings: "announced on March 3 the company had ..." drops a "that", no break.
_REPORTING = re.compile(r"\b(?:said|says|say|announced|reported|noted|stated|added|estimated|showed|shows|show|"
                        r"revealed|indicated|expected|predicted|believed|stressed|found|learned|knew|know|"
                        r"pointed out|warned|told|explained|argued|claimed|confirmed)\b")
_IRREGULAR_PAST = re.compile(r"\b(?:rose|fell|grew|hit|stood|made|took|saw|kept|held|became|went)\b")
_RUN_ON = re.compile(rf"(?<=[a-z]) (?P<word>{'|'.join(sorted(_SENTENCE_OPENERS))}) (?=[a-z])")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_CLAUSE_MARK = re.compile(r"[;:(]")  # a list does not run across these
_CONJUNCTION = re.compile(r"(?P<comma>,?) (?P<word>and|or) ")
_CONJUNCTION_INSIDE = re.compile(r"(?:^|\s)(?:and|or)\s")
_ITEM_END = ("", ",", ".", ";", ":", ")", "!", "?")
_ITEM_COMMA = re.compile(r",(?=\s)\s*")  # "3,000" is one item
_WORD_AT = re.compile(r"[A-Za-z][A-Za-z'-]*")
_CLAUSE_BREAK = re.compile(r"[,;:.!?\n]")
_UNBROKEN = re.compile(r"[^,;:.!?\n]*")  # a stretch without a clause break
_PAST_VERB_THEN = re.compile(r"\b[a-z]+ed (?:by|to|in|at|from|on|with|the|a|an|\d)")
_SENTENCE_START = re.compile(r"(?:[.!?:][\"'”’)]*\s+|\n\s*)[\"“‘(]*$")
_LOWER_WORD = re.compile(r"[a-z][a-z-]*")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\s+$")
_DETERMINER_AFTER = re.compile(r" (?:the|a|an|our|their|its|this|these|all|more|new)\b")
# A lower-case word standing alone ("gee.texinfo" is a file name, not the word "texinfo").
# (After ". " a lower-case word is itself suspect: a file extension, or a sentence that lost its start.)
_STANDALONE_LOWER = re.compile(r"(?<![\w.@/-])(?<!\. )[a-z][a-z'-]*(?![\w.@/-]\w)")
_WINDOW = 60  # characters looked at around a capitalised word: enough for two tokens
# Word-length thresholds are options (``artifacts.min_adverb_letters``: "-ly" words this long are
# adverbs, "fully" but not "fly"; ``artifacts.min_suffixed_noun_letters``: "nation" is too short to be
# sure of a derived noun).


def _has_finite_verb(clause: str) -> bool:
    """Rough check for a verb in a clause: an auxiliary, or a past form followed by its complement."""
    return any(w.lower() in _AUXILIARIES for w in _WORD_AT.findall(clause)) or bool(_PAST_VERB_THEN.search(clause))


def _at_sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - _WINDOW) : pos]
    return not before.strip(" \"“‘(") or bool(_SENTENCE_START.search(before))


@rule("artifact.stray-period", Phase.WORDS, cases=("split", "echo"))
def stray_period(text: str, opts: Options) -> Iterable[Fix]:
    """A period splitting a compound ("international competition. force, etc.")."""
    for m in _STRAY_PERIOD.finditer(text):
        left, right = m["left"], m["right"]
        if left.lower() in _ABBREVIATIONS or _names_a_file(text, m):
            continue
        if left.lower() in _CAPACITY_NOUNS and right in _FORCE_WORDS and left.lower() not in _PRONOUNS:
            # 执行力 "enforcement ability. force": 力 translated twice, once as a noun that already says it.
            yield Fix(m.end("left"), m.end("right"), "", f"'{right}' after a period repeats '{left}' (one source "
                      "word translated twice)", "echo", alternatives=(f" {right}",))
        elif m["tail"] is None or left.lower() in _PRONOUNS or right in _LINKERS | DANGLING:
            # A lower-case sentence start, or a lone word after a complete clause ("themselves. wait.",
            # "high. of."): words were lost, which no rule can restore.
            yield Fix(m.end("left"), m.start("right"), None,
                      f"'{right}' starts a sentence in lower case: words may be missing")
        elif _list_goes_on(text, m.end("right"), opts["artifacts"]["max_item_words"]):
            # "rail. road, water, air and sea": the period may stand for a comma between items.
            yield Fix(m.end("left"), m.start("right"), None,
                      f"a period between '{left}' and '{right}' in a list: a compound or a comma?",
                      alternatives=(" ", ", "))
        else:
            # One lower-case word and then punctuation cannot be a sentence: it completes the word before.
            yield Fix(m.end("left"), m.start("right"), " ", f"a stray period splits '{left} {right}'", "split")


def _list_goes_on(text: str, pos: int, max_words: int) -> bool:
    """Does a comma at ``pos`` lead to another short list item ("…, water, air and sea"), rather than
    to "etc." or a clause ("…, and ensure …")?"""
    item = rf"(?!(?:etc|and|or)\b)[a-z][\w-]*(?: [a-z][\w-]*){{0,{max_words - 1}}}"
    return bool(re.compile(rf",\s+{item}(?:,| (?:and|or) )").match(text, pos))


def _names_a_file(text: str, m: re.Match[str]) -> bool:
    """Is "left. right" a file name or an address whose period a translator spaced out? It is when
    a file noun introduces it ("the file notes. txt") or the text writes ``right`` as a name
    mid-sentence ("a Markdown file readme. markdown"), which a common word completing a compound is not."""
    before = _WORD_BEFORE.search(text, 0, m.start("left"))
    if before and before.group(1).lower() in _FILE_NOUNS:
        return True
    right = m["right"]
    return any(not _at_sentence_start(text, n.start())
               for n in re.finditer(rf"\b(?:{re.escape(right.capitalize())}|{re.escape(right.upper())})\b", text))


@rule("artifact.run-on", Phase.WORDS, cases=("period", "pronoun", "heading", "figure"))
def run_on(text: str, opts: Options) -> Iterable[Fix]:
    """A new sentence started without punctuation ("total profit The year-on-year growth rates")."""
    heading_words = opts["artifacts"]["heading_max_words"]
    for m in _RUN_ON.finditer(text):
        previous = text[max(0, m.start() - _WINDOW) : m.start()].split()[-1]
        if not previous.islower() or previous in DANGLING:
            continue  # after a capital ("Most The kernel"): a title; after "of the": no sentence ended there
        line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        clause_start = _last_end(_CLAUSE_BREAK, text, 0, m.start())
        clause = text[clause_start : m.start()]
        if _is_heading(line, heading_words):
            # "Hazardous substances This form lists ...": a heading that lost its line break.
            yield Fix(m.start(), m.start("word"), "\n\n", f"'{line.strip()}' reads as a heading run into the text "
                      "after it", "heading")
        elif m["word"] in _RESUMPTIVE_PRONOUNS and not _has_finite_verb(clause):
            # "the connection point It reached 19": the pronoun repeats the subject before it.
            yield Fix(m.start("word"), m.end(), "", f"'{m['word']}' repeats the subject '{clause.strip()}'", "pronoun")
        else:
            word = m["word"]
            yield Fix(m.start(), m.end("word"), f". {word}", f"'{word}' starts a new sentence without a period",
                      "period", alternatives=(f"; {word.lower()}",))
    yield from _figure_run_ons(text)


def _figure_run_ons(text: str) -> Iterable[Fix]:
    """A clause that ends on a figure and a new one that starts in lower case with a verb of its
    own: "reached 100 million tons the growth rate was 3%" (a Chinese comma between two clauses)."""
    for m in _FIGURE_RUN_ON.finditer(text):
        if m["unit"] and m["unit"] in _LINKERS | DANGLING:
            continue
        clause = text[_last_end(_CLAUSE_BREAK, text, 0, m.start()) : m.start()]
        if _MONTHS.search(clause) or _REPORTING.search(" ".join(clause.lower().split()[-3:])):
            continue  # "on May 5 the plant was", "said 20 the ..."
        if not (_has_finite_verb(clause + text[m.start() : m.start("word")]) or _IRREGULAR_PAST.search(clause)):
            continue  # "By 2018 this figure had risen": an opening phrase, no clause before the figure
        word = m["word"]
        yield Fix(m.start("word") - 1, m.end("word"), f". {word.capitalize()}",
                  f"'{word}' starts a new clause after a figure without punctuation", "figure",
                  alternatives=(f"; {word}",))


def _is_heading(line: str, max_words: int) -> bool:
    """A line's opening words, before a capitalised sentence opener, that read as a heading: few,
    unpunctuated and without a verb."""
    return len(line.split()) <= max_words and not _CLAUSE_BREAK.search(line) and not _has_finite_verb(line)


@rule("artifact.midsentence-capital", Phase.WORDS, cases=("grammar-word", "lower-case-elsewhere", "noun-ending",
                                                           "imperative"))
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
        evidence = _common_word_evidence(word, before[-1], after[0], lowercase_words, imperatives,
                                         opts["artifacts"]["min_suffixed_noun_letters"])
        if evidence:
            case, why = evidence
            yield Fix(m.start(), m.start() + 1, word[0].lower(), f"'{word}' is capitalised in mid-sentence ({why})",
                      case)


def _common_word_evidence(word: str, previous: str, following: str, lowercase_words: set[str],
                          imperatives: set[str], suffixed_letters: int) -> tuple[str, str] | None:
    """Which case of evidence says a capitalised word is a common word rather than a name, and
    why; or None."""
    lower = word.lower()
    if lower in _LINKERS:
        # A preposition or conjunction is never a name. (An auxiliary may start an unmarked
        # imperative or question, "doubly Be careful", so it is not counted.)
        return "grammar-word", "a grammar word"
    if previous in _NAME_CUES:
        return None  # "the Party", "in Beijing": the way names are introduced
    if following not in _LINKERS:
        # Before a verb or a noun the word is a subject or a modifier, where a name stands ("the
        # Acme Premium does", "a Kotlin project") or an unmarked sentence starts ("Quality is").
        # A common noun capitalised by mistake is an object: "increase Support for".
        return None
    if lower in lowercase_words:
        return "lower-case-elsewhere", "the text writes it in lower case elsewhere"
    if _NOUN_SUFFIX.search(lower) and len(lower) >= suffixed_letters:
        return "noun-ending", "a common-noun ending"
    if word in imperatives:
        return "imperative", "the text uses it as a verb to start a sentence"
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


@rule("artifact.repeated-coordinate", Phase.PHRASES, cases=("repeat", "emphatic"))
def repeated_coordinate(text: str, opts: Options) -> Iterable[Fix]:
    """An item repeated in a coordinated list ("operable, assessable, and assessable")."""
    max_words, adverb = opts["artifacts"]["max_item_words"], opts["artifacts"]["min_adverb_letters"]
    for start, end in split_sentences(text):
        yield from _list_repeats(text, start, end, max_words, adverb)
        yield from _adjacent_repeats(text, start, end, max_words, adverb)


def _list_repeats(text: str, start: int, end: int, max_words: int, adverb: int) -> Iterable[Fix]:
    """The last conjunct of a list repeats an earlier item: drop it, and let the conjunction
    move to the item before it."""
    for conj in _CONJUNCTION.finditer(text, start, end):
        clause_start = _last_end(_CLAUSE_MARK, text, start, conj.start())
        items = _comma_items(text, clause_start, conj.start())
        if len(items) < 2 or _CONJUNCTION_INSIDE.search(text[items[-1][0] : items[-1][1]]):
            continue  # no list ("X and X" is the repeated-noun rule's), or this "and" is inside the last item
        found = _repeated_item(text, items, text[conj.end() : end], bool(conj["comma"]), max_words)
        if found is None:
            continue
        k, candidate = found
        if _in_pair_list(text, items[-1][0], conj.end() + len(candidate), max_words):
            continue  # "design and practice, strategy and strategy, ...": this "and" joins a pair
        remaining = max(2, len(items) - k)
        joiner = f" {conj['word']} " if remaining == 2 or not conj["comma"] else f", {conj['word']} "
        last_a, last_b = items[-1]
        run = all(text[a:b] == candidate for a, b in items[k + 1 :])  # "slow, slow and slow": one word said again
        emphatic = run and _is_modifier(text, last_a, candidate, adverb)
        yield _repeat(items[-2][1], conj.end() + len(candidate), joiner + text[last_a:last_b], candidate, emphatic)


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


def _adjacent_repeats(text: str, start: int, end: int, max_words: int, adverb: int) -> Iterable[Fix]:
    """Two neighbouring list items are the same ("Specialized, Specialized, and New")."""
    item = rf"[A-Za-z][\w-]*(?: [A-Za-z][\w-]*){{0,{max_words - 1}}}"
    for m in re.finditer(rf"(?<![\w-])(?P<x>{item}), (?P=x)(?=,)", text[start:end]):
        last = m["x"].split()[-1]
        if last.lower() not in _EMPHATIC:
            yield _repeat(start + m.end("x"), start + m.end(), "", m["x"],
                          _is_modifier(text, start + m.start(), last, adverb))


def _repeat(start: int, end: int, after: str, item: str, emphatic: bool) -> Fix:
    """A list item named twice; or a modifier said twice ("completely tasteless, tasteless"), which
    is emphasis or two near-synonyms the translation merged, so its case is less sure."""
    if emphatic:
        return Fix(start, end, after, f"'{item}' repeated as a modifier (emphasis, or near-synonyms merged)",
                   "emphatic")
    return Fix(start, end, after, f"'{item}' repeated in a coordinated list", "repeat")


def _comma_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Comma-separated items of ``text[start:end]`` (a comma inside a number such as 3,000 does not split)."""
    items, pos = [], start
    for m in _ITEM_COMMA.finditer(text, start, end):
        items.append((pos, m.start()))
        pos = m.end()
    items.append((pos, end))
    return [(a, b) for a, b in items if b > a]


@rule("artifact.repeated-noun", Phase.PHRASES, cases=("noun", "modifier", "pair", "framed"))
def repeated_noun(text: str, opts: Options) -> Iterable[Fix]:
    """A noun echoed across "and" ("the resumption of production and production")."""
    n, adverb = opts["artifacts"]["max_echo_words"], opts["artifacts"]["min_adverb_letters"]
    pattern = re.compile(rf"(?<![\w-])(?P<x>[A-Za-z][\w-]*(?: [A-Za-z][\w-]*){{0,{n - 1}}}) and (?P=x)(?![\w-])")
    for m in pattern.finditer(text):
        last = m["x"].split()[-1]
        if last.lower() in _REDUPLICATING or last.endswith(("er", "ed")) or not last.islower() or len(last) < 3:
            continue  # "again and again", "bigger and bigger", "waited and waited"; names; "C and C++"
        follow = re.match(r"\s*([A-Za-z]+|[^\sA-Za-z]|$)", text[m.end() :])
        closer = follow.group(1).lower() if follow else ""
        bare_first = _WORD_BEFORE.search(text, 0, m.start())
        introduced = bool(bare_first and bare_first.group(1).lower() in _NAME_CUES)
        if closer[:1].isalpha() and closer not in _PHRASE_CLOSERS and not (introduced and closer in _LINKERS):
            # "urban areas and areas with ...", "production and production capacity", "the frequent and
            # frequent use": two phrases, or a modifier. After "the"/"of", a preposition ends the noun
            # phrase: "the quality and quality of products".
            continue
        reason = f"'{m['x']}' repeated across 'and'"
        framed = bool(bare_first and bare_first.group(1).lower() in _DETERMINERS) and closer in _LINKERS
        if framed:
            # "the production and production of grain": one noun phrase, a determiner before it and its
            # complement after it (after "the", "supply" is a noun, not an "-ly" adverb); two terms
            # would have read "the production and marketing of grain".
            yield Fix(m.end("x"), m.end(), "", reason + " (one noun phrase between a determiner and its "
                      "complement)", "framed")
        elif _is_modifier(text, m.start(), last, adverb):
            # "very kind and kind", "steadily and steadily": two near-synonymous modifiers merged in translation.
            yield Fix(m.end("x"), m.end(), "", reason + " (a modifier: two near-synonyms may have been merged)",
                      "modifier")
        elif _in_pair_list(text, m.start(), m.end(), opts["artifacts"]["max_item_words"]):
            # "design and practice, strategy and strategy, ...": one pair of a list of pairs; its
            # second term is lost, not doubled.
            yield Fix(m.end("x"), m.end(), "", reason + " (one pair of a list of pairs: a term may be lost)", "pair")
        else:
            yield Fix(m.end("x"), m.end(), "", reason, "noun")


def _is_modifier(text: str, pos: int, word: str, adverb_letters: int) -> bool:
    """Is ``word`` (at ``pos``, maybe after copies of itself) an adverb, or in a modifier's slot
    after a linking verb or a degree word ("is small", "very kind", "completely tasteless, tasteless")?"""
    words = [w.lower() for w in _WORD_AT.findall(text[max(0, pos - _WINDOW) : pos])]
    while words and words[-1] == word.lower():
        words.pop()
    previous = words[-1] if words else ""
    return any(_adverb(w, adverb_letters) for w in (word.lower(), previous)) or previous in _AUXILIARIES | _DEGREE_WORDS


def _adverb(word: str, min_letters: int) -> bool:
    return word.endswith("ly") and len(word) >= min_letters


def _in_pair_list(text: str, start: int, end: int, max_words: int) -> bool:
    """Is ``text[start:end]`` one item of a comma list whose neighbouring item is a short pair
    ("top-level design and practice, <item>, integrity and innovation")?"""
    words = rf"[A-Za-z][\w'-]*(?: [A-Za-z][\w'-]*){{0,{max_words - 1}}}"
    pair = re.compile(rf"\s*{words} (?:and|or) {words}\s*")
    comma = len(text[:start].rstrip()) - 1
    before = text[_last_end(_CLAUSE_BREAK, text, 0, comma) : comma] if comma >= 0 and text[comma] == "," else ""
    after = _UNBROKEN.match(text, end + 1).group() if text.startswith(",", end) else ""
    return any(pair.fullmatch(item) for item in (before, after) if item)


def _last_end(pattern: re.Pattern[str], text: str, start: int, end: int) -> int:
    """Where the last match of ``pattern`` in ``text[start:end]`` ends (``start`` if none).

    Looks back from ``end`` in growing windows, so the cost is the distance to the match, not to
    ``start`` (callers pass 0). Exact for the one-character patterns used here, which a window
    edge cannot split."""
    width = 256
    while True:
        lo = max(start, end - width)
        last = max((k.end() for k in pattern.finditer(text, lo, end)), default=None)
        if last is not None or lo == start:
            return start if last is None else last
        width *= 8
