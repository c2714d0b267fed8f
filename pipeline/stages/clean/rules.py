"""What a cleaning rule is, and the stage-local registry that lets a config name it.

A rule only *finds*: it reads the current cleaned text and proposes :class:`Fix`
objects, each tagged with the case (sub-pattern) of the rule that found it.
How sure each case is lives in the config's ``confidence`` table, not in code, so
a user sees and can tune every threshold. Applying fixes (right to left,
skipping overlaps, honouring ``min_confidence``) is the stage's job, so every
rule gets the same bookkeeping and no rule can corrupt offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any, Callable, Iterable

from pipeline import registry

Options = dict[str, Any]
# Words (with inner hyphens, apostrophes and number punctuation), single marks, whitespace runs:
# the units an edit is trimmed to, so "resumption of production and production" -> "resumption
# of work and production" is recorded as "production" -> "work".
TOKEN = re.compile(r"\s+|\w+(?:[-'’.,]\w+)*|[^\w\s]")


class Phase(IntEnum):
    """Rules run phase by phase. Layout first, so later rules see whole sentences; word repairs
    (a stray period, a capital) before the glossary, so it sees whole terms; the glossary before
    the generic phrase rules, so a known term's right rendering beats a generic de-duplication."""

    LAYOUT = 1
    WORDS = 2
    TERMS = 3
    PHRASES = 4


@dataclass(frozen=True)
class Fix:
    """A proposed change of ``text[start:end]``. ``after=None`` flags a problem that has no
    safe automatic repair (it is reported, and may be offered to the neural rewrite)."""

    start: int
    end: int
    after: str | None
    reason: str
    case: str = ""  # which of the rule's cases found it ("" for a one-case rule): picks its confidence
    confidence: float | None = None  # only where the match knows better than the config (a glossary entry's own)
    # Other replacements of the same span an editor may prefer ("; the" for ". The"): kept on the
    # edit, or offered with ``after`` when the fix is only flagged. A fix without ``after`` may still
    # have some (the candidates it cannot choose between).
    alternatives: tuple[str, ...] = ()

    def candidates(self) -> list[str]:
        """``after`` and the alternatives, each once, in order."""
        out: list[str] = []
        for c in (self.after, *self.alternatives):
            if c is not None and c not in out:
                out.append(c)
        return out


def minimal(text: str, fix: Fix) -> Fix:
    """The fix without the whole tokens its replacement (and every alternative) shares with
    the text at either end."""
    if fix.after is None and not fix.alternatives:
        return fix
    before = TOKEN.findall(text[fix.start : fix.end])
    options = [TOKEN.findall(c) for c in fix.candidates()]
    head = 0
    while all(head < min(len(before), len(o)) and before[head] == o[head] for o in options):
        head += 1
    tail = 0
    while all(tail < min(len(before), len(o)) - head and before[-1 - tail] == o[-1 - tail] for o in options):
        tail += 1
    cut_start = sum(map(len, before[:head]))
    cut_end = sum(map(len, before[len(before) - tail :]))

    def kept(tokens: list[str]) -> str:
        return "".join(tokens[head : len(tokens) - tail])

    after = None if fix.after is None else kept(TOKEN.findall(fix.after))
    alternatives = tuple(kept(TOKEN.findall(a)) for a in fix.alternatives)
    return replace(fix, start=fix.start + cut_start, end=fix.end - cut_end, after=after, alternatives=alternatives)


Finder = Callable[[str, Options], Iterable[Fix]]


@dataclass(frozen=True)
class Rule:
    id: str
    phase: Phase
    find: Finder
    description: str
    cases: tuple[str, ...] = ()  # a rule whose cases differ in how sure they are has one confidence each
    # A plugin's rule brings its own confidence (a number, or one per case); the config's
    # ``confidence`` table overrides it. The package's rules have theirs in the table.
    default_confidence: float | dict[str, float] | None = None

    def confidence(self, table: Options, fix: Fix) -> float:
        """How sure the fix is: its own value, else the config table's for this rule (or this case of it)."""
        if fix.confidence is not None:
            return fix.confidence
        value = table.get(self.id, self.default_confidence)
        if value is None:
            raise KeyError(f"clean rule {self.id!r} has no confidence: set components.clean.confidence.{self.id}")
        return value[fix.case] if self.cases else value


# Rules by id: the one registry mechanism (pipeline.registry), filled by the package's rule modules
# and by plugins' entry points in the group ``mtbrief.clean_rules`` (each naming a :class:`Rule`).
RULES = registry.clean_rules


def rule(rule_id: str, phase: Phase, cases: tuple[str, ...] = (),
         confidence: float | dict[str, float] | None = None) -> Callable[[Finder], Finder]:
    """Register a finder under ``rule_id``; its docstring's first line is the description. ``cases``
    names the sub-patterns whose fixes the config gives separate confidences; ``confidence`` is the
    rule's own default (a plugin's rule has no entry in the shipped config)."""

    def deco(find: Finder) -> Finder:
        description = (find.__doc__ or "").strip().splitlines()[0] if find.__doc__ else rule_id
        RULES.register(rule_id, Rule(rule_id, phase, find, description, cases, confidence))
        return find

    return deco


def ordered_rules() -> list[Rule]:
    """All registered rules in running order: by phase, then as registered."""
    return sorted(RULES.values(), key=lambda r: r.phase)
