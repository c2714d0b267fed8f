"""Is the clean stage linear in text length and edit count? Build long texts of real human English
(WMT23 human references and FRANK news articles from ``../shared/data``) with one repairable list
echo per paragraph ("rules and regulations" -> "rules, regulations, and regulations"), clean
prefixes of growing size, and report seconds, edits and microseconds per KB.

    python -m pipeline.bench.scaling [--sizes 60,120,243,486] [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path
from typing import Iterator

DEFAULT_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
# "X and Y" between two plain lower-case words becomes "X, Y, and Y" before punctuation, else
# "X, Y and X" (the echoed first item, as in "fully, accurately and fully implement").
_PAIR = re.compile(r"(?<![\w,-])([a-z]{3,}) and ([a-z]{3,})\b([,.;:]?)")
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\"'’”][.!?])\s*(?=[A-Z‘“\"])")  # XSum glues sentences: ".Ninety-six"


def human_sentences(data: Path) -> Iterator[str]:
    """Human-written English sentences in a fixed order: WMT23 references, then FRANK articles."""
    refs = (data / "wmt23-zhen" / "generaltest2023.zh-en.ref.refA.en").read_text(encoding="utf-8").splitlines()
    yield from (line.strip() for line in refs if line.strip())
    for line in (data / "frank-dev" / "frank-validation.jsonl").read_text(encoding="utf-8").splitlines():
        article = json.loads(line)["article"]
        yield from (s.strip() for s in _SENTENCE_END.split(article) if s.strip())


def echo_paragraphs(data: Path, min_sentences: int = 2) -> Iterator[str]:
    """Paragraphs of consecutive sentences, each closed once it holds an "X and Y" pair, which
    becomes the list echo "X, Y, and Y": exactly one repairable echo per paragraph."""
    buffer: list[str] = []
    echoed = False
    for sentence in human_sentences(data):
        if not echoed:
            m = _PAIR.search(sentence)
            if m is not None and m.group(1) != m.group(2):
                x, y, punct = m.groups()
                echo = f"{x}, {y}, and {y}{punct}" if punct else f"{x}, {y} and {x}"
                sentence = sentence[: m.start()] + echo + sentence[m.end() :]
                echoed = True
        buffer.append(sentence)
        if echoed and len(buffer) >= min_sentences:
            yield " ".join(buffer)
            buffer, echoed = [], False


def echo_text(data: Path, size_bytes: int) -> str:
    """Paragraphs with one echo each, joined by blank lines, up to ``size_bytes`` of UTF-8."""
    out, total = [], 0
    for echoed in echo_paragraphs(data):
        n = len(echoed.encode("utf-8")) + 2
        if total + n > size_bytes:
            break
        out.append(echoed)
        total += n
    if total < size_bytes * 0.95:
        raise SystemExit(f"the data at {data} gives only {total:,} bytes of echoed paragraphs, asked {size_bytes:,}")
    return "\n\n".join(out) + "\n"


def measure(sizes_kb: list[int], data: Path, repeats: int = 1) -> list[dict]:
    """Clean each size (best of ``repeats``) and return one row per size."""
    from pipeline.stages.clean import clean_text

    rows = []
    for kb in sizes_kb:
        text = echo_text(data, kb * 1000)
        best = cpu = float("inf")
        doc = None
        for _ in range(repeats):
            t0, c0 = time.perf_counter(), time.process_time()
            doc = clean_text(text)
            best, cpu = min(best, time.perf_counter() - t0), min(cpu, time.process_time() - c0)
        assert doc is not None
        rules: dict[str, int] = {}
        for e in doc.edits:
            rules[e.rule] = rules.get(e.rule, 0) + 1
        rows.append({"kb": round(len(text.encode("utf-8")) / 1000, 1), "paragraphs": text.count("\n\n") + 1,
                     "edits": len(doc.edits), "echo_edits": rules.get("artifact.repeated-coordinate", 0),
                     "seconds": round(best, 3), "cpu_seconds": round(cpu, 3),
                     "cpu_ms_per_kb": round(cpu / (len(text) / 1000) * 1e3, 2)})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="60,120,243,486", help="text sizes in KB, comma-separated")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--repeats", type=int, default=1, help="best of N runs per size")
    parser.add_argument("--write", type=Path, help="also write the largest text here")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.write:
        args.write.write_text(echo_text(args.data, max(sizes) * 1000), encoding="utf-8")
    # CPU seconds as well as wall: on a shared machine the wall clock measures the neighbours.
    print("| KB | paragraphs | edits | echo edits | clean s (wall) | clean s (CPU) | CPU ms/KB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in measure(sizes, args.data, args.repeats):
        print(f"| {r['kb']} | {r['paragraphs']} | {r['edits']} | {r['echo_edits']} | {r['seconds']} | "
              f"{r['cpu_seconds']} | {r['cpu_ms_per_kb']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
