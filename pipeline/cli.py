"""The ``mtbrief`` command line. Every user-caused failure ends in one line on stderr and a
non-zero exit; heavy imports happen only after the arguments parse, so ``--help`` is instant."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import MtbriefError

STAGE_COMMANDS = {
    "run": (None, "all stages: clean, segment, summarise, score"),
    "clean": ("clean", "repair machine-translated English; every change is a tracked edit"),
    "segment": ("segment", "clean, then split into titled sections and sub-sections"),
    "summarize": ("summarize", "clean, segment, then write a faithful briefing"),
}
EXIT_INTERNAL = 70


def build_parser() -> argparse.ArgumentParser:
    from .batch.cli import add_batch_arguments
    from .render import FORMATS_BY_VIEW

    parser = argparse.ArgumentParser(
        prog="mtbrief", description="Clean machine-translated English, segment it, brief it, score every stage."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (_, help_text) in STAGE_COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument(
            "file", nargs="+", metavar="INPUT",
            help="UTF-8 text file to process; several files, a folder, or a JSONL/CSV file make a batch (needs -o DIR)",
        )
        p.add_argument("--config", help="YAML config (default: the embedded configs/default.yaml)")
        p.add_argument(
            "--format",
            choices=FORMATS_BY_VIEW[name],
            help="output format (default: from the -o suffix, else markdown)",
        )
        p.add_argument("-o", "--output", help="write here instead of stdout (never the input file)")
        p.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="override a config value, e.g. --set components.summarize.method=lead-k (repeatable)",
        )
        p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
        add_batch_arguments(p)
    models = sub.add_parser("models", help="list or verify model cards")
    msub = models.add_subparsers(dest="models_command", required=True, metavar="ACTION")
    msub.add_parser("list", help="every card and whether its files are present")
    verify = msub.add_parser(
        "verify", help="check a model's files against the card's sha256, then load it and generate a few tokens"
    )
    verify.add_argument("name")
    verify.add_argument("--no-load", action="store_true", help="only re-hash the files")
    verify.add_argument("--config", help="YAML config whose runtime (threads, cache) to use")
    bench = sub.add_parser("bench", help="run a benchmark config: systems x datasets x stages")
    bench.add_argument("config", help="bench YAML, e.g. configs/bench.yaml")
    bench.add_argument("--limit", type=int, help="at most N items per dataset (a quick run)")
    bench.add_argument("-o", "--output", help="folder for the leaderboard files (default: from the config)")
    bench.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    config = sub.add_parser("config", help="the config's JSON Schema, or the resolved config")
    csub = config.add_subparsers(dest="config_command", required=True, metavar="ACTION")
    csub.add_parser("schema", help="JSON Schema of a pipeline config (for an editor's YAML plugin)")
    show = csub.add_parser("show", help="the config after overrides, interpolation and defaults")
    show.add_argument("--config", help="YAML config (default: the embedded configs/default.yaml)")
    show.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="override a config value")
    show.add_argument("--format", choices=["yaml", "json"], default="yaml")
    _add_serve_parser(sub)
    return parser


def _add_serve_parser(sub) -> None:
    serve = sub.add_parser(
        "serve", help="review in a browser: accept or reject each edit, correct, export (local web app)"
    )
    serve.add_argument("folder", nargs="?", default=".", help="folder whose texts the page lists (default: here)")
    serve.add_argument("--host", help="bind address (default: serve.host, 127.0.0.1); a non-local one only here")
    serve.add_argument("--port", type=int, help="port (default: serve.port in the config)")
    serve.add_argument("--config", help="YAML config (default: the embedded configs/default.yaml)")
    serve.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="override a config value (repeatable)"
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if os.environ.get("MTBRIEF_ONLINE") != "1":  # no 20-45 s of hub retries; a user's own HF_* settings win
        from .offline import go_offline

        go_offline()
    try:
        if args.command == "models":
            return _models(args)
        if args.command == "config":
            return _config(args)
        if args.command == "bench":
            return _bench(args)
        if args.command == "serve":
            return _serve(args)
        return _stage(args)
    except MtbriefError as err:
        print(f"mtbrief: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("mtbrief: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # a bug, not the user's fault: still one line unless asked for more
        if os.environ.get("MTBRIEF_DEBUG"):
            raise
        print(
            f"mtbrief: internal error: {type(err).__name__}: {err} (set MTBRIEF_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _output_format(args: argparse.Namespace) -> str:
    from .render import FORMATS_BY_VIEW, SUFFIX_FORMATS

    if args.format:
        return args.format
    if args.output:
        fmt = SUFFIX_FORMATS.get(Path(args.output).suffix.lower())
        if fmt in FORMATS_BY_VIEW[args.command]:
            return fmt
    return "markdown"


def parse_overrides(pairs: list[str]) -> dict:
    """``a.b.c=value`` strings to a nested dict; values are read as YAML scalars (1, true, x)."""
    import yaml

    from .config import merge, parse_yaml
    from .errors import ConfigError

    out: dict = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--set expects KEY=VALUE, got {pair!r}")
        try:
            value = parse_yaml(raw)
        except yaml.YAMLError:
            value = raw
        node: dict = value
        for part in reversed(key.strip().split(".")):
            node = {part: node}
        out = merge(out, node)
    return out


def _stage(args: argparse.Namespace) -> int:
    from .batch.cli import is_batch, run_batch_command
    from .config import load_config
    from .pipeline import Pipeline
    from .progress import Progress
    from .render import render
    from .textio import read_input, refuse_overwrite, write_output

    if is_batch(args):
        return run_batch_command(args, parse_overrides(args.set), STAGE_COMMANDS[args.command][0])
    args.file = args.file[0]
    fmt = _output_format(args)
    if args.output:
        refuse_overwrite(args.output, [Path(args.file)])
    overrides = parse_overrides(args.set)
    limits = load_config(args.config, overrides)["limits"]
    text = read_input(args.file, int(limits["max_input_bytes"]))
    progress = Progress(quiet=args.quiet)
    pipe = Pipeline.from_config(
        args.config, overrides=overrides, upto=STAGE_COMMANDS[args.command][0], progress=progress
    )
    doc = pipe(text)
    doc.meta["input"] = str(args.file)
    for warning in doc.meta.get("warnings", []):  # e.g. the generator's worker crashed: the run went on
        print(f"mtbrief: warning: {warning}", file=sys.stderr)
    out = render(doc, fmt, args.command)
    if args.output:
        write_output(args.output, out)
        progress.say(f"wrote {fmt} to {args.output}")
        if doc.summary is not None:  # the briefing is what a person wants to see at once
            print(doc.summary.text)
    elif isinstance(out, bytes):  # a binary format (docx): to a pipe or file, never onto a terminal
        if sys.stdout.isatty():
            from .errors import InputError

            raise InputError(f"{fmt} is a binary format: give -o FILE.{fmt} or redirect the output")
        sys.stdout.flush()
        sys.stdout.buffer.write(out)
    else:
        sys.stdout.write(out)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve

    serve(args.folder, args.config, parse_overrides(args.set), args.host, args.port)
    return 0


def _models(args: argparse.Namespace) -> int:
    from .backends import card_status, list_cards, verify
    from .config import load_config

    runtime = load_config(getattr(args, "config", None))["runtime"]
    cache_dir = Path(runtime["cache_dir"]).expanduser()  # where `run` would look
    if args.models_command == "verify":
        ok, message = verify(args.name, cache_dir)
        if ok and not args.no_load:
            print(message)
            from .backends import smoke_test
            from .pipeline import Context
            from .progress import Progress

            ok, message = smoke_test(args.name, Context(runtime=runtime, progress=Progress()))
        if not ok:
            raise MtbriefError(message)
        print(message)
        return 0
    rows = [("name", "backend", "size", "present", "where / how to install")]
    for card in list_cards():
        st = card_status(card, cache_dir)
        rows.append((card.name, card.backend, card.size, "yes" if st["present"] else "no", st["detail"]))
    widths = [max(len(str(r[i])) for r in rows) for i in range(4)]
    for r in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)) + "  " + str(r[4]))
    return 0


def _config(args: argparse.Namespace) -> int:
    """``config schema``: the JSON Schema; ``config show``: what a run with these arguments would use."""
    import json

    from .config import config_schema, load_config

    if args.config_command == "schema":
        print(json.dumps(config_schema(), indent=2))
        return 0
    cfg = load_config(args.config, parse_overrides(args.set))
    cfg.pop("_path", None)
    if args.format == "json":
        print(json.dumps(cfg, indent=2))
    else:
        import yaml

        sys.stdout.write(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True, width=120))
    return 0


def _bench(args: argparse.Namespace) -> int:
    from .bench import run_bench
    from .progress import Progress

    out_dir = Path(args.output) if args.output else None
    result = run_bench(args.config, limit=args.limit, out_dir=out_dir, progress=Progress(quiet=args.quiet))
    for path in result["files"]:
        print(path)
    for failure in result["failures"]:
        print(f"mtbrief: bench: {failure}", file=sys.stderr)
    return 1 if result["failures"] else 0  # finished systems' results are written all the same


if __name__ == "__main__":
    sys.exit(main())
