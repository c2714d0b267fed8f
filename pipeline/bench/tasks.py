"""What each stage is scored on: the item text a system reads, the prediction it is
judged by, and the catalogue of scores a bench config may name.

A score is one key of one ``pipeline.metrics`` module, fed from the items and the
predictions, with the per-item values the bootstrap resamples (see
:mod:`pipeline.bench.statistics`). A score whose item fields a dataset lacks (no
gold edits, no reference) is skipped for that dataset, with a note.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from ..document import Document
from ..errors import ConfigError
from ..metrics.core.edits import SpanEdit, diff_edits, edit_counts
from ..metrics.core.segmentation import boundary_counts, section_counts
from .datasets import TEXT_FIELD
from .statistics import ItemValues, count_items, defined_items, gleu_items, median_items, ratio_items, sacrebleu_items

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
    # "" for a measurement the bench takes itself (stage seconds): no metric module, the
    # number is the items' statistic and the signature names ``key``

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
            edit_counts([SpanEdit.of(e) for e in gold], [SpanEdit.of(e) for e in pred], opts["match"])
            for gold, pred in zip(inputs[gold_name], inputs[pred_name])
        ]
        return count_items(ids, counts, f"{level}_", field, opts["beta"])

    return items


def section_counts_of_items(numerator: str, denominator: str) -> ItemsFn:
    """A share pooled over items (kind agreement: sections of the gold kind among those matched)."""

    def items(spec: ScoreSpec, ids: list[str], inputs: Inputs, result: dict[str, Any]) -> ItemValues:
        args = dict(spec.args)
        counts = [section_counts(r, p) for r, p in zip(inputs[args["references"]], inputs[args["predictions"]])]
        return ratio_items(ids, [c[numerator] for c in counts], [c[denominator] for c in counts])

    return items


def median_of_inputs(spec: ScoreSpec, ids: list[str], inputs: Inputs, result: dict[str, Any]) -> ItemValues:
    """The median of a per-item measurement (the first item's also pays for loading models)."""
    return median_items(ids, inputs[dict(spec.args)["predictions"]])


def boundary_counts_of_items(field: str) -> ItemsFn:
    def items(spec: ScoreSpec, ids: list[str], inputs: Inputs, result: dict[str, Any]) -> ItemValues:
        tolerance = dict(spec.options)["tolerance"]
        args = dict(spec.args)
        pairs = zip(inputs[args["references"]], inputs[args["predictions"]])
        counts = [boundary_counts(r, p, tolerance) for r, p in pairs]
        return count_items(ids, counts, "", field, 1.0)

    return items


_TEXT_ARGS = (("predictions", "predictions"), ("references", "references"))
_SOURCE_ARGS = (("sources", "sources"), ("predictions", "predictions"))
_SARI_ARGS = (("sources", "sources"), *_TEXT_ARGS)
# A briefing's facts are checked with the source's lead-in periods, as the summarize stage read them.
_CHECKED_ARGS = (*_SOURCE_ARGS, ("lead_ins", "lead_ins"))
_LABEL_ARGS = (("predictions", "pred_labels"), ("references", "ref_labels"))
_SECTION_ARGS = (("predictions", "pred_sections"), ("references", "gold_sections"))
# The stage's own seconds per item (Document.meta["timings_s"]), opt-in: it varies from run to run.
STAGE_SECONDS = ScoreSpec("stage seconds", "", "seconds", (("predictions", "seconds"),),
                          ("stage time (baselines run no pipeline)",), "lower",
                          median_of_inputs, (("statistic", "median"),), default=False)


def _sacrebleu(label: str, key: str, better: str, default: bool = True) -> ScoreSpec:
    return ScoreSpec(label, "sacrebleu_scores", key, _TEXT_ARGS, ("reference",), better, sacrebleu_of_items,
                     (("metrics", (key,)),), default)  # one call per metric, so each costs only its own time


def _edits(label: str, key: str, gold: str, needs: str, level: str, field: str,
           predicted: str = "pred_edits") -> ScoreSpec:
    return ScoreSpec(label, "edit_prf", key, (("predictions", predicted), ("references", gold)), (needs,),
                     "higher", edit_counts_of_items(level, field), (("match", "overlap"), ("beta", 0.5)))


def _sections(label: str, key: str, numerator: str, denominator: str) -> ScoreSpec:
    return ScoreSpec(label, "section_agreement", key, _SECTION_ARGS, ("sections with kind and title",), "higher",
                     section_counts_of_items(numerator, denominator))


def _rouge(label: str, key: str) -> ScoreSpec:
    return ScoreSpec(label, "rouge", key, _TEXT_ARGS, ("references",), "higher", mean_of_items)


def _key_figures(label: str, key: str) -> ScoreSpec:
    return ScoreSpec(label, "key_figures", key, (("pred_figures", "pred_figures"), ("gold_figures", "gold_figures")),
                     ("figures",), "higher", mean_of_items, default=False)


def _briefing(label: str, key: str) -> ScoreSpec:
    return ScoreSpec(label, "briefing_checks", key, _CHECKED_ARGS, (), "lower",
                     mean_of_items, default=False)


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
        # The output's edits re-extracted by the word diff that made the gold edits (as ERRANT
        # does): a system is judged on its text, not on how it reports its edits.
        _edits("re-extracted F0.5", "correction_f", "gold_edits", "edits", "correction", "f", "diff_edits"),
        _edits("re-extracted precision", "correction_precision", "gold_edits", "edits", "correction", "precision",
               "diff_edits"),
        _edits("re-extracted recall", "correction_recall", "gold_edits", "edits", "correction", "recall",
               "diff_edits"),
        ScoreSpec("changed rate", "sentences_changed", "changed_rate", _SOURCE_ARGS, (), "neither", mean_of_items),
        STAGE_SECONDS,
    )},
    "segment": {s.label: s for s in (
        ScoreSpec("Pk", "pk", "pk", _LABEL_ARGS, (), "lower", mean_of_items),
        ScoreSpec("WindowDiff", "windowdiff", "windowdiff", _LABEL_ARGS, (), "lower", mean_of_items),
        ScoreSpec("boundary F1", "boundary_f1", "boundary_f1", _LABEL_ARGS, (), "higher",
                  boundary_counts_of_items("f"), (("tolerance", 1),)),
        # Gold sections whose start and level a predicted section shares: does it have the
        # gold kind, and where the gold title is the section's own heading, is that its title?
        _sections("kind agreement", "kind_agreement", "kind_agreed", "matched"),
        _sections("heading titles", "heading_titles", "headings_titled", "headings"),
        STAGE_SECONDS,
    )},
    "summarize": {s.label: s for s in (
        _rouge("ROUGE-1", "rouge1"),
        _rouge("ROUGE-2", "rouge2"),
        _rouge("ROUGE-L", "rougeL"),
        _rouge("ROUGE-Lsum", "rougeLsum"),
        ScoreSpec("supported facts", "supported_facts", "supported_rate_macro", _CHECKED_ARGS, (), "higher",
                  mean_of_items),
        ScoreSpec("novel 2-grams", "novel_ngrams", "novel_2gram", _SOURCE_ARGS, (), "neither", mean_of_items,
                  (("orders", (1, 2, 3)),)),
        ScoreSpec("compression", "compression", "compression", _SOURCE_ARGS, (), "neither", mean_of_items),
        # Pyramid-style: the weighted share of an item's gold nuggets (data/gold/nuggets.jsonl) the
        # briefing carries with their figures and periods; named in a config for datasets with nuggets.
        ScoreSpec("nugget recall", "nugget_recall", "nugget_recall", (("predictions", "predictions"), ("references", "nuggets")),
                  ("nuggets",), "higher", mean_of_items, default=False),
        # The key figures table against data/gold/keyfigures.jsonl (joined as ``figures``): rows, measures, periods.
        _key_figures("key figure rows", "row_precision"),
        _key_figures("key figure measures", "measure_accuracy"),
        _key_figures("key figure periods", "period_accuracy"),
        # What misleads a reader, per briefing (reference-free; named in a config, as they load the encoder).
        _briefing("unsupported figures", "unsupported_figures"),
        _briefing("attribution errors", "attribution_errors"),
        _briefing("lede restatements", "lede_restatements"),
        STAGE_SECONDS,
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

    def text(self, item: dict[str, Any]) -> str:
        """An item that is one paragraph of a ``document`` is cleaned in it (see ``paragraph_prediction``)."""
        return item.get("document") or item[self.text_field]

    def prediction(self, doc: Document) -> dict[str, Any]:
        return {"output": doc.cleaned, "edits": [{"start": e.start, "end": e.end, "after": e.after} for e in doc.edits]}

    def inputs(self, items: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> Inputs:
        predictions = [paragraph_prediction(it, p) for it, p in zip(items, predictions)]
        out = super().inputs(items, predictions)
        out["sources"] = [it[self.text_field] for it in items]  # the paragraph, not the document it was cleaned in
        out["pred_edits"] = [p["edits"] for p in predictions]
        if all("edits" in it for it in items):
            out["gold_edits"] = [[_edit(e) for e in it["edits"]] for it in items]
            out["diff_edits"] = [diff_edits(it[self.text_field], p["output"]) for it, p in zip(items, predictions)]
        if all("spans" in it for it in items):
            out["error_spans"] = [[_edit({**s, "after": ""}) for s in it["spans"]] for it in items]
        return out


def paragraph_prediction(item: dict[str, Any], prediction: dict[str, Any]) -> dict[str, Any]:
    """For an item that is ``document[paragraph[0]:paragraph[1]]``: the cleaned text of that
    paragraph and its edits in paragraph offsets. An edit that crosses the paragraph's edge (a
    join with the next paragraph) counts whole, with the text it spans, as ``Document.to_cleaned``
    maps a span; an insertion at the paragraph's end (a final period) belongs to it."""
    if "paragraph" not in item:
        return prediction
    a, b = item["paragraph"]
    touching = [e for e in prediction["edits"] if e["start"] <= b and a <= e["end"]]
    lo, hi = min([a, *(e["start"] for e in touching)]), max([b, *(e["end"] for e in touching)])
    document, parts, pos = item["document"], [], lo
    for e in touching:
        parts += [document[pos : e["start"]], e["after"]]
        pos = e["end"]
    parts.append(document[pos:hi])
    edits = [{**e, "start": max(0, e["start"] - a), "end": min(b, e["end"]) - a} for e in touching]
    return {**prediction, "output": "".join(parts), "edits": edits}


class SummarizeTask(TextTask):
    text_field = TEXT_FIELD["summarize"]
    reference_field = "references"

    def prediction(self, doc: Document) -> dict[str, Any]:
        """The briefing with the text it was written from: the cleaned source, whose every change is
        an edit with its reason, so a term the glossary repaired supports the briefing that uses it."""
        return {"output": doc.summary.text if doc.summary else "",
                "source": doc.cleaned,
                "key_figures": [{"figure": k.figure, "measure": k.measure, "period": k.period} for k in doc.key_figures],
                # the sections whose lead-in dates their sub-sections, in the offsets of ``source``
                "lead_ins": [list(scope) for scope in doc.lead_ins()]}

    def inputs(self, items: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> Inputs:
        out = super().inputs(items, predictions)
        # a briefing is checked against what it was written from; a stored one against the item's text
        out["sources"] = [p.get("source") or s for p, s in zip(predictions, out["sources"])]
        as_json = lambda rows: [json.dumps(r, ensure_ascii=False) for r in rows]  # noqa: E731
        # a system that read no structure (a stored or reference briefing) is checked on paragraphs and headings
        out["lead_ins"] = [json.dumps(p.get("lead_ins", [])) for p in predictions]
        if all(it.get("nuggets") for it in items):  # the nugget metric takes each nugget as a JSON string
            out["nuggets"] = [as_json(it["nuggets"]) for it in items]
        if all(it.get("figures") for it in items):  # a key figures gold (data/gold/keyfigures.jsonl) joined
            out["gold_figures"] = [as_json(it["figures"]) for it in items]
            out["pred_figures"] = [as_json(p.get("key_figures", [])) for p in predictions]
        return out


class SegmentTask(Task):
    """Boundaries as labels over units fixed per item, so every system is scored on the same units."""

    text_field = TEXT_FIELD["segment"]

    def prediction(self, doc: Document) -> dict[str, Any]:
        return {"sections": [{"start": doc.to_source(s.start, s.start)[0], "level": s.level, "kind": s.kind,
                              "title": s.title, "title_source": s.title_source} for s in doc.sections]}

    def inputs(self, items: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> Inputs:
        top = self.options["max_level"]
        units = [item_units(it, top) for it in items]
        out: Inputs = {
            "ref_labels": [labels(u, [s["start"] for s in it["sections"] if s.get("level", 1) <= top])
                           for u, it in zip(units, items)],
            "pred_labels": [labels(u, [s["start"] for s in p["sections"] if s["level"] <= top])
                            for u, p in zip(units, predictions)],
        }
        if all("kind" in s and "title" in s for it in items for s in it["sections"]):
            out["gold_sections"] = [[_gold_section(u, s) for s in it["sections"]] for u, it in zip(units, items)]
            out["pred_sections"] = [[_predicted_section(u, s) for s in p["sections"]] for u, p in zip(units, predictions)]
        return out


def _gold_section(units: list[tuple[int, int]], s: dict[str, Any]) -> dict[str, Any]:
    """A gold section on its unit; its title counts as a heading when it is the text at its
    start (the annotators titled the other sections themselves)."""
    heading = bool(s.get("anchor")) and s["title"].startswith(s["anchor"][:20])
    return {"unit": unit_at(units, s["start"]), "level": s.get("level", 1), "kind": s["kind"],
            "title": s["title"] if heading else ""}


def _predicted_section(units: list[tuple[int, int]], s: dict[str, Any]) -> dict[str, Any]:
    """A predicted section on its unit, with its title only when taken from its heading."""
    return {"unit": unit_at(units, s["start"]), "level": s["level"], "kind": s.get("kind", ""),
            "title": s.get("title", "") if s.get("title_source") == "heading" else ""}


def stage_seconds(doc: Document, stage: str) -> dict[str, Any]:
    """The stage's own wall time on this document, where a pipeline ran it (baselines have none)."""
    seconds = doc.meta.get("timings_s", {}).get(stage)
    return {} if seconds is None else {"seconds": seconds}


def with_seconds(inputs: Inputs, predictions: list[dict[str, Any]]) -> Inputs:
    """Add the per-item stage seconds to a task's inputs when every prediction has them."""
    if predictions and all("seconds" in p for p in predictions):
        inputs["seconds"] = [p["seconds"] for p in predictions]
    return inputs


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
    """The units boundaries are scored on: the item's own (Choi's sentences), else the
    pipeline's sentences found once per item, whatever system runs, cut also at line breaks
    and at every gold section start so that each gold boundary falls between units."""
    if item.get("units"):
        return [(int(a), int(b)) for a, b in item["units"]]
    return sentence_units(item["text"], {s["start"] for s in item["sections"] if s.get("level", 1) <= max_level})


def sentence_units(text: str, cuts: set[int] = frozenset()) -> list[tuple[int, int]]:
    """The pipeline's sentences (:mod:`pipeline.sentences`), cut also at line breaks and at
    ``cuts``, trimmed."""
    from ..sentences import split_sentences

    spans = []
    for start, end in split_sentences(text):
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
    for s in starts:
        j = unit_at(units, s)
        if j > 0:
            out[j - 1] = 1
    out[-1] = 1
    return out


def unit_at(units: list[tuple[int, int]], start: int) -> int:
    """The unit that begins nearest to a character offset (the first of equals)."""
    return min(range(len(units)), key=lambda k: abs(units[k][0] - start)) if units else 0
