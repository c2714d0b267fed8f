"""A single self-contained HTML page an editor can open offline: the cleaned text with every
edit as a tracked change (hover for rule and reason), the section outline, and the briefing
with links that highlight the source sentences supporting each of its sentences."""

from __future__ import annotations

from html import escape

from ..document import Document, Edit

STYLE = """
body{font:15px/1.55 Georgia,serif;margin:0;color:#222;background:#fafaf7}
header{padding:14px 24px;background:#23395d;color:#fff}header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;font-size:13px;opacity:.85}
main{display:grid;grid-template-columns:minmax(260px,1fr) 2fr;gap:24px;padding:20px 24px}
aside{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto}
h2{font-size:16px;border-bottom:1px solid #ccc;padding-bottom:3px}
.text{white-space:pre-wrap;background:#fff;padding:18px 22px;border:1px solid #ddd;border-radius:4px}
.edit{position:relative;cursor:help;border-bottom:1px dotted #a33}
.edit del{color:#a33;background:#fde8e8}.edit ins{color:#155d27;background:#e3f6e6;text-decoration:none}
.edit:hover::after{content:attr(data-tip);position:absolute;left:0;top:1.6em;z-index:9;white-space:normal;
 width:320px;background:#333;color:#fff;font:12px/1.4 sans-serif;padding:6px 8px;border-radius:4px}
.sec{display:inline-block;font:bold 12px sans-serif;color:#23395d;background:#e6ecf5;padding:1px 6px;
 border-radius:3px;margin:2px 0}
.sent.hl{background:#fff2a8;outline:2px solid #f0c000}
.outline li{margin:2px 0}.outline .kind{font:11px sans-serif;color:#666}
.summary li{margin:6px 0}.summary sup a{font:11px sans-serif;margin-left:2px}
.bad{color:#a33}.meta{font:12px sans-serif;color:#555}
table{border-collapse:collapse;font:12px sans-serif}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left}
"""
SCRIPT = """
function hl(ids){document.querySelectorAll('.sent.hl').forEach(e=>e.classList.remove('hl'));
 ids.forEach(i=>document.querySelectorAll('.s'+i).forEach(e=>e.classList.add('hl')));
 const f=document.querySelector('.s'+ids[0]);if(f)f.scrollIntoView({behavior:'smooth',block:'center'});return false}
"""


def _edit_html(e: Edit) -> str:
    tip = f"{e.rule} (confidence {e.confidence:.2f}): {e.reason}"
    if e.merged:
        tip += f"; absorbs {', '.join(e.merged)}"
    parts = [f'<span class="edit" data-rule="{escape(e.rule)}" data-tip="{escape(tip)}" title="{escape(tip)}">']
    if e.before:  # deleted line breaks shown as marks, not as empty vertical space
        parts.append(f"<del>{escape(e.before).replace(chr(10), '↵')}</del>")
    if e.after:
        parts.append(f"<ins>{escape(e.after)}</ins>")
    return "".join(parts) + "</span>"


def _snap(pos: int, edit_spans: list[tuple[int, int]]) -> int:
    """Move a boundary that falls inside an edit's replacement to the edit's end, so edits stay atomic."""
    for cs, ce in edit_spans:
        if cs < pos < ce:
            return ce
    return pos


def tracked_text(doc: Document) -> str:
    """The cleaned text with edits as <del>/<ins>, sentences wrapped for highlighting, section marks."""
    text = doc.cleaned
    shifts = doc.replacement_spans()
    edit_spans = [(cs, ce) for cs, ce, _ in shifts]
    edits_at: dict[int, list[Edit]] = {}
    for cs, _, i in shifts:
        edits_at.setdefault(cs, []).append(doc.edits[i])
    marks_at: dict[int, list[str]] = {}
    for j, sec in enumerate(doc.sections):
        mark = f'<span class="sec" id="sec{j}">§ {escape(sec.title)}</span>\n'
        marks_at.setdefault(_snap(sec.start, edit_spans), []).append(mark)
    cuts = {0, len(text), *marks_at, *(p for span in edit_spans for p in span)}
    for s in doc.sentences:
        cuts.update((_snap(s.start, edit_spans), _snap(s.end, edit_spans)))
    sent_of = _sentence_lookup(doc, edit_spans)
    out: list[str] = []
    bounds = sorted(cuts)
    for a, b in zip(bounds, bounds[1:] + [len(text)]):
        out.extend(marks_at.get(a, []))
        here = edits_at.get(a, [])
        piece = "".join(_edit_html(e) for e in here)
        if not any(e.after for e in here):  # only deletions (or nothing) here: the plain text follows
            piece += escape(text[a:b])
        i = sent_of(a)
        out.append(f'<span class="sent s{i}">{piece}</span>' if i is not None and piece else piece)
    return "".join(out)


