"""Benchmark datasets: every source becomes a list of records in its stage's schema.

The shipped gold sets and a user's own JSONL/CSV go through ``datasets.load_dataset``
(offline, cached under the bench's cache dir); a name that is not a local path is
passed to the hub. The public formats a user points at their own copies of (WMT
line-aligned files, MQM span TSV, Choi ``.ref`` files, FRANK JSONL) have readers here
that yield the same schema, so a stage's task never knows where its items came from.

Stage schemas (one JSON object per item; ``text``/``source`` may instead be given as
``doc``, a path to a UTF-8 file, with an optional ``source_sha256`` that must match):

- clean: ``id``, ``source`` (MT English to clean); optional ``reference`` (a corrected
  or human translation), ``edits`` (gold ``{start, end, after}`` in source offsets),
  ``spans`` (human-marked error spans ``{start, end, category, severity}`` in source offsets),
  ``document`` and ``paragraph`` (the whole text the item is one paragraph of, and the item's
  ``[start, end)`` in it: the system cleans the document, the item is scored on its paragraph).
- segment: ``id``, ``text``, ``sections`` (``{start, level?, kind?, title?}``, ``start`` a
  character offset into ``text``); optional ``units`` (``[start, end]`` sentence spans the
  boundaries are scored on; without them the bench splits sentences itself).
- summarize: ``id``, ``text``, ``references`` (a list of reference summaries; one string
  is taken as a list of one); optional ``system_summaries`` (``{system: summary}``, stored
  outputs of other systems), ``nuggets`` (the facts a briefing must carry: ``{text, figure,
  period, weight}``, as in ``data/gold/nuggets.jsonl``, usually added with a dataset's ``join:``).

These are the schemas of ``data/gold/*.jsonl`` (documented in ``data/gold/README.md``),
whose extra fields (``kind``, ``needs_change``, ``split``...) stay on the items, where a
bench config's ``where:`` can select on them.

Every record may carry ``meta`` (a mapping). A missing public-data path raises
:class:`DatasetUnavailable`, which the runner reports as a skip, not a failure.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .. import registry
from ..errors import ConfigError, InputError, MtbriefError

STAGE_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "clean": {"required": ("id", "source"), "optional": ("reference", "edits", "spans", "meta", "document", "paragraph")},
    "segment": {"required": ("id", "text", "sections"), "optional": ("units", "meta")},
    "summarize": {"required": ("id", "text", "references"), "optional": ("system_summaries", "meta", "nuggets", "writers")},
}
# The field a ``doc`` path stands in for, per stage.
TEXT_FIELD = {"clean": "source", "segment": "text", "summarize": "text"}
# Fields that hold lists or mappings: in a CSV file, their cells hold JSON.
STRUCTURED = ("edits", "spans", "sections", "units", "system_summaries", "meta", "references", "nuggets")


class DatasetUnavailable(MtbriefError):
    """The data is not on this machine (public sets live outside the project): skip, don't fail."""


@dataclass
class BenchDataset:
    name: str
    stage: str
    items: list[dict[str, Any]]
    origin: str  # format and location (relative to the config's root), for the leaderboard
    overrides: dict[str, Any] = field(default_factory=dict)  # pipeline overrides for systems on this set


Loader = Callable[[Path | str, dict[str, Any], Path], list[dict[str, Any]]]  # (location, options, cache_dir)
LOADERS = registry.datasets  # format name -> Loader; plugins add theirs (entry point group mtbrief.datasets)


def loader(name: str, defaults: dict[str, Any]) -> Callable[[Loader], Loader]:
    """Register a reader; ``defaults`` lists every option it takes (unknown ones are refused)."""
    return LOADERS.register(name, defaults=defaults)


