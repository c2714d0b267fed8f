"""The bench YAML: which systems run on which datasets for which stage, scored how.

Checked before anything loads, with the same messages as pipeline configs: an unknown
key is named together with the keys allowed there. Relative paths are read from
``root``, itself relative to the config file (``configs/bench.yaml`` sets ``root: ..``,
the project root, so its paths read ``data/gold/...`` and ``../shared/data/...``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field

from ..config import CONFIG_DIR, Block, Positive, read_yaml, validate, validate_block
from ..errors import ConfigError
from ..metrics.bootstrap import CONFIDENCE, RESAMPLES, SEED
from .scoring import BootstrapSettings
from .systems import BASELINES, SystemSpec
from .tasks import SCORES, TASK_CHOICES, TASK_DEFAULTS, ScoreSpec, score_specs

class BootstrapBlock(Block):
    """Confidence intervals and paired p-values."""

    resamples: Positive = RESAMPLES
    confidence: Annotated[float, Field(gt=0, lt=1)] = CONFIDENCE
    seed: int = SEED
    min_items: Positive = Field(5, description="fewer paired items than this and no p-value is given")


class JoinBlock(Block):
    """Fields of another JSON Lines file added to each item, matched on a key (the nugget gold
    joined to the summaries' gold by the bulletin's path)."""

    path: str = Field(..., description="a JSON Lines file, relative to root")
    key: str = Field("doc", description="the field both files share")
    fields: list[str] = Field(..., min_length=1, description="fields taken from the joined file")


class DatasetBlock(Block):
    """One ``datasets:`` entry of a bench stage."""

    name: str = ""
    path: str = Field("", description="a file or folder (relative to root), or a hub dataset name")
    format: str = Field("auto", description="auto, or a registered dataset format: json, csv, hub, wmt, mqm, choi, frank...")
    options: dict[str, Any] = Field(default_factory=dict, description="the format's options")
    columns: dict[str, str] = Field(default_factory=dict, description="schema field -> column of the data, to rename")
    where: dict[str, Any] = Field(default_factory=dict, description="field -> value (or list): keep only matching items")
    join: JoinBlock | None = None
    metrics: list[str] = Field(default_factory=list, description="overrides the stage's list for this dataset")
    limit: Positive | None = None
    overrides: dict[str, Any] = Field(default_factory=dict, description="pipeline overrides for every system on this set")


class SystemBlock(Block):
    """One ``systems:`` entry: pipeline overrides, a named baseline, or stored outputs."""

    name: str = ""
    overrides: dict[str, Any] = Field(default_factory=dict)
    baseline: str = Field("", description="a registered bench baseline (group mtbrief.systems)")
    stored: str = Field("", description="a key of the items' system_summaries")
    limit: Any = Field(None, description="at most this many items of each dataset, or {dataset: n}")
    datasets: list[str] = Field(default_factory=list, description="only these datasets (all when empty)")


class StageBlock(Block):
    overrides: dict[str, Any] = Field(default_factory=dict, description="pipeline overrides every system of this stage gets")
    baseline: str = Field("", description="the system p-values are computed against (default: the do-nothing one)")
    compare: list[str] = Field(default_factory=list, description="further systems every other system is tested against "
                               "(paired p-values in the leaderboard's comparisons)")
    metrics: list[str] = Field(default_factory=list, description="the stage's metric names (default: its defaults)")
    options: dict[str, Any] = Field(default_factory=dict, description="the stage task's options (segment: max_level)")
    datasets: list[DatasetBlock] = Field(default_factory=list)
    systems: list[SystemBlock] = Field(default_factory=list)


class BenchFile(Block):
    """A bench YAML (configs/bench.yaml): which systems run on which datasets for which stage."""

    kind: Literal["leaderboard"] = "leaderboard"
    name: str = "mtbrief benchmark"
    root: str = Field(".", description="relative to the config file; every other relative path is relative to root")
    pipeline_config: str | None = Field(None, description="the pipeline config systems start from (none: the embedded default)")
    overrides: dict[str, Any] = Field(default_factory=dict, description="pipeline overrides every system gets")
    output_dir: str = "out/bench"
    cache_dir: str = Field("~/.cache/mtbrief/datasets", description="datasets' Arrow cache")
    limit: Positive | None = Field(None, description="items per dataset; --limit overrides it")
    bootstrap: BootstrapBlock = BootstrapBlock()
    stages: dict[str, StageBlock] = Field(default_factory=dict)


BENCH_DEFAULTS: dict[str, Any] = BenchFile.defaults()
STAGE_DEFAULTS: dict[str, Any] = StageBlock.defaults()
DATASET_DEFAULTS: dict[str, Any] = DatasetBlock.defaults()
SYSTEM_DEFAULTS: dict[str, Any] = SystemBlock.defaults()
# The do-nothing system every stage always has; summarisation's is the lead sentences,
# reached through the summarize component's own options.
DO_NOTHING: dict[str, dict[str, Any]] = {
    "clean": {"name": "do-nothing", "baseline": "do-nothing"},
    "segment": {"name": "one-section", "baseline": "one-section"},
    "summarize": {"name": "lead-k", "overrides": {"components": {"summarize": {"method": "lead-k"}}}},
}


@dataclass
class StagePlan:
    stage: str
    baseline: str
    overrides: dict[str, Any]
    scores: dict[str, list[ScoreSpec]]  # per dataset name
    options: dict[str, Any]
    datasets: list[dict[str, Any]]
    systems: list[SystemSpec]  # the baseline first, so every later system can be compared with it
    compare: list[str] = field(default_factory=list)  # further systems each other one is tested against


@dataclass
class BenchConfig:
    name: str
    path: Path
    root: Path
    pipeline_config: str | None
    overrides: dict[str, Any]
    output_dir: Path
    cache_dir: Path
    limit: int | None
    bootstrap: BootstrapSettings
    stages: list[StagePlan]


def resolve_bench_path(path: str | Path) -> Path:
    """The config file: as given, else the shipped one of that name ("bench.yaml" from anywhere)."""
    path = Path(path)
    if not path.is_file() and (CONFIG_DIR / path.name).is_file() and not path.is_absolute():
        path = CONFIG_DIR / path.name
    if not path.is_file():
        raise ConfigError(f"bench config not found: {path}")
    return path


def read_bench_file(path: str | Path, schema: type[Block]) -> tuple[Path, dict[str, Any]]:
    """A bench YAML of any kind, found and validated against its kind's schema (each missing field
    takes its default; a mapping given, such as ``modes``, is the whole mapping)."""
    path = resolve_bench_path(path)
    return path, validate_block(schema, read_yaml(path), "bench", merge_defaults=False)


def load_bench_config(path: str | Path) -> BenchConfig:
    path, cfg = read_bench_file(path, BenchFile)
    root = (path.parent / cfg["root"]).resolve()
    if not cfg["stages"]:
        raise ConfigError(f"{path}: 'stages' must name at least one of {', '.join(SCORES)}")
    stages = [_stage_plan(name, block) for name, block in cfg["stages"].items()]
    pipeline_config = cfg["pipeline_config"]
    return BenchConfig(
        name=cfg["name"],
        path=path,
        root=root,
        pipeline_config=str(root / pipeline_config) if pipeline_config else None,
        overrides=cfg["overrides"],
        output_dir=root / Path(cfg["output_dir"]).expanduser(),
        cache_dir=Path(cfg["cache_dir"]).expanduser(),
        limit=_limit(cfg["limit"], "bench.limit"),
        bootstrap=BootstrapSettings(**cfg["bootstrap"]),
        stages=stages,
    )


def _stage_plan(stage: str, block: Any) -> StagePlan:
    where = f"bench.stages.{stage}"
    if stage not in SCORES:
        raise ConfigError(f"unknown bench stage {stage!r}; allowed: {', '.join(SCORES)}")
    block = validate_block(StageBlock, block or {}, where)
    options = validate(block["options"], TASK_DEFAULTS[stage], TASK_CHOICES.get(stage, {}), f"{where}.options")
    metrics = block["metrics"]
    datasets = [_entry(d, DATASET_DEFAULTS, f"{where}.datasets[{i}]", ("name", "path"))
                for i, d in enumerate(block["datasets"])]
    if not datasets:
        raise ConfigError(f"{where}.datasets: list at least one dataset")
    if len({d["name"] for d in datasets}) != len(datasets):
        raise ConfigError(f"{where}.datasets: dataset names must be unique")
    scores = {}
    for d in datasets:
        scores[d["name"]] = score_specs(stage, d["metrics"] or metrics, f"{where}.datasets.{d['name']}.metrics")
        d["limit"] = _limit(d["limit"], f"{where}.datasets.{d['name']}.limit")
    systems = [SystemSpec(**_entry(s, SYSTEM_DEFAULTS, f"{where}.systems[{i}]", ("name",)))
               for i, s in enumerate(block["systems"])]
    systems = _with_baseline(stage, systems, block["baseline"], where)
    _check_systems(stage, systems, {d["name"] for d in datasets}, where)
    baseline = block["baseline"] or DO_NOTHING[stage]["name"]
    ordered = [s for s in systems if s.name == baseline] + [s for s in systems if s.name != baseline]
    unknown = [c for c in block["compare"] if c not in {s.name for s in systems}]
    if unknown:
        raise ConfigError(f"{where}.compare: {unknown[0]!r} is not one of the systems: {', '.join(s.name for s in systems)}")
    return StagePlan(stage, baseline, block["overrides"], scores, options, datasets, ordered, block["compare"])


def _entry(raw: Any, defaults: dict[str, Any], where: str, required: tuple[str, ...]) -> dict[str, Any]:
    entry = dict(raw)  # checked with its stage block (DatasetBlock, SystemBlock), defaults filled in
    missing = [k for k in required if not entry[k]]
    if missing:
        raise ConfigError(f"{where}: missing key {missing[0]!r}")
    return entry


def _limit(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigError(f"config key {where!r} = {value!r} must be a positive whole number")
    return value


def _with_baseline(stage: str, systems: list[SystemSpec], baseline: str, where: str) -> list[SystemSpec]:
    """Every stage is compared with its do-nothing system, added when the config leaves it out."""
    names = [s.name for s in systems]
    if len(set(names)) != len(names):
        raise ConfigError(f"{where}.systems: system names must be unique; got {', '.join(names)}")
    if baseline and baseline not in names:
        raise ConfigError(f"{where}.baseline: {baseline!r} is not one of the systems: {', '.join(names)}")
    default = DO_NOTHING[stage]
    if default["name"] not in names:
        systems = [SystemSpec(**default), *systems]
    return systems


def _check_systems(stage: str, systems: list[SystemSpec], datasets: set[str], where: str) -> None:
    for s in systems:
        kinds = [k for k in ("overrides", "baseline", "stored") if getattr(s, k)]
        if len(kinds) > 1:
            raise ConfigError(f"{where}.systems.{s.name}: give only one of overrides, baseline, stored")
        if s.baseline and s.baseline not in BASELINES:
            raise ConfigError(f"{where}.systems.{s.name}.baseline: unknown {s.baseline!r}; "
                              f"allowed: {', '.join(BASELINES)}")
        if s.baseline and BASELINES[s.baseline].stage != stage:
            raise ConfigError(f"{where}.systems.{s.name}.baseline: {s.baseline!r} is a {BASELINES[s.baseline].stage} "
                              f"baseline, not {stage}")
        if s.stored and stage != "summarize":
            raise ConfigError(f"{where}.systems.{s.name}.stored: stored outputs are summaries; use it under summarize")
        unknown = [d for d in s.datasets if d not in datasets]
        if unknown:
            raise ConfigError(f"{where}.systems.{s.name}.datasets: unknown dataset {unknown[0]!r}; "
                              f"allowed: {', '.join(sorted(datasets))}")
        if isinstance(s.limit, dict):
            unknown = [d for d in s.limit if d not in datasets]
            if unknown:
                raise ConfigError(f"{where}.systems.{s.name}.limit: unknown dataset {unknown[0]!r}; "
                                  f"allowed: {', '.join(sorted(datasets))}")
            s.limit = {d: _limit(n, f"{where}.systems.{s.name}.limit.{d}") for d, n in s.limit.items()}
        else:
            s.limit = _limit(s.limit, f"{where}.systems.{s.name}.limit")
