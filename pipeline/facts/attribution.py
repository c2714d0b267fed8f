"""Who did what: a summary's "held by X", "X said", "X decided", "X issued" must be stated in
the source for that X.

Names occurring somewhere in the source is not enough: the sample bulletin names the Party
Leadership Group (its Secretary attended and spoke), and a summary saying the teleconference was
"held by the Party Leadership Group" moves an action to a body the source never gives it. Figures
moved to another indicator are the figure check's job (:mod:`.support`); this module checks the
agent of actions.

The check is lexical, with no parser: verbs come in groups of near-synonyms a summary may swap
("said" for "emphasized"); for each group verb in a summary sentence the agent is the phrase in
front of it (active) or after "by" (passive), and it is supported when some source sentence has
a verb of the same group whose agent holds those words (an acronym may stand for a name). A
passive verb without "by" in the source states no agent, so it supports none. A summary agent
that names nothing (a pronoun) claims nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .extract import Fact
from .support import FactCheck
from .text import NAME_CONNECTORS, NAME_TOKEN, content_stems

# Past forms (and unambiguous present ones): bare "issue", "state", "address", "note" are nouns too.
VERB_GROUPS: dict[str, frozenset[str]] = {
    group: frozenset(words.split())
    for group, words in {
        "held": "held holds convened convenes organized organised organizes organises hosted hosts chaired chairs sponsored",
        "said": "said says stated noted pointed emphasized emphasised emphasizes stressed stresses urged called "
        "announced declared believed affirmed required demanded reiterated warned reported",
        "decided": "decided decides determined approved adopted deployed resolved arranged",
        "issued": "issued released published introduced launched unveiled",
        "attended": "attended spoke addressed delivered presided",
    }.items()
}
_GROUP_OF = {verb: group for group, verbs in VERB_GROUPS.items() for verb in verbs}
_VERB = re.compile(r"\b(" + "|".join(sorted(_GROUP_OF, key=len, reverse=True)) + r")\b", re.I)
_PASSIVE_AUX = re.compile(r"\b(?:was|were|is|are|been|be|being)\s+(?:[a-z]+ly\s+)?$", re.I)
_BY_AGENT = re.compile(r"^(?:\s+[\w-]+){0,4}?\s+by\s+(?P<agent>[^,.;:]+)", re.I)
# An agent phrase ends at a preposition or relative word that starts another phrase.
_AGENT_END = re.compile(r"\s(?:in|on|at|to|for|with|from|during|which|that|who|where|when|as|after|before)\s", re.I)
# Where a clause (and so an active verb's subject) starts.
_CLAUSE_START = re.compile(r";|:|\bthat\b|\bwhich\b|\bwho\b|\bwhere\b|\bwhile\b|\bbut\b", re.I)
_ACCORDING = re.compile(r"\baccording\s+to\s+(?P<agent>[^,.;:]+)", re.I)
# A document's title names its issuer: "Notice of the General Office of the Ministry of Commerce on ...".
_TITLED = re.compile(r"^\W*(?:the\s+)?(?P<verb>notice|circular|opinions?|decision|announcement|measures|guidelines|"
                     r"regulations|plan|reply)\s+of\s+(?P<agent>.+?)\s+on\s", re.I)
_LEADING_ADVERBIAL = re.compile(r"^\s*(?:on|in|at|from|during|since|as of|by|after|before)\b[^,]*,\s*", re.I)
# Words for a meeting are one agent: a summary may call "the meeting" "the teleconference".
_MEETING = frozenset("meet confer teleconfer session forum videoconfer".split())


@dataclass(frozen=True)
class Claim:
    """One agent-action pair a sentence states: ``agent`` did something of ``group``."""

    group: str  # the verb group ("held", "said", ...)
    verb: str
    agent: str  # the agent phrase as written
    stems: frozenset[str]
    start: int
    end: int
    passive: bool
    # Source side: the phrases that may name the agent (the subject's head, each apposition, the
    # name after "the account of"), so a title's words ("Party Leadership Group" in "Jin, Secretary
    # of the Party Leadership Group, spoke") do not make the Group a speaker.
    readings: tuple[str, ...] = ()


def agent_stems(phrase: str) -> frozenset[str]:
    """Content stems of an agent phrase; every word for a meeting counts as one."""
    return frozenset("meet" if s in _MEETING else s for s in content_stems(phrase))


def claims(sentence: str, narrow: bool = True) -> list[Claim]:
    """The agent-action pairs of one sentence. ``narrow`` (a summary) takes the subject's head
    phrase; the source side (``narrow=False``) keeps the clause's whole lead-in, appositions too,
    and reads "according to X" as X saying it and a title "Notice of X on ..." as X issuing it."""
    out: list[Claim] = []
    for m in _VERB.finditer(sentence):
        verb = m.group(1)
        before = sentence[: m.start()]
        passive = bool(_PASSIVE_AUX.search(before))
        if passive:
            by = _BY_AGENT.match(sentence[m.end() :])
            agent = _cut_agent(by["agent"]) if by else ""
        else:
            agent = _subject(before, narrow)
        readings = _readings(agent) if not narrow else ()
        out.append(Claim(_GROUP_OF[verb.lower()], verb, agent.strip(), agent_stems(agent), m.start(), m.end(), passive, readings))
    if not narrow:  # "According to the official account of the Ministry ...": the Ministry reports
        for m in _ACCORDING.finditer(sentence):
            agent = _cut_agent(m["agent"])
            owner = re.split(r"\bof\b", agent, maxsplit=1)
            readings = (agent, owner[1]) if len(owner) == 2 else (agent,)
            out.append(Claim("said", "according to", agent, agent_stems(agent), m.start(), m.end(), False, readings))
        titled = _TITLED.match(sentence)
        if titled:
            agent = titled["agent"]
            out.append(Claim("issued", titled["verb"], agent, agent_stems(agent), titled.start(), titled.end(), False, (agent,)))
    return out


def _readings(agent: str) -> tuple[str, ...]:
    """The phrases a source agent may be named by: each comma part ("Tang Renjian", "Minister of
    Agriculture"), and a name with the title after it put in front, as English writes it ("Minister of
    Agriculture Tang Renjian" for "Tang Renjian, Minister of Agriculture, attended"). The title alone
    stays a reading of its own, so "Secretary of the Party Leadership Group" never makes the Group act."""
    parts = [p.strip() for p in agent.split(",") if agent_stems(p)]
    return (*parts, *(f"{title} {name}" for name, title in zip(parts, parts[1:])))


def _ordered_stems(phrase: str) -> list[str]:
    return [s for word in phrase.split() for s in sorted(agent_stems(word))]


def _cut_agent(text: str) -> str:
    m = _AGENT_END.search(" " + text + " ")
    return text[: m.start()] if m else text


def _subject(before: str, narrow: bool) -> str:
    """The words in front of an active verb that name who acts."""
    cuts = [m.end() for m in _CLAUSE_START.finditer(before)]
    span = before[cuts[-1] :] if cuts else before
    # "X attended the meeting and delivered a speech": the subject of "delivered" is X.
    earlier = _VERB.search(span)
    if earlier:
        span = span[: earlier.start()]
    if not narrow:
        return span
    span = _LEADING_ADVERBIAL.sub("", span)  # "On August 19, the Ministry held": the Ministry
    head = span.split(",")[0] if span.split(",")[0].strip() else span
    return head


@dataclass(frozen=True)
class AttributionRules:
    min_agent_overlap: float = 0.67  # share of a summary agent's words the source agent must hold


class SourceAgents:
    """The source's agent-action pairs, read once."""

    def __init__(self, sentences: list[str], rules: AttributionRules | None = None) -> None:
        self.rules = rules or AttributionRules()
        self.texts = sentences
        self.claims = [claims(s, narrow=False) for s in sentences]

    def check(self, sentence: str) -> list[FactCheck]:
        """One verdict per agent-action pair the summary sentence states (pronouns state none)."""
        return [self._check(c) for c in claims(sentence) if c.stems]

    def _check(self, claim: Claim) -> FactCheck:
        seen_group = False
        for i, source_claims in enumerate(self.claims):
            for src in source_claims:
                if src.group != claim.group:
                    continue
                seen_group = True
                if self._same_agent(claim, src, self.texts[i]):
                    return FactCheck(_claim_fact(claim), True, f"source sentence {i}: {src.agent.strip()!r} {src.verb}", i)
        if seen_group:
            why = f"the source never states that {claim.agent!r} {_action(claim)}"
        else:
            why = f"the source states no one who {_action(claim)}"
        return FactCheck(_claim_fact(claim), False, why)

    def _same_agent(self, claim: Claim, src: Claim, source_sentence: str) -> bool:
        """The claim's words are (mostly) one reading of the source agent, and its first word
        is that reading's head word, or an acronym of it."""
        head = _ordered_stems(claim.agent)
        for reading in src.readings or (src.agent,):
            stems = agent_stems(reading)
            found = {w for w in claim.stems if w in stems or (w.isupper() and _expands(w, reading))}
            first = _ordered_stems(reading)[:1]
            headed = not head or head[0] in first or (head[0].isupper() and _expands(head[0], reading))
            if stems and headed and len(found) / len(claim.stems) >= self.rules.min_agent_overlap:
                return True
        return False


def _action(claim: Claim) -> str:
    return {"held": "held it", "said": "said it", "decided": "decided it", "issued": "issued it",
            "attended": "attended or spoke"}[claim.group]


def _expands(acronym: str, phrase: str) -> bool:
    initials = "".join(t[0].upper() for t in NAME_TOKEN.findall(phrase) if t.lower() not in NAME_CONNECTORS)
    return len(acronym) >= 3 and acronym.upper() in initials


def _claim_fact(claim: Claim) -> Fact:
    """The claim as a fact of kind ``attribution``, so review logs treat it like any other check."""
    text = f"{claim.verb} by {claim.agent}" if claim.passive else f"{claim.agent} {claim.verb}"
    return Fact("attribution", text, f"{claim.group}:{' '.join(sorted(claim.stems))}", claim.start, claim.end)
