"""Shared fact extraction and support checking.

``extract_facts`` finds figures (numbers, percents, percentage points, money), dates,
periods ("January to July", "the first half of the year"), ordinals and names, each
with a normalised value. ``SourceFacts`` / ``check_text`` decide whether a summary's
facts are stated by the source *with the same attachment* (period and subject), and
``lost_facts`` tells a rewriting stage which figures an edit dropped.
"""

from .extract import ALL_KINDS, NUMERIC_KINDS, Fact, extract_facts, fact_counts, lost_facts
from .support import FactCheck, SourceFacts, SupportRules, check_text
from ..sentences import split_sentences  # the one sentence service, re-exported for fact checkers

__all__ = [
    "ALL_KINDS",
    "NUMERIC_KINDS",
    "Fact",
    "FactCheck",
    "SourceFacts",
    "SupportRules",
    "check_text",
    "extract_facts",
    "fact_counts",
    "lost_facts",
    "split_sentences",
]
