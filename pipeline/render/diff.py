"""A readable edit-by-edit diff: each change with its rule, reason and a little context,
in wdiff style (``[-before-]{+after+}``) so one-word changes inside long lines stand out."""

from __future__ import annotations

from collections import Counter

from ..document import Document

CONTEXT_CHARS = 40


def _oneline(s: str) -> str:
    return s.replace("\n", "⏎")


def render(doc: Document, view: str) -> str:
    src = doc.source
    lines = [f"--- source ({len(src)} chars)", f"+++ cleaned ({len(doc.cleaned)} chars)"]
    for n, e in enumerate(doc.edits, 1):
        left = src[max(0, e.start - CONTEXT_CHARS) : e.start]
        right = src[e.end : e.end + CONTEXT_CHARS]
        lines += [
            f"@@ edit {n}: source {e.start}-{e.end} | {e.rule} | confidence {e.confidence:.2f}",
            f"   reason: {e.reason}" + (f" (absorbs {', '.join(e.merged)})" if e.merged else ""),
            f"   …{_oneline(left)}[-{_oneline(e.before)}-]{{+{_oneline(e.after)}+}}{_oneline(right)}…",
        ]
    by_rule = Counter(e.rule for e in doc.edits)
    lines.append(f"{len(doc.edits)} edits: " + (", ".join(f"{r} {c}" for r, c in sorted(by_rule.items())) or "none"))
    return "\n".join(lines) + "\n"
