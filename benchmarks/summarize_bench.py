"""Benchmark the summarize stage: the default generator beside the lead-k and centroid baselines.

1. Gold bulletins (data/gold/summarize.jsonl, hand-written references): ROUGE-1/2/L/Lsum,
   supported-facts rate, unsupported figures, novel bigram ratio and length, per bulletin
   and averaged, for every summarizer. Each bulletin is cleaned and segmented once; the
   summarizers then run on the same document.
2. FRANK dev (read from ../shared/data/frank-dev, never copied): the baselines and FRANK's
   stored system summaries against the human references, CNN/DM and XSum apart (each with
   its own word budget, since their references differ in length).
3. The whole default pipeline on the sample bulletin in a fresh process (what `mtbrief run`
   does, with the model already cached): wall time, peak RSS, model load time, prompt and
   generated tokens, tokens per second.

Scores come from the project's evaluate modules (pipeline/metrics): ROUGE is Google's
rouge_score with the Porter stemmer, lower-cased [a-z0-9] tokens, Lsum over sentences split
by nupunkt; each result prints its signature. Run from the project root:

    .venv/bin/python benchmarks/summarize_bench.py [--threads 2] [--frank-limit N] [--skip-generator]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from pipeline.offline import go_offline

go_offline()  # before any Hugging Face import

ROOT = Path(__file__).resolve().parents[1]

from pipeline import registry  # noqa: E402
from pipeline.config import load_config, validate  # noqa: E402
from pipeline.document import Document, Span  # noqa: E402
from pipeline.facts import NUMERIC_KINDS, split_sentences  # noqa: E402
from pipeline.metrics import load_metric  # noqa: E402
from pipeline.pipeline import Context, Pipeline  # noqa: E402

GOLD = ROOT / "data" / "gold" / "summarize.jsonl"
FRANK = ROOT.parent / "shared" / "data" / "frank-dev" / "frank-validation.jsonl"
SAMPLE = ROOT / "data" / "bulletins" / "bulletin-2022-08-19.txt"
SAMPLE_ID = "bulletin-2022-08-19"
BASELINES = ("lead-k", "centroid")
# FRANK's references: CNN/DM highlights (median 52 words), XSum one sentence (median 21 words).
FRANK_BUDGETS = {"cnndm": {"min": 40, "max": 70}, "xsum": {"min": 15, "max": 30}}
FRANK_STORED = {"cnndm": ("bart", "pgn"), "xsum": ("BERTS2S", "PtGen")}


def summarize_options(method: str, overrides: dict[str, Any], threads: int) -> tuple[dict[str, Any], Context]:
    """The configured summarize block with one method (and budget) swapped in."""
    cfg = load_config(overrides={"runtime": {"threads": threads}})
    entry = registry.stages.get("summarize")
    block = {k: v for k, v in cfg["components"]["summarize"].items() if k != "factory"}
    block = {**block, "method": method, **overrides}
    return validate(block, entry.defaults, entry.choices, "summarize"), Context(runtime=cfg["runtime"])


class Scorer:
    """The evaluate modules, loaded once."""

    def __init__(self) -> None:
        self.rouge = load_metric("rouge")
        self.facts = load_metric("supported_facts")
        self.novel = load_metric("novel_ngrams")
        self.signatures: dict[str, str] = {}

    def score(self, sources: list[str], predictions: list[str], references: list[list[str]]) -> dict[str, Any]:
        rouge = self.rouge.compute(predictions=predictions, references=references)
        facts = self.facts.compute(sources=sources, predictions=predictions)
        figures = self.facts.compute(sources=sources, predictions=predictions, kinds=list(NUMERIC_KINDS))
        novel = self.novel.compute(sources=sources, predictions=predictions, orders=[2])
        for name, result in (("rouge", rouge), ("supported_facts", facts), ("novel_ngrams", novel)):
            self.signatures[name] = result["signature"]
        words = [len(p.split()) for p in predictions]
        return {
            "R1": rouge["rouge1"], "R2": rouge["rouge2"], "RL": rouge["rougeL"], "RLsum": rouge["rougeLsum"],
            "R2_items": rouge["item_scores"]["rouge2"],
            "facts_supported": facts["supported_rate"], "facts": facts["facts"],
            "figures_unsupported": figures["facts"] - figures["supported"],
            "novel_2gram": novel["novel_2gram"], "words": sum(words) / len(words),
        }


def row(name: str, s: dict[str, Any]) -> str:
    rate = "n/a" if s["facts_supported"] is None else f"{s['facts_supported']:.3f}"
    return (f"  {name:<22} R1 {s['R1']:.3f}  R2 {s['R2']:.3f}  RL {s['RL']:.3f}  RLsum {s['RLsum']:.3f}  "
            f"facts {rate} ({s['facts']})  unsupported figures {s['figures_unsupported']}  "
            f"novel-2 {s['novel_2gram']:.3f}  words {s['words']:.0f}")


def gold_bench(scorer: Scorer, threads: int, skip_generator: bool) -> dict[str, Any]:
    items = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    prep = Pipeline.from_config(overrides={"runtime": {"threads": threads}, "pipeline": ["clean", "segment"]})
    docs = {it["id"]: prep((ROOT / it["doc"]).read_text(encoding="utf-8")) for it in items}
    methods = (*BASELINES, *(() if skip_generator else ("abstractive",)))
    results, texts = {}, {}
    for method in methods:
        options, ctx = summarize_options(method, {}, threads)
        stage = registry.stages.get("summarize").factory(options, ctx)
        outputs = []
        for it in items:
            doc = Document.from_dict(docs[it["id"]].to_dict())
            t0 = time.perf_counter()
            outputs.append(stage(doc).summary)
            print(f"  {method} on {it['id']}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        sources = [docs[it["id"]].cleaned for it in items]
        results[method] = scorer.score(sources, [s.text for s in outputs], [it["references"] for it in items])
        texts[method] = {it["id"]: s.text for it, s in zip(items, outputs)}
    print(f"\nGold bulletins ({len(items)}, {sum(len(it['references']) for it in items)} references; best reference per item):")
    for method, scores in results.items():
        print(row(method, scores))
    k = [it["id"] for it in items].index(SAMPLE_ID)
    print(f"\nSample bulletin ROUGE-2: " + ", ".join(f"{m} {r['R2_items'][k]:.3f}" for m, r in results.items()))
    return {"scores": results, "summaries": texts}


def frank_bench(scorer: Scorer, threads: int, limit: int | None) -> dict[str, Any]:
    if not FRANK.is_file():
        print(f"\nFRANK skipped: {FRANK} not found (public data is read from ../shared/data, never shipped)")
        return {}
    items = [json.loads(line) for line in FRANK.read_text(encoding="utf-8").splitlines() if line.strip()][:limit]
    out: dict[str, Any] = {}
    for dataset, budget in FRANK_BUDGETS.items():
        subset = [it for it in items if it["dataset"] == dataset]
        if not subset:
            continue
        sources = [it["article"] for it in subset]
        refs = [[it["reference_summary"]] for it in subset]
        print(f"\nFRANK dev, {dataset} ({len(subset)} articles; budget {budget['min']}-{budget['max']} words):")
        for method in BASELINES:
            options, ctx = summarize_options(method, {"words": budget}, threads)
            summarizer = registry.summarizers.get(method).factory(options, ctx)
            predictions = [summarizer(_plain_document(text)).text for text in sources]
            out[f"{dataset}/{method}"] = scorer.score(sources, predictions, refs)
            print(row(method, out[f"{dataset}/{method}"]))
        for system in FRANK_STORED[dataset]:
            stored = [(s, it) for s, it in zip(sources, subset) if it["system_summaries"].get(system)]
            if stored:
                out[f"{dataset}/{system}"] = scorer.score(
                    [s for s, _ in stored], [it["system_summaries"][system] for _, it in stored],
                    [[it["reference_summary"]] for _, it in stored])
                print(row(f"stored {system} ({len(stored)})", out[f"{dataset}/{system}"]))
    return out


def _plain_document(text: str) -> Document:
    """An English news article needs no cleaning; its sentences are split directly."""
    doc = Document(source=text)
    doc.sentences = [Span(a, b) for a, b in split_sentences(text)]
    return doc


RUN_SAMPLE = """
import json, resource, sys, time
t0 = time.perf_counter()
from pipeline.pipeline import Pipeline
doc = Pipeline.from_config(overrides={"runtime": {"threads": int(sys.argv[1])}})(open(sys.argv[2], encoding="utf-8").read())
stats = {k: v for k, v in doc.summary.stats.items() if k != "dropped"}
print(json.dumps({"wall_s": round(time.perf_counter() - t0, 1), "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                  "timings_s": doc.meta.get("timings_s"), "method": doc.summary.method, "plan": doc.summary.plan,
                  "stats": stats, "dropped": len(doc.summary.stats.get("dropped", [])), "summary": doc.summary.text}))
