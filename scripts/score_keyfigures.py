"""Score the key figures table against data/gold/keyfigures.jsonl.

    .venv/bin/python scripts/score_keyfigures.py [--split dev|heldout] [--errors]

Runs the default pipeline up to summarize (extractive: the table needs no generator) on each
bulletin of the split and prints row recall and precision, measure and period accuracy (see
pipeline/metrics/core/keyfigures.py), per bulletin and over the split. The held-out split is for
a check after a change chosen on dev, never for tuning.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipeline.metrics.core.keyfigures import key_figure_accuracy
from pipeline.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "heldout"])
    parser.add_argument("--errors", action="store_true", help="list each wrong or extra row")
    args = parser.parse_args()
    gold = [json.loads(line) for line in (ROOT / "data/gold/keyfigures.jsonl").open()]
    pipeline = Pipeline.from_config(ROOT / "configs/default.yaml", overrides={"components": {"summarize": {"method": "mmr"}}},
                                    upto="summarize")
    totals = {"gold": 0, "found": 0, "rows": 0, "measure_right": 0, "period_right": 0}
    for item in (g for g in gold if g["split"] == args.split):
        doc = pipeline((ROOT / item["doc"]).read_text(encoding="utf-8"))
        score = key_figure_accuracy(doc.key_figures, item["figures"])
        print(f"{item['doc']}: {score['found']}/{score['gold']} found, {score['rows']} rows, measure {score['measure_right']}, period {score['period_right']}")
        if args.errors:
            for e in score["errors"]:
                print("   ", e)
            for figure in score["extra"]:
                print("    extra row:", figure)
        for key in totals:
            totals[key] += score[key]
    found = totals["found"] or 1
    print(f"{args.split}: row recall {totals['found'] / totals['gold']:.3f}, row precision {totals['found'] / totals['rows']:.3f}, "
          f"measure accuracy {totals['measure_right'] / found:.3f}, period accuracy {totals['period_right'] / found:.3f} "
          f"({totals['gold']} gold figures, {totals['rows']} rows)")


if __name__ == "__main__":
    main()
