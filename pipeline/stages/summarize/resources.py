"""Heavy resources the summarizers share with other stages through the pipeline context."""

from __future__ import annotations

from typing import Any

from ...embeddings import Encoder


def encoder_for(options: dict[str, Any], ctx: Any) -> Encoder:
    return ctx.encoder(options["encoder"])
