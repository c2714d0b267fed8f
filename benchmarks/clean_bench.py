"""Benchmark the clean stage against hand-written gold and on real MT output.

Gold (data/gold/clean.jsonl): edit-level precision/recall/F0.5 (the stage's own edits, and
ERRANT-style edits re-extracted from its output by the same word diff that made the gold
edits), SARI and chrF of the output against the hand reference, the share of items changed
among those that need no change, figures lost or added, and the stage's time on the sample
(one thread) — each beside the do-nothing baseline. WMT23 zh-en (read from ../shared/data,
skipped when absent): corpus chrF of each system before and after cleaning, the share of
human-reference lines the stage changes, and how many of its edits on MQM-annotated
outputs fall inside spans raters marked as fluency or terminology errors. Run from the
project root:

    .venv/bin/python benchmarks/clean_bench.py [--no-wmt] [--config configs/default.yaml]
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
import re
import time
from pathlib import Path
from typing import Any, Iterable

from pipeline.offline import go_offline

go_offline()  # before any Hugging Face import

ROOT = Path(__file__).resolve().parents[1]

from pipeline.config import load_config, validate  # noqa: E402
from pipeline.document import Document  # noqa: E402
from pipeline.facts.extract import NUMERIC_KINDS, lost_facts  # noqa: E402
from pipeline.metrics import load_metric  # noqa: E402
from pipeline.pipeline import Context  # noqa: E402
from pipeline.stages.clean import CHOICES, DEFAULTS, make_clean  # noqa: E402
from pipeline.stages.clean.rules import TOKEN  # noqa: E402

GOLD = ROOT / "data" / "gold" / "clean.jsonl"
SAMPLE = ROOT / "data" / "bulletins" / "bulletin-2022-08-19.txt"
WMT = ROOT.parent / "shared" / "data" / "wmt23-zhen"
WMT_SYSTEMS = ("GPT4-5shot", "HW-TSC", "Lan-BridgeMT", "NLLB_Greedy", "ONLINE-A", "ONLINE-W")
MQM_CATEGORIES = ("Fluency", "Terminology")  # error families a cleaner can be expected to touch
_SPAN = re.compile(r"<v>(.*?)</v>", re.S)
TIMING_RUNS = 20
MERGE_GAP_WORDS = 2


# ---- gold edits -----------------------------------------------------------------------------
def diff_edits(source: str, target: str) -> list[dict[str, Any]]:
    """Edits turning ``source`` into ``target`` from a word-level diff (words, punctuation and
    whitespace runs are tokens): how the gold edits were derived from the hand reference, and how
    any output is compared with them on the same terms (as ERRANT re-extracts GEC edits).
    Changes at most ``MERGE_GAP_WORDS`` words apart are one edit, so a rephrased term
    ("the strengthening of X chains" -> "efforts to fill gaps in X chains") is not scored as
    five one-word edits."""
    a, b = TOKEN.findall(source), TOKEN.findall(target)
    offsets = [0]
    for tok in a:
        offsets.append(offsets[-1] + len(tok))
    changes: list[list[int]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if changes and _mergeable(a[changes[-1][1] : i1], a[changes[-1][0] : changes[-1][1]] + b[changes[-1][2] : changes[-1][3]],
                                  a[i1:i2] + b[j1:j2]):
            changes[-1][1], changes[-1][3] = i2, j2
        else:
            changes.append([i1, i2, j1, j2])
    return [{"start": offsets[i1], "end": offsets[i2], "before": "".join(a[i1:i2]), "after": "".join(b[j1:j2])}
            for i1, i2, j1, j2 in changes]


def _mergeable(gap: list[str], left: list[str], right: list[str]) -> bool:
    """Two word changes a few words apart in one sentence; layout changes (line breaks) stay apart."""
    if any("\n" in t for t in gap + left + right) or any(t in ".!?" for t in gap):
        return False
    return sum(bool(re.match(r"\w", t)) for t in gap) <= MERGE_GAP_WORDS


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# ---- the stage --------------------------------------------------------------------------------
def build_stage(config: str | None):
    """The clean stage as the config defines it (the bench measures what users run)."""
    block = dict(load_config(config, {"runtime": {"threads": 1}})["components"]["clean"])
    block.pop("factory", None)
    return make_clean(validate(block, DEFAULTS, CHOICES, "components.clean"), Context(runtime={"threads": 1,
                      "cache_dir": "~/.cache/mtbrief", "seed": 13}))


def clean(stage, text: str) -> Document:
    return stage(Document(source=text))


# ---- scoring -----------------------------------------------------------------------------------
def prf_line(metric, gold: list[list[dict]], predicted: list[list[dict]]) -> str:
    r = metric.compute(predictions=[_spans(p) for p in predicted], references=[_spans(g) for g in gold])
    return (f"detection P {r['detection_precision']:.3f} R {r['detection_recall']:.3f} F0.5 {r['detection_f']:.3f} | "
            f"correction P {r['correction_precision']:.3f} R {r['correction_recall']:.3f} F0.5 {r['correction_f']:.3f}")


def _spans(edits: Iterable[Any]) -> list[dict[str, Any]]:
    return [{"start": e["start"] if isinstance(e, dict) else e.start, "end": e["end"] if isinstance(e, dict) else e.end,
             "after": e["after"] if isinstance(e, dict) else e.after} for e in edits]


def score_gold(stage, items: list[dict[str, Any]], metrics: dict, label: str) -> None:
    docs = [clean(stage, it["source"]) for it in items]
    outputs = [d.cleaned for d in docs]
    sources = [it["source"] for it in items]
    refs = [it["reference"] for it in items]
    gold = [it["edits"] for it in items]
    print(f"\n== {label}: {len(items)} items, {sum(map(len, gold))} gold edits, "
          f"{sum(len(d.edits) for d in docs)} stage edits")
    print(f"  stage edits      : {prf_line(metrics['edit_prf'], gold, [d.edits for d in docs])}")
    print(f"  re-extracted     : {prf_line(metrics['edit_prf'], gold, [diff_edits(s, o) for s, o in zip(sources, outputs)])}")
    print(f"  do nothing       : {prf_line(metrics['edit_prf'], gold, [[] for _ in items])}")
    for name, preds in (("stage", outputs), ("do nothing", sources)):
        sari = metrics["sari"].compute(sources=sources, predictions=preds, references=[[r] for r in refs])
        chrf = metrics["sacrebleu_scores"].compute(predictions=preds, references=[[r] for r in refs], metrics=["chrf"])
        print(f"  {name:<11}: SARI {sari['sari']:.2f}  chrF {chrf['chrf']:.2f}")
    clean_items = [i for i, it in enumerate(items) if not it["needs_change"]]
    if clean_items:
        changed = metrics["sentences_changed"].compute(sources=[sources[i] for i in clean_items],
                                                       predictions=[outputs[i] for i in clean_items])
        print(f"  changed among {len(clean_items)} items needing no change: stage {changed['changed']} "
              f"({changed['changed_rate']:.1%}), do nothing 0 (0.0%)")
    lost = sum(len(lost_facts(s, o, NUMERIC_KINDS)) for s, o in zip(sources, outputs))
    added = sum(len(lost_facts(o, s, NUMERIC_KINDS)) for s, o in zip(sources, outputs))
    print(f"  figures lost {lost}, figures added {added} (do nothing: 0, 0)")
    print(f"  signatures: {metrics['sari'].compute(sources=['a'], predictions=['a'], references=[['a']])['signature']}")


def timing(config: str | None) -> None:
    """Build + first call in this process, then the best and median of repeated calls (one thread)."""
    text = SAMPLE.read_text(encoding="utf-8")
    t0 = time.perf_counter()
    stage = build_stage(config)
    clean(stage, text)
    first = time.perf_counter() - t0
    runs = []
    for _ in range(TIMING_RUNS):
        t = time.perf_counter()
        clean(stage, text)
        runs.append(time.perf_counter() - t)
    runs.sort()
    print(f"\n== time on the sample ({len(text)} chars, 1 thread): build + first call {first:.3f} s; "
          f"then best {runs[0] * 1000:.1f} ms, median {runs[len(runs) // 2] * 1000:.1f} ms over {TIMING_RUNS} runs")


# ---- WMT23 --------------------------------------------------------------------------------------
def read_lines(name: str) -> list[str]:
    return (WMT / f"generaltest2023.zh-en.{name}.en").read_text(encoding="utf-8").split("\n")[:1976]


def wmt(stage, metrics: dict) -> None:
    ref = read_lines("ref.refA")
    t0, n_lines = time.perf_counter(), 0
    print(f"\n== WMT23 zh-en ({len(ref)} segments, each cleaned as a one-line document)")
    held: dict[str, int] = {}  # fixes found but below min_confidence, by rule
    for system in WMT_SYSTEMS:
        hyp = read_lines(f"hyp.{system}")
        docs = [clean(stage, h) for h in hyp]
        out = [d.cleaned for d in docs]
        for flag in (f for d in docs for f in d.meta["clean"]["flags"] if f["suggestion"] is not None):
            held[flag["rule"]] = held.get(flag["rule"], 0) + 1
        n_lines += len(hyp)
        before = metrics["sacrebleu_scores"].compute(predictions=hyp, references=[[r] for r in ref], metrics=["chrf"])
        after = metrics["sacrebleu_scores"].compute(predictions=out, references=[[r] for r in ref], metrics=["chrf"])
        up, down, same = _line_changes(hyp, out, ref)
        gain = after["chrf"] - before["chrf"]
        print(f"  {system:<13} chrF {before['chrf']:.4f} -> {after['chrf']:.4f} ({gain:+.4f}); "
              f"{up + down + same} lines changed: sentence chrF up {up}, down {down}, equal {same}")
    print("  fixes flagged, not applied (below min_confidence): "
          + (", ".join(f"{rule} {n}" for rule, n in sorted(held.items())) or "none"))
    cleaned_ref = [clean(stage, r).cleaned for r in ref]
    n_lines += len(ref)
    harm = metrics["sentences_changed"].compute(sources=ref, predictions=cleaned_ref)
    print(f"  human reference: {harm['changed']} of {harm['total']} lines changed ({harm['changed_rate']:.2%}); "
          f"do nothing 0")
    print(f"  {n_lines} lines cleaned in {time.perf_counter() - t0:.1f} s")
    print(f"  chrF signature: {after['chrf_signature']}")
    mqm(stage)


def _line_changes(hyp: list[str], out: list[str], ref: list[str]) -> tuple[int, int, int]:
    """Among changed lines, how many gained, lost or kept sentence-level chrF (sacrebleu's
    sentence_chrf: the metric module scores corpora only)."""
    from sacrebleu import sentence_chrf

    deltas = [sentence_chrf(o, [r]).score - sentence_chrf(h, [r]).score for h, o, r in zip(hyp, out, ref) if h != o]
    return sum(d > 0 for d in deltas), sum(d < 0 for d in deltas), sum(d == 0 for d in deltas)


def mqm(stage) -> None:
    """Share of the stage's edits on MQM-annotated outputs that land in a rater's error span."""
    spans: dict[tuple[str, str, str], dict[str, list[tuple[int, int]]]] = {}
    texts: dict[tuple[str, str, str], str] = {}
    with (WMT / "mqm2023-zhen-news-spans.tsv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["severity"] == "HOTW-test":
                continue
            key = (row["system"], row["doc"], row["docSegId"])
            plain = _SPAN.sub(r"\1", row["target"])
            texts[key] = plain
            family = row["category"].split("/")[0]
            m = _SPAN.search(row["target"])
            if m and family != "No-error":
                start = m.start()
                spans.setdefault(key, {}).setdefault(family, []).append((start, start + len(m.group(1))))
    by_rule: dict[str, list[int]] = {}  # rule -> [edits, in a fluency/terminology span, in any error span]
    chars = [0, 0, 0]  # all characters, in fluency/terminology spans, in any error span
    for key, text in texts.items():
        families = spans.get(key, {})
        wanted = [s for fam in MQM_CATEGORIES for s in families.get(fam, [])]
        every = [s for fam in families.values() for s in fam]
        chars[0] += len(text)
        chars[1] += len({i for a, b in wanted for i in range(a, b)})
        chars[2] += len({i for a, b in every for i in range(a, b)})
        for e in clean(stage, text).edits:
            counts = by_rule.setdefault(e.rule, [0, 0, 0])
            counts[0] += 1
            counts[1] += any(_overlaps(e.start, e.end, a, b) for a, b in wanted)
            counts[2] += any(_overlaps(e.start, e.end, a, b) for a, b in every)
    total = [sum(c[i] for c in by_rule.values()) for i in range(3)]
    family = "/".join(MQM_CATEGORIES)
    print(f"  MQM: {len(texts)} annotated outputs (10 systems); {total[0]} stage edits, {total[1]} inside a {family} "
          f"error span, {total[2]} inside any error span; chance (share of characters in such spans) "
          f"{chars[1] / chars[0]:.1%} and {chars[2] / chars[0]:.1%}")
    for rule_id, (n, in_family, in_any) in sorted(by_rule.items()):
        print(f"    {rule_id:<30} {n:>4} edits, {in_family:>4} in {family}, {in_any:>4} in any error span")


def _overlaps(start: int, end: int, a: int, b: int) -> bool:
    return start < b and a < max(end, start + 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--config", help="pipeline config whose clean block is measured (default: configs/default.yaml)")
    ap.add_argument("--no-wmt", action="store_true", help="skip the WMT23 measurements")
    args = ap.parse_args()
    metrics = {name: load_metric(name) for name in ("edit_prf", "sari", "sacrebleu_scores", "sentences_changed")}
    stage = build_stage(args.config)
    items = load_gold()
    score_gold(stage, [it for it in items if it["kind"] == "bulletin"], metrics, "sample bulletin")
    score_gold(stage, [it for it in items if it["kind"] != "bulletin"], metrics, "test sentences")
    timing(args.config)
    if args.no_wmt:
        return
    if not WMT.is_dir():
        print(f"\nWMT23 skipped: {WMT} not found (public data is read from ../shared/data, never shipped)")
        return
    wmt(stage, metrics)


if __name__ == "__main__":
    main()