"""


def pipeline_run(threads: int) -> dict[str, Any]:
    """The default pipeline on the sample in a fresh interpreter: imports and model load included."""
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", RUN_SAMPLE, str(threads), str(SAMPLE)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_wall_s"] = round(time.perf_counter() - t0, 1)
    s = result["stats"]
    print(f"\nDefault pipeline on the sample ({threads} threads), fresh process: {result['process_wall_s']} s wall "
          f"(pipeline {result['wall_s']} s), peak RSS {result['peak_rss_mb']} MB; stage times {result['timings_s']}")
    if result["method"] == "abstractive":
        print(f"  {s['backend']}: load {s['load_s']} s, {s['calls']} calls, {s['prompt_tokens']} prompt tokens, "
              f"{s['generated_tokens']} generated tokens in {s['generate_s']} s = {s['tokens_per_s']} tokens/s; "
              f"plan {result['plan']}, {s['words']} words, revised {s['revised']}, dropped {result['dropped']}")
    print(f"  summary ({result['method']}): {result['summary']}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--frank-limit", type=int, default=None, help="at most this many FRANK articles")
    parser.add_argument("--skip-generator", action="store_true", help="baselines only (no model run)")
    parser.add_argument("--json", type=Path, help="also write every number here")
    args = parser.parse_args()
    scorer = Scorer()
    report = {"gold": gold_bench(scorer, args.threads, args.skip_generator),
              "frank": frank_bench(scorer, args.threads, args.frank_limit)}
    if not args.skip_generator:
        report["pipeline"] = pipeline_run(args.threads)
    print("\nSignatures:")
    for name, sig in scorer.signatures.items():
        print(f"  {name}: {sig}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
