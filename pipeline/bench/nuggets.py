"""Briefing quality on the nugget gold: the dev split by default; ``--split heldout`` scores the
held-out bulletins, which whoever tunes the summariser must never run.

Per bulletin and summarize method: nugget recall (weighted), unsupported figures, attribution
errors and briefing sentences restating the lede, with the generator's prompt and generated
tokens and its tokens/s.

    python -m pipeline.bench.nuggets --systems lead-k centroid mmr abstractive [--limit N] [--set k.path=v]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from ..offline import go_offline

ROOT = Path(__file__).resolve().parents[2]


def score_briefing(doc: Any, nuggets: list[dict[str, Any]], encode: Any) -> dict[str, Any]:
    """The briefing checks of one summarised document against its nuggets."""
    from ..facts import NUMERIC_KINDS, check_text
    from ..facts.attribution import SourceAgents
    from ..metrics.core.nuggets import lede_restatements, nugget_recall

    summary = doc.summary
    sents = [s.text for s in summary.sentences]
    spans = [(s.start, s.end) for s in doc.sentences]
    figures = [c for c in check_text(summary.text, doc.cleaned, spans) if c.fact.kind in NUMERIC_KINDS]
    agents = SourceAgents([doc.cleaned[a:b] for a, b in spans])
    attribution = [c for s in sents for c in agents.check(s) if not c.supported]
    lede = next((sec for sec in doc.sections if sec.level == 1), None)
    lede_ids = [i for i, s in enumerate(doc.sentences) if lede and lede.kind == "lede" and lede.start <= s.start < lede.end]
    recall = nugget_recall(summary.text, nuggets, encode)
    return {
        "nugget_recall": recall["nugget_recall"], "matched": recall["matched"],
        "figures": len(figures), "unsupported_figures": sum(not c.supported for c in figures),
        "attribution_errors": len(attribution), "attribution": [c.reason for c in attribution],
        "lede_restatements": lede_restatements(sents, [doc.sentence_text(i) for i in lede_ids], encode),
        "words": len(summary.text.split()),
    }


def main() -> int:
    go_offline()
    from ..cli import parse_overrides
    from ..config import merge
    from ..pipeline import Pipeline

    ap = argparse.ArgumentParser()
    ap.add_argument("--systems", nargs="+", default=["lead-k", "centroid", "mmr", "abstractive"])
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--set", action="append", default=[], help="extra key.path=value for every system")
    ap.add_argument("-o", "--out", default="out/nugget_bench.json")
    ap.add_argument("--split", choices=["dev", "heldout"], default="dev",
                    help="heldout: the final check only, never while tuning")
    args = ap.parse_args()
    gold = [json.loads(line) for line in (ROOT / "data/gold/nuggets.jsonl").read_text().splitlines() if line.strip()]
    gold = [g for g in gold if g["split"] == args.split]
    if args.limit:
        gold = gold[: args.limit]
    rows = []
    for system in args.systems:
        overrides = merge({"components": {"summarize": {"method": system}}}, parse_overrides(args.set))
        pipe = Pipeline.from_config(str(ROOT / "configs/default.yaml"), overrides=overrides, upto="summarize")
        for item in gold:
            text = (ROOT / item["doc"]).read_text(encoding="utf-8")
            t0 = time.perf_counter()
            doc = pipe(text)
            seconds = time.perf_counter() - t0
            encoder = pipe.context.resources["encoder:all-MiniLM-L6-v2"]
            stats = doc.summary.stats
            row = {"doc": item["doc"], "system": system, "method": doc.summary.method,
                   **score_briefing(doc, item["nuggets"], encoder.encode),
                   "seconds_under_load": round(seconds, 1), "prompt_tokens": stats.get("prompt_tokens"),
                   "generated_tokens": stats.get("generated_tokens"), "tokens_per_s_under_load": stats.get("tokens_per_s"),
                   "dropped": len(stats.get("dropped", [])), "briefing": doc.summary.text}
            rows.append(row)
            print(f"{system:12s} {Path(item['doc']).stem:32s} recall {row['nugget_recall']:.3f} figs {row['figures']:2d} "
                  f"unsup {row['unsupported_figures']} attr {row['attribution_errors']} lede {row['lede_restatements']} "
                  f"words {row['words']} {row['seconds_under_load']}s tok {row['prompt_tokens']}/{row['generated_tokens']}",
                  flush=True)
    for system in args.systems:
        mine = [r for r in rows if r["system"] == system]
        if mine:
            print(f"MEAN {system:12s} recall {sum(r['nugget_recall'] for r in mine) / len(mine):.3f} "
                  f"unsupported {sum(r['unsupported_figures'] for r in mine)} attribution "
                  f"{sum(r['attribution_errors'] for r in mine)} lede {sum(r['lede_restatements'] for r in mine)} (n={len(mine)})")
    out = ROOT / args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=1, ensure_ascii=False))
    _paired(rows, args.systems)
    return 0


def _paired(rows: list[dict[str, Any]], systems: list[str]) -> None:
    """Each system's recall against every other's on the same bulletins: paired bootstrap p-value."""
    from ..metrics.bootstrap import paired_bootstrap

    by = {s: {r["doc"]: r["nugget_recall"] for r in rows if r["system"] == s} for s in systems}
    for a in systems:
        for b in systems:
            docs = sorted(set(by[a]) & set(by[b]))
            if a != b and len(docs) >= 2:
                result = paired_bootstrap([by[a][d] for d in docs], [by[b][d] for d in docs])
                print(f"PAIRED {a} vs {b}: {result}")


if __name__ == "__main__":
    raise SystemExit(main())