def load_bench_dataset(
    spec: dict[str, Any], stage: str, root: Path, cache_dir: Path, limit: int | None = None
) -> BenchDataset:
    """Load one ``datasets:`` entry of a bench config: read, rename columns, check the schema."""
    fmt = spec.get("format", "auto")
    location = resolve_location(spec["path"], root)
    if fmt == "auto":
        fmt = guess_format(location)
    if fmt not in LOADERS:
        raise ConfigError(f"dataset {spec['name']!r}: unknown format {fmt!r}; allowed: auto, {', '.join(LOADERS)}")
    entry = LOADERS.get(fmt)
    read, options = entry.factory, entry.options(spec.get("options") or {}, f"dataset {spec['name']!r} options")
    records = read(location, options, cache_dir)
    records = [rename(r, spec.get("columns") or {}) for r in records]
    if fmt == "csv":
        records = [json_cells(r, f"{spec['name']}[{i}]") for i, r in enumerate(records)]
    if spec.get("join"):
        records = joined(records, spec["join"], root, spec["name"])
    records = [r for r in records if selected(r, spec.get("where") or {})]
    if limit is not None:
        records = records[:limit]
    items = [normalise(r, stage, root, f"{spec['name']}[{i}]") for i, r in enumerate(records)]
    if not items:
        raise InputError(f"dataset {spec['name']!r} ({location}) has no items")
    ids = [it["id"] for it in items]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise InputError(f"dataset {spec['name']!r}: item id {dup!r} occurs more than once "
                         "(ids pair items across systems)")
    shown = os.path.relpath(location, root) if isinstance(location, Path) else location
    return BenchDataset(spec["name"], stage, items, f"{fmt}:{shown}", spec.get("overrides") or {})


def joined(records: list[dict[str, Any]], join: dict[str, Any], root: Path, name: str) -> list[dict[str, Any]]:
    """``join.fields`` of the JSON Lines file ``join.path`` added to each record with the same
    ``join.key`` value; a record with no partner there is dropped (the joined file says which
    items the dataset scores)."""
    path, key = resolve_location(join["path"], root), join["key"]
    if not isinstance(path, Path) or not path.is_file():
        raise InputError(f"dataset {name!r}: join file {join['path']} not found")
    partners: dict[Any, dict[str, Any]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"dataset {name!r}: {path}:{n}: invalid JSON ({err.msg})") from None
            partners[row.get(key)] = row
    out = []
    for record in records:
        partner = partners.get(record.get(key))
        if partner is not None:
            missing = [f for f in join["fields"] if f not in partner]
            if missing:
                raise InputError(f"dataset {name!r}: {path} has no field {missing[0]!r} for {key} = {record.get(key)!r}")
            out.append({**record, **{f: partner[f] for f in join["fields"]}})
    return out


def resolve_location(path: str, root: Path) -> Path | str:
    """A path relative to the config's root; a string that names no local file stays a hub name."""
    p = Path(path).expanduser()
    p = Path(os.path.normpath(p if p.is_absolute() else root / p))
    if p.exists() or _looks_local(path):
        return p
    return path


def _looks_local(path: str) -> bool:
    """Hub ids are ``name`` or ``owner/name``; anything with a suffix, ``./``, ``../`` or more
    slashes is meant as a file, and a missing one must say so rather than try the hub."""
    return path.startswith((".", "/", "~")) or path.count("/") > 1 or bool(Path(path).suffix)


def guess_format(location: Path | str) -> str:
    if isinstance(location, str):
        return "hub"
    if not location.exists():
        raise DatasetUnavailable(f"data not found: {location} (point the dataset's path at your copy)")
    suffix = location.suffix.lower()
    if suffix in (".jsonl", ".json"):
        return "json"
    if suffix in (".csv", ".tsv"):
        return "csv"
    raise ConfigError(f"cannot tell the format of {location}; set format: to one of {', '.join(LOADERS)}")


def rename(record: dict[str, Any], columns: dict[str, str]) -> dict[str, Any]:
    """Apply ``columns: {schema_field: source_column}`` so a hub or CSV set fits the schema."""
    out = dict(record)
    for target, source in columns.items():
        if source not in record:
            raise InputError(f"column {source!r} (for {target!r}) not in the data; it has: {', '.join(record)}")
        out[target] = out.pop(source) if source != target else out[source]
    return out


def selected(record: dict[str, Any], where: dict[str, Any]) -> bool:
    """``where: {field: value or [values]}`` keeps the records that match every field."""
    return all(record.get(k) in (v if isinstance(v, list) else [v]) for k, v in where.items())


def normalise(record: dict[str, Any], stage: str, root: Path, where: str) -> dict[str, Any]:
    """Drop empty optional fields (Arrow fills absent keys with None), read ``doc`` files, and
    check that the stage's required fields are present."""
    schema = STAGE_FIELDS[stage]
    out = {k: v for k, v in record.items() if v is not None}
    text_field = TEXT_FIELD[stage]
    if text_field not in out and "doc" in out:
        out[text_field] = read_doc(out["doc"], root, out.get("source_sha256"), where)
    if "id" in out:
        out["id"] = str(out["id"])
    if isinstance(out.get("references"), str):
        out["references"] = [out["references"]]
    missing = [k for k in schema["required"] if k not in out]
    if missing:
        allowed = ", ".join(schema["required"] + schema["optional"])
        raise InputError(f"{where}: missing field(s) {', '.join(missing)} for the {stage} schema ({allowed})")
    if stage == "segment":
        check_anchors(out, where)
    return out


