"""What every mtbrief evaluate module shares: input features, its info, its signature.

Imported by the module scripts, which evaluate copies into its cache; they import
this by absolute name because the installed package stays importable from there.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping, Sequence

import datasets
import evaluate

from pipeline.metrics.signature import signature

_STRING = datasets.Value("string")
_KINDS = {
    "text": _STRING,
    "ints": datasets.List(datasets.Value("int32")),
    "edits": datasets.List(
        {"start": datasets.Value("int32"), "end": datasets.Value("int32"), "after": _STRING}
    ),
    "sections": datasets.List(
        {"unit": datasets.Value("int32"), "level": datasets.Value("int32"), "kind": _STRING, "title": _STRING}
    ),
}


def features(**columns: str) -> list[datasets.Features]:
    """Feature sets for columns of kind ``text``, ``ints``, ``edits``, ``sections`` or ``texts``.

    ``texts`` (references) is declared twice — a list of strings, then one string —
    so single- and multi-reference inputs both load, also through ``evaluate.combine``.
    """
    multi = {name: datasets.List(_STRING) if kind == "texts" else _KINDS[kind] for name, kind in columns.items()}
    single = {name: _STRING if kind == "texts" else _KINDS[kind] for name, kind in columns.items()}
    return [datasets.Features(multi)] + ([datasets.Features(single)] if single != multi else [])


def reference_lists(references: Sequence[str | Sequence[str]]) -> list[list[str]]:
    """Every item's references as a list, whichever feature set the caller used."""
    return [[r] if isinstance(r, str) else list(r) for r in references]


def metric_info(
    doc: str | None, citation: str, inputs: str, feature_sets: list[datasets.Features], urls: Iterable[str] = ()
) -> evaluate.MetricInfo:
    """The ``MetricInfo`` of a module: its docstring is the description."""
    return evaluate.MetricInfo(
        description=(doc or "").strip(),
        citation=citation,
        inputs_description=inputs,
        features=feature_sets,
        reference_urls=list(urls),
    )


def module_signature(metric: str, options: Mapping[str, Any], packages: Iterable[str], kwargs: Mapping[str, Any]) -> str:
    """The signature of a module's result; ``model=`` and ``model_sha256=`` given to
    ``compute`` name the system that produced the predictions."""
    return signature(metric, options, packages, kwargs.get("model"), kwargs.get("model_sha256"))


def read_lead_ins(lead_ins: Sequence[str | Sequence[Sequence[int]]] | None) -> tuple[list[Any] | None, str]:
    """Per item, the ``[start, first_sub, end]`` sections whose lead-in dates their sub-sections (given
    as JSON strings or lists), and what may carry a period to a figure, for the signature."""
    scopes = None if lead_ins is None else [json.loads(x) if isinstance(x, str) else x for x in lead_ins]
    return scopes, "lead-ins" if scopes and any(scopes) else "paragraphs"
