"""mtbrief: clean machine-translated English, segment it, brief it, score every stage."""

from .document import Document, Edit, Section, Span, Summary, SummarySentence
from .pipeline import Pipeline

__all__ = ["Document", "Edit", "Pipeline", "Section", "Span", "Summary", "SummarySentence"]
__version__ = "0.1.0"