def check_anchors(item: dict[str, Any], where: str) -> None:
    """A gold section may quote the text at its start (``anchor``): it must stand at its offset,
    or the outline was annotated on another text."""
    for s in item["sections"]:
        anchor = s.get("anchor")
        if anchor and item["text"][s["start"] : s["start"] + len(anchor)] != anchor:
            raise InputError(f"{where}: anchor {anchor[:30]!r} is not at offset {s['start']} of the text")


def read_doc(path: str, root: Path, sha256: str | None, where: str) -> str:
    """A gold record may point at its text; the hash guards its offsets against an edited file."""
    p = Path(path)
    p = p if p.is_absolute() else root / p
    if not p.is_file():
        raise InputError(f"{where}: doc {p} not found")
    data = p.read_bytes()
    if sha256 and hashlib.sha256(data).hexdigest() != sha256:
        raise InputError(f"{where}: {p} changed since it was annotated (sha256 differs); its offsets no longer hold")
    return data.decode("utf-8")


# ---- files a user or the gold sets provide -------------------------------------------------
@loader("json", {"split": "train"})
def read_json(location: Path | str, options: dict[str, Any], cache_dir: Path) -> list[dict[str, Any]]:
    return _load_with_datasets("json", location, options["split"], cache_dir)


@loader("csv", {"split": "train", "delimiter": ""})
def read_csv(location: Path | str, options: dict[str, Any], cache_dir: Path) -> list[dict[str, Any]]:
    """Comma-separated, or tab-separated for a ``.tsv`` file unless ``delimiter`` says otherwise.
    A cell of a list or mapping field (``edits``, ``sections``, ``references``...) holds JSON."""
    delimiter = options["delimiter"] or ("\t" if Path(location).suffix.lower() == ".tsv" else ",")
    return _load_with_datasets("csv", location, options["split"], cache_dir, delimiter=delimiter)


def json_cells(record: dict[str, Any], where: str) -> dict[str, Any]:
    """Decode the list and mapping fields of a CSV row (after renaming), whose cells hold JSON."""
    out = dict(record)
    for key in STRUCTURED:
        value = out.get(key)
        if isinstance(value, str) and value[:1] in "[{":  # a plain string (one reference) stays as it is
            try:
                out[key] = json.loads(value)
            except json.JSONDecodeError as err:
                raise InputError(f"{where}: field {key!r} holds invalid JSON ({err.msg})") from None
    return out


@loader("hub", {"split": "train", "config": ""})
def read_hub(location: Path | str, options: dict[str, Any], cache_dir: Path) -> list[dict[str, Any]]:
    """A hub dataset name (online only; with HF_DATASETS_OFFLINE=1 it fails at once)."""
    try:
        return _load_with_datasets(str(location), None, options["split"], cache_dir, name=options["config"] or None)
    except (ConnectionError, FileNotFoundError, ValueError) as err:
        why = f"{err.__class__.__name__}: {err}"
        raise DatasetUnavailable(f"hub dataset {location!r} could not be loaded ({why})") from None


def _load_with_datasets(builder: str, location: Path | str | None, split: str, cache_dir: Path, **kwargs: Any):
    import datasets

    files = {"data_files": str(_need_file(location))} if location is not None else {}
    was_enabled = datasets.is_progress_bar_enabled()
    datasets.disable_progress_bars()  # the bench reports its own progress
    try:
        ds = datasets.load_dataset(builder, split=split, cache_dir=str(cache_dir), **files, **kwargs)
    finally:
        if was_enabled:
            datasets.enable_progress_bars()
    return ds.to_list()


# ---- public formats ------------------------------------------------------------------------
def _need_dir(location: Path | str) -> Path:
    p = Path(location)
    if not p.is_dir():
        raise DatasetUnavailable(f"data folder not found: {p} (point the dataset's path at your copy)")
    return p


def _need_file(location: Path | str) -> Path:
    p = Path(location)
    if not p.is_file():
        raise DatasetUnavailable(f"data file not found: {p} (point the dataset's path at your copy)")
    return p


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1] if path.stat().st_size else []


