"""Benchmark the segment stage against hand-annotated outlines and the Choi benchmark.

Per annotated bulletin (data/gold/segment.jsonl) it prints Pk, WindowDiff and boundary F1
(tolerance one sentence) for the segmenter and two baselines (one section for everything;
one section per paragraph), over all boundaries and over level-1 sections only; then kind
and heading-title agreement, the stage's time on the sample with the encoder already
loaded, and Pk on Choi's benchmark (read from ../shared/data/choi) beside nltk's
TextTiling. Run from the project root:

    .venv/bin/python benchmarks/segment_bench.py [--raw] [--choi-per-folder N] [--threads 2]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from pipeline.offline import go_offline

go_offline()  # before any Hugging Face import

ROOT = Path(__file__).resolve().parents[1]

from pipeline.config import load_config, validate  # noqa: E402
from pipeline.document import Document  # noqa: E402
from pipeline.metrics import load_metric  # noqa: E402
from pipeline.pipeline import Context, Pipeline  # noqa: E402
from pipeline.stages.segment import DEFAULTS, SPLITTERS, make_segment  # noqa: E402
from pipeline.stages.segment.gold import (  # noqa: E402
    LEVELS,
    gold_starts,
    labels,
    load_gold,
    paragraph_starts,
    predicted_starts,
    sentence_at,
)
from pipeline.stages.segment.titles import STOPWORDS  # noqa: E402

GOLD = ROOT / "data" / "gold" / "segment.jsonl"
CHOI = ROOT.parent / "shared" / "data" / "choi" / "1"
SAMPLE_ID = "bulletin-2022-08-19"
TIMING_RUNS = 5


def build(raw: bool, threads: int, splitter: str | None):
    """(segment stage, document maker): the configured clean + segment pipeline, or the
    segment stage alone on the source text (``raw``, to see what cleaning contributes)."""
    overrides = {"runtime": {"threads": threads}}
    if splitter:
        overrides["components"] = {"segment": {"splitter": splitter}}
    if raw:
        cfg = load_config(overrides=overrides)
        block = {k: v for k, v in cfg["components"]["segment"].items() if k != "factory"}
        stage = make_segment(validate(block, DEFAULTS, {"splitter": list(SPLITTERS)}, "segment"), Context(runtime=cfg["runtime"]))
        return stage, lambda text: stage(Document(text))
    pipe = Pipeline.from_config(overrides={**overrides, "pipeline": ["clean", "segment"]})
    return pipe.stages[-1], pipe


def score_outlines(metrics: dict, references: list[list[int]], predictions: list[list[int]]) -> list[dict]:
    """Per-document Pk, WindowDiff and boundary F1 (tolerance 1)."""
    pk = metrics["pk"].compute(predictions=predictions, references=references)["item_scores"]
    wd = metrics["windowdiff"].compute(predictions=predictions, references=references)["item_scores"]
    f1 = metrics["boundary_f1"].compute(predictions=predictions, references=references, tolerance=1)["item_scores"]
    return [{"pk": a, "wd": b, "f1": c} for a, b, c in zip(pk, wd, f1)]


def bulletins(make, metrics: dict) -> dict:
    rows, docs = [], {}
    for gold, text in load_gold(GOLD, ROOT):
        doc = make(text)
        docs[gold.id] = (doc, gold)
        n = len(doc.sentences)
        for level in LEVELS:
            ref = labels(gold_starts(doc, gold, level), n)
            systems = {
                "segmenter": labels(predicted_starts(doc, level), n),
                "one-section": labels([], n),
                "per-paragraph": labels(paragraph_starts(doc), n),
            }
            scores = score_outlines(metrics, [ref] * len(systems), list(systems.values()))
            for name, s in zip(systems, scores):
                rows.append((gold.id, gold.split, level, name, n, s))
    print(f"{'bulletin':32s} {'split':7s} {'level':5s} {'system':14s} {'sents':>5s} {'Pk':>6s} {'WinDiff':>7s} {'F1@1':>6s}")
    for doc_id, split, level, name, n, s in rows:
        print(f"{doc_id:32s} {split:7s} {level:5s} {name:14s} {n:5d} {s['pk']:6.3f} {s['wd']:7.3f} {s['f1']:6.3f}")
    print(f"signature: {metrics['pk'].compute(predictions=[[0, 1]], references=[[0, 1]])['signature']}")
    return docs


def agreement(docs: dict) -> None:
    """Kind agreement on sections whose start matches a gold section's (same first sentence
    and level), and heading detection: where the gold title is the section's own heading,
    is the predicted title that heading (as cleaned)?"""
    kinds = headings = matched = heading_gold = 0
    for doc, gold in docs.values():
        predicted = {(sentence_at(doc, s.start), s.level): s for s in doc.sections}
        for g in gold.sections:
            at = sentence_at(doc, doc.to_cleaned(g.start, g.start)[0])
            p = predicted.get((at, g.level))
            if p is None:
                continue
            matched += 1
            kinds += p.kind == g.kind
            if g.title.startswith(g.anchor[:20]):
                heading_gold += 1
                headings += p.title_source == "heading" and p.title == " ".join(doc.sentence_text(at).split())
    total = sum(len(g.sections) for _, g in docs.values())
    print(f"sections matched (same start sentence and level): {matched}/{total}; "
          f"kind agreement {kinds}/{matched}; gold headings taken as the title {headings}/{heading_gold}")


def timing(stage, make, sample_text: str) -> None:
    """Median wall time of the segment stage alone on the cleaned sample, encoder warm."""
    cleaned = make(sample_text)
    seconds = []
    for _ in range(TIMING_RUNS):
        doc = Document(cleaned.source, edits=list(cleaned.edits))
        t0 = time.perf_counter()
        stage(doc)
        seconds.append(time.perf_counter() - t0)
    import torch

    print(f"segment stage on the sample ({len(cleaned.sentences)} sentences), encoder loaded, "
          f"torch threads {torch.get_num_threads()}: median {statistics.median(seconds):.3f} s "
          f"over {TIMING_RUNS} runs (min {min(seconds):.3f}, max {max(seconds):.3f})")


def read_choi(per_folder: int | None) -> list[tuple[Path, list[str], list[int]]]:
    items = []
    for folder in sorted(p for p in CHOI.iterdir() if p.is_dir()):
        files = sorted(folder.glob("*.ref"), key=lambda p: int(p.stem))
        for path in files[:per_folder] if per_folder else files:
            sentences, starts = [], []
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                if line.startswith("=========="):
                    starts.append(len(sentences))
                elif line.strip():
                    sentences.append(line.strip())
            items.append((path, sentences, sorted({s for s in starts if 0 < s < len(sentences)})))
    return items


def texttiling_starts(sentences: list[str]) -> list[int]:
    """nltk TextTiling over the sentences, one per blank-line paragraph (it cuts only at
    paragraph breaks), with our stoplist (nltk's stopwords corpus is not downloaded)."""
    from nltk.tokenize.texttiling import TextTilingTokenizer

    tiler = TextTilingTokenizer(stopwords=sorted(STOPWORDS))
    tiles = tiler.tokenize("\n\n".join(sentences) + "\n\n")
    starts, seen = [], 0
    for tile in tiles[:-1]:
        seen += len([p for p in tile.split("\n\n") if p.strip()])
        starts.append(seen)
    return [s for s in starts if 0 < s < len(sentences)]


def choi(stage, metrics: dict, per_folder: int | None) -> None:
    if not CHOI.is_dir():
        print(f"Choi: skipped, {CHOI} not found (it is read from ../shared/data, never shipped)")
        return
    items = read_choi(per_folder)
    refs, ours, tiling = [], [], []
    t0 = time.perf_counter()
    for _, sentences, gold in items:
        n = len(sentences)
        vectors = stage.forward(sentences)
        outline = stage.outline(sentences, [True] + [False] * (n - 1), [False] * n, vectors)
        refs.append(labels(gold, n))
        ours.append(labels([b.sentence for b in outline if b.level == 1], n))
        tiling.append(labels(texttiling_starts(sentences), n))
    which = f"first {per_folder} files of each of the 4 folders" if per_folder else "all files"
    print(f"Choi ({len(items)} documents, {which}; one block of pre-split sentences; "
          f"{time.perf_counter() - t0:.0f} s):")
    for name, hyp in (("segmenter (level 1)", ours), ("nltk TextTiling", tiling)):
        result = metrics["pk"].compute(predictions=hyp, references=refs)
        wd = metrics["windowdiff"].compute(predictions=hyp, references=refs)["windowdiff"]
        print(f"  {name:22s} Pk {result['pk']:.3f}  WindowDiff {wd:.3f}")
    print(f"  signature: {result['signature']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--raw", action="store_true", help="segment the source text without the clean stage")
    ap.add_argument("--threads", type=int, default=2, help="torch threads (default 2)")
    ap.add_argument("--splitter", choices=SPLITTERS, help="sentence splitter (default: the config's)")
    ap.add_argument("--choi-per-folder", type=int, help="only the first N files of each Choi folder (default: all)")
    ap.add_argument("--no-choi", action="store_true", help="skip the Choi benchmark")
    args = ap.parse_args()
    stage, make = build(args.raw, args.threads, args.splitter)
    metrics = {name: load_metric(name) for name in ("pk", "windowdiff", "boundary_f1")}
    print(f"text: {'source, no clean stage' if args.raw else 'after the clean stage'}; "
          f"splitter {stage.options['splitter']}; encoder {stage.options['encoder']}")
    docs = bulletins(make, metrics)
    agreement(docs)
    timing(stage, make, (ROOT / docs[SAMPLE_ID][1].doc).read_text(encoding="utf-8"))
    if not args.no_choi:
        choi(stage, metrics, args.choi_per_folder)


if __name__ == "__main__":
    main()
