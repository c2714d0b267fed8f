"""The stage commands' batch mode: ``mtbrief run a.txt b.txt -o out/``, a folder with ``--glob``, or
a JSONL/CSV file with ``--text-field``/``--id-field``. One input file keeps the single-file
behaviour; anything more is a batch, written into the ``-o`` folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

DEFAULT_BATCH_SIZE = 16


def add_batch_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("batch (several inputs, a folder, or a JSONL/CSV file; -o names a folder)")
    g.add_argument("--glob", help="files to take from a folder input (default: *.txt; **/*.txt recurses)")
    g.add_argument("--text-field", help="JSONL key or CSV column holding each document's text (default: text)")
    g.add_argument("--id-field", help="JSONL key or CSV column naming each document (default: FILE-ROW)")
    g.add_argument("--resume", action="store_true", help="skip documents the -o folder already holds, finish the rest")
    g.add_argument("--engine", choices=["local", "ray"], default="local",
                   help="local: one pipeline in this process; ray: an actor pool on a Ray cluster")
    g.add_argument("--address", help="Ray cluster address (default: start a local one); with --engine ray")
    g.add_argument("--actors", type=int, help="Ray actors, each with its own pipeline (default: CPUs / runtime.threads)")
    g.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE,
                   help=f"documents per batch (default {DEFAULT_BATCH_SIZE})")


def is_batch(args: argparse.Namespace) -> bool:
    from .inputs import is_record_file

    only = Path(args.file[0])
    return (len(args.file) > 1 or only.is_dir() or (only.is_file() and is_record_file(only, args.text_field))
            or args.resume or args.engine != "local" or args.id_field is not None or args.glob is not None)


def run_batch_command(args: argparse.Namespace, overrides: dict[str, Any], upto: str | None) -> int:
    """Plan the inputs, run them, print the one-line tally; exit 1 if any document failed."""
    from ..config import load_config
    from ..errors import InputError
    from ..progress import Progress
    from .engine import BatchJob, run_batch
    from .inputs import plan_inputs
    from .outputs import suffix_for

    if not args.output:
        raise InputError("a batch (several inputs, a folder or a JSONL/CSV file) needs -o DIR: one output file "
                         "per document there, plus results.jsonl")
    if args.batch_size < 1 or (args.actors is not None and args.actors < 1):
        raise InputError("--batch-size and --actors must be at least 1")
    if args.address and args.engine != "ray":
        raise InputError("--address is for --engine ray")
    fmt = args.format or "json"
    load_config(args.config, overrides)  # a bad config fails before any input is read
    items = plan_inputs(args.file, args.glob, args.text_field, args.id_field)
    out = Path(args.output)
    for item in items:  # -o never overwrites an input
        if item.path and (out / (item.id + suffix_for(fmt))).resolve() == Path(item.path).resolve():
            raise InputError(f"-o {out} would overwrite the input file {item.path}; choose another folder or --format")
    job = BatchJob(config=args.config, overrides=overrides, upto=upto, view=args.command, fmt=fmt,
                   batch_size=args.batch_size)
    tally = run_batch(job, items, out, resume=args.resume, engine=args.engine, address=args.address,
                      actors=args.actors, progress=Progress(quiet=args.quiet))
    where = f"index {out / 'results.jsonl'}" + (f", errors {out / 'errors.jsonl'}" if tally.failed else "")
    print(f"mtbrief: {tally.line()}; {where}", file=sys.stderr if args.quiet else sys.stdout)
    return 1 if tally.failed else 0