@loader("wmt", {"testset": "generaltest2023", "pair": "zh-en", "system": "", "reference": "refA"})
def read_wmt(location: Path | str, options: dict[str, Any], cache_dir: Path) -> list[dict[str, Any]]:
    """Line-aligned WMT files: ``<testset>.<pair>.hyp.<system>.<tgt>`` against ``.ref.<reference>.<tgt>``.
    ``system: reference`` makes the human reference itself the input (a do-no-harm check)."""
    folder = _need_dir(location)
    stem, tgt = f"{options['testset']}.{options['pair']}", options["pair"].split("-")[-1]
    ref_path = folder / f"{stem}.ref.{options['reference']}.{tgt}"
    system = options["system"]
    if not system:
        raise ConfigError("wmt dataset needs options.system: an MT system's name, or 'reference'")
    hyp_path = ref_path if system == "reference" else folder / f"{stem}.hyp.{system}.{tgt}"
    refs, hyps = _lines(_need_file(ref_path)), _lines(_need_file(hyp_path))
    if len(refs) != len(hyps):
        raise InputError(f"{hyp_path.name} has {len(hyps)} lines but {ref_path.name} has {len(refs)}")
    return [
        {"id": f"{system}:{n}", "source": hyp, "reference": ref, "meta": {"mt_system": system, "line": n}}
        for n, (hyp, ref) in enumerate(zip(hyps, refs), 1)
    ]


@loader("wmt-docs", {"testset": "generaltest2023", "pair": "zh-en", "system": "", "reference": "refA",
                     "mapping": "mqm2023_segment_to_txt_line.tsv", "layout": "documents"})
def read_wmt_docs(location: Path | str, options: dict[str, Any], cache_dir: Path) -> list[dict[str, Any]]:
    """WMT lines grouped into the news documents the MQM mapping names, one item per paragraph
    (a line: a wire feed sets each element on its own), as ``read_wmt`` reads the files. Each
    document spans the lines from its first to its last mapped line. ``layout: documents`` gives
    every item its whole ``document`` (paragraphs joined by a blank line) and its ``paragraph``
    span there, so a cleaner reads the item in context (a headline first, a credit line last);
    ``layout: lines`` gives the same paragraphs alone. Empty lines are left out."""
    if options["layout"] not in ("documents", "lines"):
        raise ConfigError(f"wmt-docs option layout = {options['layout']!r}; allowed: documents, lines")
    folder = _need_dir(location)
    lines = {int(r["meta"]["line"]): r for r in read_wmt(folder, {k: options[k] for k in
                                                                  ("testset", "pair", "system", "reference")}, cache_dir)}
    spans: dict[str, list[int]] = {}
    with _need_file(folder / options["mapping"]).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["txt_line_1based"].strip():
                spans.setdefault(row["doc"], []).append(int(row["txt_line_1based"]))
    items = []
    for doc_id, mapped in spans.items():
        rows = [lines[n] for n in range(min(mapped), max(mapped) + 1) if lines[n]["source"].strip()]
        paragraphs = [r["source"].strip() for r in rows]
        document, pos = "\n\n".join(paragraphs), 0
        for r, text in zip(rows, paragraphs):
            item = {"id": f"{r['id']}", "source": text, "reference": r["reference"],
                    "meta": {**r["meta"], "doc": doc_id, "layout": options["layout"]}}
            if options["layout"] == "documents":
                item.update(document=document, paragraph=[pos, pos + len(text)])
            pos += len(text) + 2
            items.append(item)
    return items


_SPAN_MARK = re.compile(r"<v>(.*?)</v>", re.S)


