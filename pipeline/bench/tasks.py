"""What each stage is scored on: the item text a system reads, the prediction it is
judged by, and the catalogue of scores a bench config may name.

A score is one key of one ``pipeline.metrics`` module, fed from the items and the
predictions, with the per-item values the bootstrap resamples (see
:mod:`pipeline.bench.statistics`). A score whose item fields a dataset lacks (no
gold edits, no reference) is skipped for that dataset, with a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from ..document import Document
from ..errors import ConfigError
from ..metrics.core.edits import SpanEdit, edit_counts
from ..metrics.core.segmentation import boundary_counts
from .datasets import TEXT_FIELD
from .statistics import ItemValues, count_items, defined_items, gleu_items, sacrebleu_items

Inputs = dict[str, list[Any]]
ItemsFn = Callable[["ScoreSpec", list[str], Inputs, dict[str, Any]], ItemValues]


@dataclass(frozen=True)
class ScoreSpec:
    label: str  # the leaderboard's metric name
    module: str  # a pipeline.metrics module
    key: str  # the key of its result reported here
    args: tuple[tuple[str, str], ...]  # (module argument, input name)
    needs: tuple[str, ...]  # item fields the inputs are built from
    better: str  # "higher", "lower", or "neither" for descriptive numbers
    items: ItemsFn
    options: tuple[tuple[str, Any], ...] = ()
    default: bool = True  # scored when a config names no metrics

    def compute_group(self) -> tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, Any], ...]]:
        """Scores sharing a module, its inputs and options come from one ``compute`` call."""
        return self.module, self.args, self.options


# ---- per-item values --------------------------------------------------------------------
def mean_of_items(spec: ScoreSpec, ids: list[str], inputs: Inputs, result: dict[str, Any]) -> ItemValues:
    scores = result["item_scores"]
    return defined_items(ids, scores[spec.key] if isinstance(scores, dict) else scores)


def sacrebleu_of_items(spec: ScoreSpec, ids: list[str], inputs: Inputs, result: dict[str, Any]) -> ItemValues:
    refs = [[r] if isinstance(r, str) else list(r) for r in inputs["references"]]
    return sacrebleu_items(spec.key, ids, inputs["predictions"], refs)


def gleu_of_items(spec: ScoreSpec, ids: list[str], inputs: Inputs, result: dict[str, Any]) -> ItemValues:
    """GLEU's per-sentence statistics, summed as the module sums them (one reference per item:
    with several, the module averages random draws, which summed statistics cannot mirror)."""
    refs = [[r] if isinstance(r, str) else list(r) for r in inputs["references"]]
    if any(len(r) != 1 for r in refs):
        raise ValueError("GLEU's bootstrap needs exactly one reference per item")
    return gleu_items(ids, inputs["sources"], inputs["predictions"], [r[0] for r in refs])


def edit_counts_of_items(level: str, field: str) -> ItemsFn:
    """Micro P/R/F of edits from per-item counts (``level``: detection or correction)."""

    def items(spec: ScoreSpec, ids: list[str], inputs: Inputs, result: dict[str, Any]) -> ItemValues:
        opts = dict(spec.options)
        gold_name, pred_name = dict(spec.args)["references"], dict(spec.args)["predictions"]
        counts = [
            edit_counts([SpanEdit.of(e) for e in gold], [SpanEdit.of(e) for e in pred], opts.get("match", "overlap"))
            for gold, pred in zip(inputs[gold_name], inputs[pred_name])
        ]
        return count_items(ids, counts, f"{level}_", field, opts.get("beta", 0.5))

    return items


def boundary_counts_of_items(field: str) -> ItemsFn:
    def items(spec: ScoreSpec, ids: list[str], inputs: Inputs, result: dict[str, Any]) -> ItemValues:
        tolerance = dict(spec.options).get("tolerance", 1)
        args = dict(spec.args)
        pairs = zip(inputs[args["references"]], inputs[args["predictions"]])
        counts = [boundary_counts(r, p, tolerance) for r, p in pairs]
        return count_items(ids, counts, "", field, 1.0)

    return items


_TEXT_ARGS = (("predictions", "predictions"), ("references", "references"))
_SOURCE_ARGS = (("sources", "sources"), ("predictions", "predictions"))
_SARI_ARGS = (("sources", "sources"), *_TEXT_ARGS)
_LABEL_ARGS = (("predictions", "pred_labels"), ("references", "ref_labels"))


def _sacrebleu(label: str, key: str, better: str, default: bool = True) -> ScoreSpec:
    return ScoreSpec(label, "sacrebleu_scores", key, _TEXT_ARGS, ("reference",), better, sacrebleu_of_items,
                     (("metrics", (key,)),), default)  # one call per metric, so each costs only its own time


def _edits(label: str, key: str, gold: str, needs: str, level: str, field: str) -> ScoreSpec:
    return ScoreSpec(label, "edit_prf", key, (("predictions", "pred_edits"), ("references", gold)), (needs,),
                     "higher", edit_counts_of_items(level, field), (("match", "overlap"), ("beta", 0.5)))


def _rouge(label: str, key: str) -> ScoreSpec:
    return ScoreSpec(label, "rouge", key, _TEXT_ARGS, ("references",), "higher", mean_of_items)


SCORES: dict[str, dict[str, ScoreSpec]] = {
    "clean": {s.label: s for s in (
        _sacrebleu("chrF", "chrf", "higher"),
        _sacrebleu("BLEU", "bleu", "higher"),
        # Opt-in: TER's shift search is quadratic, ~25 ms a sentence but tens of seconds on a bulletin.
        _sacrebleu("TER", "ter", "lower", default=False),
        ScoreSpec("SARI", "sari", "sari", _SARI_ARGS, ("reference",), "higher", mean_of_items),
        ScoreSpec("GLEU", "gleu", "gleu", _SARI_ARGS, ("reference",), "higher", gleu_of_items),
        _edits("edit F0.5", "detection_f", "gold_edits", "edits", "detection", "f"),
        _edits("correction F0.5", "correction_f", "gold_edits", "edits", "correction", "f"),
        _edits("span precision", "detection_precision", "error_spans", "spans", "detection", "precision"),
        _edits("span recall", "detection_recall", "error_spans", "spans", "detection", "recall"),
        ScoreSpec("changed rate", "sentences_changed", "changed_rate", _SOURCE_ARGS, (), "neither", mean_of_items),
    )},
    "segment": {s.label: s for s in (
        ScoreSpec("Pk", "pk", "pk", _LABEL_ARGS, (), "lower", mean_of_items),
        ScoreSpec("WindowDiff", "windowdiff", "windowdiff", _LABEL_ARGS, (), "lower", mean_of_items),
        ScoreSpec("boundary F1", "boundary_f1", "boundary_f1", _LABEL_ARGS, (), "higher",
                  boundary_counts_of_items("f"), (("tolerance", 1),)),
    )},
    "summarize": {s.label: s for s in (
        _rouge("ROUGE-1", "rouge1"),
        _rouge("ROUGE-2", "rouge2"),
        _rouge("ROUGE-L", "rougeL"),
        _rouge("ROUGE-Lsum", "rougeLsum"),
        ScoreSpec("supported facts", "supported_facts", "supported_rate_macro", _SOURCE_ARGS, (), "higher",
                  mean_of_items),
        ScoreSpec("novel 2-grams", "novel_ngrams", "novel_2gram", _SOURCE_ARGS, (), "neither", mean_of_items,
                  (("orders", (1, 2, 3)),)),
        ScoreSpec("compression", "compression", "compression", _SOURCE_ARGS, (), "neither", mean_of_items),
    )},
}


def score_specs(stage: str, names: Sequence[str], where: str) -> list[ScoreSpec]:
    """The specs a config names (none: the stage's defaults), refusing unknown names with the allowed ones."""
    catalogue = SCORES[stage]
    if not names:
        return [s for s in catalogue.values() if s.default]
    unknown = [n for n in names if n not in catalogue]
    if unknown:
        raise ConfigError(f"{where}: unknown {stage} metric {unknown[0]!r}; allowed: {', '.join(catalogue)}")
    return [catalogue[n] for n in names]


# ---- what a system is judged by ------------------------------------------------------------
@dataclass
class Task:
    """One stage's view of items and documents: the text a system reads, the part of its
    document that is scored, and the metric inputs built from both."""

    options: dict[str, Any] = field(default_factory=dict)
    text_field = ""  # the schema field a system reads

    def text(self, item: dict[str, Any]) -> str:
        return item[self.text_field]

    def prediction(self, doc: Document) -> dict[str, Any]:
        """The JSON-serialisable part of a document this stage is scored on."""
        raise NotImplementedError

    def inputs(self, items: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> Inputs:
        """Every list a metric module may take, by input name; only fields all items have."""
        raise NotImplementedError


class TextTask(Task):
    """Clean and summarize: an output text scored against the input and any references."""

    reference_field = ""

    def inputs(self, items: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> Inputs:
        out: Inputs = {"sources": [self.text(it) for it in items], "predictions": [p["output"] for p in predictions]}
        if all(self.reference_field in it for it in items):
            out["references"] = [it[self.reference_field] for it in items]
        return out


class CleanTask(TextTask):
    text_field = TEXT_FIELD["clean"]
    reference_field = "reference"

    def prediction(self, doc: Document) -> dict[str, Any]:
        return {"output": doc.cleaned, "edits": [{"start": e.start, "end": e.end, "after": e.after} for e in doc.edits]}

    def inputs(self, items: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> Inputs:
        out = super().inputs(items, predictions)
        out["pred_edits"] = [p["edits"] for p in predictions]
        if all("edits" in it for it in items):
            out["gold_edits"] = [[_edit(e) for e in it["edits"]] for it in items]
        if all("spans" in it for it in items):
            out["error_spans"] = [[_edit({**s, "after": ""}) for s in it["spans"]] for it in items]
        return out


class SummarizeTask(TextTask):
    text_field = TEXT_FIELD["summarize"]
    reference_field = "references"

    def prediction(self, doc: Document) -> dict[str, Any]:
        return {"output": doc.summary.text if doc.summary else ""}


class SegmentTask(Task):
    """Boundaries as labels over units fixed per item, so every system is scored on the same units."""

    text_field = TEXT_FIELD["segment"]

    def prediction(self, doc: Document) -> dict[str, Any]:
        return {"sections": [{"start": doc.to_source(s.start, s.start)[0], "level": s.level} for s in doc.sections]}

    def inputs(self, items: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> Inputs:
        top = self.options["max_level"]
        units = [item_units(it, top) for it in items]
        return {
            "ref_labels": [labels(u, [s["start"] for s in it["sections"] if s.get("level", 1) <= top])
                           for u, it in zip(units, items)],
            "pred_labels": [labels(u, [s["start"] for s in p["sections"] if s["level"] <= top])
                            for u, p in zip(units, predictions)],
        }


def _edit(e: dict[str, Any]) -> dict[str, Any]:
    """Only what edit_prf reads: gold files may carry rule names, categories and notes."""
    return {"start": int(e["start"]), "end": int(e["end"]), "after": e.get("after", "")}


TASKS: dict[str, type[Task]] = {"clean": CleanTask, "segment": SegmentTask, "summarize": SummarizeTask}
TASK_DEFAULTS: dict[str, dict[str, Any]] = {
    "clean": {},
    "segment": {"max_level": 2},  # boundaries of sections up to this level are scored
    "summarize": {},
}
TASK_CHOICES: dict[str, dict[str, list[Any]]] = {"segment": {"max_level": [1, 2]}}


def make_task(stage: str, options: dict[str, Any]) -> Task:
    return TASKS[stage](options)


# ---- segmentation units ----------------------------------------------------------------------
def item_units(item: dict[str, Any], max_level: int) -> list[tuple[int, int]]:
    """The units boundaries are scored on: the item's own (Choi's sentences), else nupunkt
    sentences found once per item, whatever system runs, cut also at line breaks and at
    every gold section start so that each gold boundary falls between units."""
    if item.get("units"):
        return [(int(a), int(b)) for a, b in item["units"]]
    return sentence_units(item["text"], {s["start"] for s in item["sections"] if s.get("level", 1) <= max_level})


def sentence_units(text: str, cuts: set[int] = frozenset()) -> list[tuple[int, int]]:
    """nupunkt sentences, trimmed, cut also at line breaks and at ``cuts``."""
    import nupunkt

    spans = []
    for start, end in nupunkt.sent_spans(text):
        pieces = sorted({start, end, *(c for c in cuts if start < c < end),
                         *(k + 1 for k in range(start, end) if text[k] == "\n")})
        spans += [_trim(text, a, b) for a, b in zip(pieces, pieces[1:])]
    return [s for s in spans if s is not None]


def _trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if a < b else None


def labels(units: list[tuple[int, int]], starts: Sequence[int]) -> list[int]:
    """NLTK-style labels (1 on the last unit of a segment) from section start offsets; a start
    between units goes to the unit that begins nearest to it."""
    out = [0] * len(units)
    if not units:
        return out
    begins = [a for a, _ in units]
    for s in starts:
        j = min(range(len(begins)), key=lambda k: abs(begins[k] - s))
        if j > 0:
            out[j - 1] = 1
    out[-1] = 1
    return out
