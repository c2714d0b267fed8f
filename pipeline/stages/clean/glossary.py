"""Terminology: known mistranslations of Chinese official and economic terms.

A model cannot know that 短板 means "weak links" rather than "short-circuit", or
that 民爆 is "civilian explosives"; a translator's glossary can. Entries live in
YAML (the shipped ``glossary.yaml`` plus any files a user's config names), each
with its wrong renderings, the right English, the Chinese term, a note, and the
context words that must be in the sentence for it to apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml

from pipeline.config import parse_yaml
from pipeline.errors import ConfigError
from pipeline.sentences import split_sentences

from .rules import Fix, Options, Phase, rule

BUILTIN_GLOSSARY = Path(__file__).with_name("glossary.yaml")
# Placeholders a wrong rendering may use; the right rendering repeats them.
PLACEHOLDERS = {"ordinal": r"\d+(?:st|nd|rd|th)", "word": r"[A-Za-z][a-z-]*"}
_WORD_GAP = r"[\s-]+"  # "short-circuit", "short circuit" and "short  circuit" are one rendering
_FIRST_WORD = re.compile(r"[A-Za-z0-9]+")
_ORDINAL = re.compile(PLACEHOLDERS["ordinal"])
_SMALL_WORDS = frozenset("a an and the of in on for to or at by".split())


@dataclass(frozen=True)
class Entry:
    zh: str
    wrong: tuple[str, ...]
    right: str
    note: str
    contexts: tuple[str, ...] = ()  # one must occur in the sentence (none: everywhere)
    not_before: tuple[str, ...] = ()  # a following word that makes the wrong rendering correct
    confidence: float | None = None  # its own; None: the config's confidence for glossary.term
    origin: str = field(default="", compare=False)


@dataclass(frozen=True)
class Rendering:
    """One wrong rendering, compiled, with the entry it belongs to."""

    entry: Entry
    wrong: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Glossary:
    entries: tuple[Entry, ...]
    # Renderings by their first word (lower case; "{ordinal}" for a leading placeholder), longest
    # first: a text is scanned word by word and only the renderings that can start there are tried.
    by_first_word: dict[str, tuple[Rendering, ...]]

    def __len__(self) -> int:
        return len(self.entries)

    def candidates(self, word: str) -> tuple[Rendering, ...]:
        key = "{ordinal}" if word[0].isdigit() and _ORDINAL.fullmatch(word) else word.lower()
        return self.by_first_word.get(key, ())


def _compile(wrong: str) -> re.Pattern[str]:
    """A wrong rendering as a regex: any run of spaces or hyphens between words, placeholders as groups."""
    parts = []
    for token in re.split(r"[\s-]+", wrong.strip()):
        holes = re.split(r"\{(\w+)\}", token)
        parts.append("".join(
            re.escape(piece) if i % 2 == 0 else f"(?P<{piece}>{PLACEHOLDERS[piece]})" for i, piece in enumerate(holes)
        ))
    body = _WORD_GAP.join(parts)
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)


def _first_word(wrong: str) -> str:
    first = re.split(r"[\s-]+", wrong.strip())[0]
    return first if first.startswith("{") else _FIRST_WORD.search(first).group().lower()


def _entry(raw: Any, where: str) -> Entry:
    from pipeline.config import parse_block

    from .schema import GlossaryEntry

    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: a glossary entry must be a mapping with keys zh, wrong, right, note")
    spec = parse_block(GlossaryEntry, raw, noun="key", prefix=f"{where}: ")
    return Entry(spec.zh, tuple(spec.wrong), spec.right, spec.note, tuple(spec.contexts), tuple(spec.not_before),
                 spec.confidence, where)


def _read(path: Path) -> list[Entry]:
    if not path.is_file():
        raise ConfigError(f"glossary file not found: {path}")
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        raise ConfigError(f"{path}: not valid YAML") from None
    if not isinstance(data, list):
        raise ConfigError(f"{path}: a glossary is a YAML list of entries")
    return [_entry(raw, f"{path.name} entry {i + 1}") for i, raw in enumerate(data)]


def resolve_path(name: str) -> Path:
    """A user's glossary path, as given: absolute, or relative to the working directory."""
    return Path(name).expanduser()


@lru_cache(maxsize=8)
def load_glossary(builtin: bool, paths: tuple[str, ...]) -> Glossary:
    """The user's files and the shipped glossary (unless ``builtin`` is off); cached. Where two
    entries list the same rendering, the user's wins."""
    entries = [e for name in paths for e in _read(resolve_path(name))]
    entries += _read(BUILTIN_GLOSSARY) if builtin else []
    index: dict[str, list[Rendering]] = {}
    for entry in entries:
        for wrong in entry.wrong:
            index.setdefault(_first_word(wrong), []).append(Rendering(entry, wrong, _compile(wrong)))
    by_first_word = {k: tuple(sorted(v, key=lambda r: -len(r.wrong))) for k, v in index.items()}
    return Glossary(tuple(entries), by_first_word)


def _match_case(found: str, wrong: str, right: str) -> str:
    """Carry over a capital the context gave the found text (a sentence start, a Title Case
    heading); a capital the rendering itself has ("Puhui finance") says nothing about the context."""
    found_words = [w for w in re.findall(r"[A-Za-z][\w'-]*", found) if w.lower() not in _SMALL_WORDS]
    wrong_words = [w for w in re.findall(r"[A-Za-z][\w'-]*", wrong) if w.lower() not in _SMALL_WORDS]
    if len(found_words) > 1 and all(w[0].isupper() for w in found_words) and not all(w[0].isupper() for w in wrong_words):
        return " ".join(w if w.lower() in _SMALL_WORDS or not w[:1].islower() else w[0].upper() + w[1:]
                        for w in right.split(" "))
    if found[:1].isupper() and not wrong[:1].isupper() and right[:1].islower():
        return right[0].upper() + right[1:]
    return right


def _applies(entry: Entry, sentence: str, following: str) -> bool:
    next_word = following.split()[0].strip(".,;:\"”'") if following.split() else ""
    if next_word.lower() in {w.lower() for w in entry.not_before}:
        return False
    lowered = sentence.lower()
    return not entry.contexts or any(re.search(rf"(?<!\w){re.escape(c.lower())}", lowered) for c in entry.contexts)


@rule("glossary.term", Phase.TERMS)
def glossary_term(text: str, opts: Options) -> Iterable[Fix]:
    """A known mistranslation of a Chinese term, replaced by the glossary's English."""
    block = opts["glossary"]
    glossary = load_glossary(block["builtin"], tuple(block["paths"]))
    sentences = split_sentences(text)
    resume = 0  # matches never overlap: scanning resumes after the last one
    for word in _FIRST_WORD.finditer(text):
        if word.start() < resume:
            continue
        for rendering in glossary.candidates(word.group()):
            m = rendering.pattern.match(text, word.start())
            if not m:
                continue
            sentence = next((text[a:b] for a, b in sentences if a <= m.start() < b), m.group())
            if not _applies(rendering.entry, sentence, text[m.end() : m.end() + block["not_before_chars"]]):
                continue
            right = rendering.entry.right
            for name, value in m.groupdict().items():
                right = right.replace("{" + name + "}", value)
            yield Fix(m.start(), m.end(), _match_case(m.group(), rendering.wrong, right),
                      f"'{m.group()}' mistranslates {rendering.entry.zh}: {rendering.entry.note}",
                      confidence=rendering.entry.confidence)
            resume = m.end()
            break