def unmark(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Strip ``<v>...</v>`` marks and the text's outer whitespace (raters' copies of one
    segment differ in a trailing space), returning the plain text and each span's
    offsets in it, clipped to it; a span of whitespace only is dropped."""
    plain, spans, pos = [], [], 0
    for m in _SPAN_MARK.finditer(text):
        plain.append(text[pos : m.start()])
        start = sum(map(len, plain))
        plain.append(m.group(1))
        spans.append((start, start + len(m.group(1))))
        pos = m.end()
    plain.append(text[pos:])
    joined = "".join(plain)
    lead, body = len(joined) - len(joined.lstrip()), joined.strip()
    clipped = [(max(0, a - lead), min(len(body), b - lead)) for a, b in spans]
    return body, [(a, b) for a, b in clipped if a < b and body[a:b].strip()]


@loader("mqm", {"categories": [], "severities": ["Major", "Minor"], "systems": []})
def read_mqm(location: Path | str, options: dict[str, Any], cache_dir: Path) -> list[dict[str, Any]]:
    """MQM span TSV: one item per (system, segment), the target text with every rater's
    error spans (``<v>`` in the target) as character offsets. ``categories`` keeps spans
    whose category starts with one of its prefixes (all when empty); rater attention
    checks (severity ``HOTW-test``) are always dropped. Omissions, marked in the source,
    have no target span and are left out."""
    path = _need_file(location)
    items: dict[tuple[str, str], dict[str, Any]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["severity"] == "HOTW-test" or (options["systems"] and row["system"] not in options["systems"]):
                continue
            target, spans = unmark(row["target"])
            key = (row["system"], row["globalSegId"])
            item = items.setdefault(key, {
                "id": f"{row['system']}:{row['globalSegId']}", "source": target, "spans": [],
                "meta": {"mt_system": row["system"], "doc": row["doc"], "doc_seg": int(row["docSegId"])},
            })
            if row["severity"] not in options["severities"] or not _category_kept(row["category"], options):
                continue
            if target != item["source"]:
                raise InputError(f"{path.name}: raters' copies of segment {key} differ beyond outer whitespace")
            for start, end in spans:
                span = {"start": start, "end": end, "category": row["category"], "severity": row["severity"]}
                if span not in item["spans"]:
                    item["spans"].append(span)
    return list(items.values())


def _category_kept(category: str, options: dict[str, Any]) -> bool:
    return not options["categories"] or category.startswith(tuple(options["categories"]))


CHOI_BOUNDARY = "=========="


@loader("choi", {"subsets": [], "per_subset": 0, "join": " "})
def read_choi(location: Path | str, options: dict[str, Any], cache_dir: Path) -> list[dict[str, Any]]:
    """Choi (2000) ``.ref`` files: one sentence per line, ``==========`` between segments.
    ``subsets`` keeps those folders (e.g. ``3-5``), ``per_subset`` the first N files of each
    (0: all). The text is the sentences joined by ``join`` (a space by default: Choi's
    lines are its tokenisation, not paragraphs); ``units`` are their spans, so boundaries
    are scored on Choi's own sentences whatever splitter a system uses."""
    folder = _need_dir(location)
    files = sorted(folder.rglob("*.ref"), key=lambda p: (str(p.parent), _natural(p.stem)))
    if options["subsets"]:
        files = [f for f in files if f.parent.name in options["subsets"]]
    if options["per_subset"]:
        by_folder: dict[Path, list[Path]] = {}
        for f in files:
            by_folder.setdefault(f.parent, []).append(f)
        files = [f for group in by_folder.values() for f in group[: options["per_subset"]]]
    return [_choi_item(f, folder, options["join"]) for f in files]


def _natural(stem: str) -> tuple[int, str]:
    return (int(stem), "") if stem.isdigit() else (0, stem)


def _choi_item(path: Path, folder: Path, join: str) -> dict[str, Any]:
    text, units, sections, pos = [], [], [], 0
    new_segment = True
    for line in path.read_text(encoding="utf-8").splitlines():
        sentence = line.strip()
        if sentence == CHOI_BOUNDARY:
            new_segment = True
            continue
        if not sentence:
            continue
        if new_segment:
            sections.append({"start": pos, "level": 1})
            new_segment = False
        text.append(sentence)
        units.append([pos, pos + len(sentence)])
        pos += len(sentence) + len(join)
    rel = path.relative_to(folder).with_suffix("")
    return {"id": rel.as_posix(), "text": join.join(text), "sections": sections, "units": units}


@loader("frank", {"datasets": []})
def read_frank(location: Path | str, options: dict[str, Any], cache_dir: Path) -> list[dict[str, Any]]:
    """FRANK JSONL: the article, its reference summary and the stored system summaries."""
    path = _need_file(location)
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if options["datasets"] and row["dataset"] not in options["datasets"]:
            continue
        items.append({
            "id": row["hash"], "text": row["article"], "references": [row["reference_summary"]],
            "system_summaries": row.get("system_summaries") or {},
            "meta": {"dataset": row["dataset"], "url": row.get("url", "")},
        })
    return items