def _sentence_lookup(doc: Document, edit_spans: list[tuple[int, int]]):
    spans = [(_snap(s.start, edit_spans), _snap(s.end, edit_spans)) for s in doc.sentences]

    def find(pos: int) -> int | None:
        for i, (a, b) in enumerate(spans):
            if a <= pos < b:
                return i
        return None

    return find


def _outline(doc: Document) -> str:
    items = []
    for j, sec in enumerate(doc.sections):
        pad = f' style="margin-left:{(sec.level - 1) * 16}px"' if sec.level > 1 else ""
        items.append(
            f'<li{pad}><a href="#sec{j}">{escape(sec.title)}</a> <span class="kind">{escape(sec.kind)}</span></li>'
        )
    return '<ul class="outline">' + "".join(items) + "</ul>" if items else "<p>No sections.</p>"


def _summary(doc: Document) -> str:
    s = doc.summary
    if s is None:
        return "<p>No summary.</p>"
    label = f"{s.method} summary" + (f" · {s.model}" if s.model else "") + (f" · plan: {s.plan}" if s.plan else "")
    items = []
    for sent in s.sentences:
        links = "".join(f'<a href="#" onclick="return hl([{i}])">{i + 1}</a>' for i in sent.support)
        failed = [c for c in sent.checks if not c.get("supported", True)]
        flag = f' <span class="bad">({len(failed)} unsupported)</span>' if failed else ""
        items.append(f"{escape(sent.text)}<sup>{links}</sup>{flag}")
    note = f'<p class="bad">{escape(s.stats["note"])}</p>' if s.stats.get("note") else ""
    if s.format != "prose":
        body = '<ol class="summary">' + "".join(f"<li>{i}</li>" for i in items) + "</ol>"
    else:  # prose: one paragraph, each sentence with its source links
        body = '<p class="summary">' + " ".join(items) + "</p>"
    return f'<p class="meta">{escape(label)}</p>{note}{body}'


def _key_figures(doc: Document) -> str:
    """The key figures table; each source link highlights the sentence that states the figure."""
    if not doc.key_figures:
        return ""
    rows = []
    for k in doc.key_figures:
        period = k.period + (" (stated earlier)" if k.period and k.period_inherited else "")
        link = f'<a href="#" onclick="return hl([{k.sentence}])">s.{k.sentence + 1}</a>'
        rows.append(f"<tr><td>{escape(k.figure)}</td><td>{escape(k.measure or '—')}</td>"
                    f"<td>{escape(period or '—')}</td><td>{link}</td></tr>")
    head = "<tr><th>figure</th><th>what it measures</th><th>period</th><th>source</th></tr>"
    return f'<h2>Key figures</h2><table class="figures">{head}{"".join(rows)}</table>'


def _scores(doc: Document) -> str:
    rows = []
    for stage, values in doc.scores.items():
        for key, value in (values or {}).items():
            if key == "signature" or isinstance(value, (dict, list)):
                continue
            rows.append(f"<tr><td>{escape(stage)}</td><td>{escape(key)}</td><td>{escape(str(value))}</td></tr>")
    return "<table><tr><th>stage</th><th>check</th><th>value</th></tr>" + "".join(rows) + "</table>" if rows else ""


def _warnings(doc: Document) -> str:
    """What went wrong but did not stop the run (e.g. the generator's worker crashed)."""
    return "".join(f'<p class="bad warning">Warning: {escape(w)}</p>' for w in doc.meta.get("warnings", []))


def render(doc: Document, view: str) -> str:
    n_edits = len(doc.edits)
    sub = f"{n_edits} edits · {len(doc.sections)} sections · {len(doc.sentences)} sentences"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>mtbrief report</title>
<style>{STYLE}</style><script>{SCRIPT}</script></head>
<body><header><h1>mtbrief report</h1><p>{escape(sub)}</p>{_warnings(doc)}</header>
<main><aside><h2>Briefing</h2>{_summary(doc)}{_key_figures(doc)}<h2>Outline</h2>{_outline(doc)}<h2>Checks</h2>{_scores(doc)}</aside>
<section><h2>Cleaned text with tracked changes</h2><div class="text">{tracked_text(doc)}</div></section></main>
</body></html>
"""
