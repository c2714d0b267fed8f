"""Markdown: the outline, the summary and the edit list, for a chat, a ticket or a terminal."""

from __future__ import annotations

import json

from ..document import Document
from ..facts.keyfigures import markdown_table


def outline(doc: Document) -> list[str]:
    """Sections as a nested list with kind and sentence range."""
    lines = ["## Outline", ""]
    starts = [s.start for s in doc.sentences]
    for sec in doc.sections:
        first = sum(1 for x in starts if x < sec.start) + 1
        last = sum(1 for x in starts if x < sec.end)
        indent = "  " * (sec.level - 1)
        lines.append(f"{indent}- **{sec.title}** _{sec.kind}_ (sentences {first}–{last})")
    return lines + [""]


def summary_lines(doc: Document) -> list[str]:
    s = doc.summary
    if s is None:
        return []
    label = f"{s.method} summary" + (f", {s.model}" if s.model else "") + (f", plan: {s.plan}" if s.plan else "")
    lines = ["## Briefing", "", f"_{label}_", ""]
    if s.stats.get("note"):
        lines += [f"> Note: {s.stats['note']}", ""]
    cited = [sent.text + (f" [source sentences {', '.join(str(i + 1) for i in sent.support)}]" if sent.support else "")
             for sent in s.sentences]
    if s.format != "prose":
        lines += [f"- {c}" for c in cited]
    else:  # prose: one paragraph, each sentence followed by the source sentences that support it
        lines.append(" ".join(cited))
    return lines + [""]


def key_figure_lines(doc: Document) -> list[str]:
    """Every figure of the source with what it measures, its period and its sentence (no model involved)."""
    table = markdown_table(doc.key_figures)
    return ["## Key figures", "", *table, ""] if table else []


def edit_lines(doc: Document) -> list[str]:
    if not doc.edits:
        return ["## Edits", "", "No edits.", ""]
    lines = ["## Edits", "", "| # | rule | before | after | reason |", "|---|---|---|---|---|"]
    for n, e in enumerate(doc.edits, 1):
        cells = [_cell(e.before), _cell(e.after), _cell(e.reason)]
        lines.append(f"| {n} | `{e.rule}` | {cells[0]} | {cells[1]} | {cells[2]} |")
    return lines + [""]


def _cell(s: str) -> str:
    s = s.replace("|", "\\|").replace("\n", "⏎")
    return s if s.strip() else "∅"


def render(doc: Document, view: str) -> str:
    parts = ["# mtbrief report", ""]
    if view in ("run", "summarize"):
        parts += summary_lines(doc)
        parts += key_figure_lines(doc)
    if view in ("run", "segment", "summarize"):
        parts += outline(doc)
    if view in ("run", "clean"):
        parts += edit_lines(doc)
    if view == "clean":
        parts += ["## Cleaned text", "", doc.cleaned.strip(), ""]
    if doc.scores:
        parts += ["## Scores", "", "```json", json.dumps(doc.scores, indent=2, ensure_ascii=False), "```", ""]
    return "\n".join(parts)
