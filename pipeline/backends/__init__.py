"""Model backends and the model registry (cards in models/).

Backends register here under the names a card or config uses; each is one small module
behind the :class:`~pipeline.backends.base.Generator` interface:

- ``llama-cpp``: GGUF files through llama-cpp-python (optional extra ``mtbrief[llama]``);
- ``causal``: AutoModelForCausalLM with the model's chat template, also from a GGUF file;
- ``seq2seq``: AutoModelForSeq2SeqLM (T5, FLAN-T5, BART, Pegasus, CoEdIT).

Nothing heavy is imported until a model is loaded.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import registry
from ..config import TOP_LEVEL
from ..errors import ConfigError, ModelNotInstalled
from . import store
from .base import Generator
from .cards import Card, list_cards, load_card
from .causal import CausalGenerator
from .llamacpp import LlamaCppGenerator
from .seq2seq import Seq2SeqGenerator

if TYPE_CHECKING:
    from ..pipeline import Context

__all__ = ["Card", "card_status", "installed_generators", "list_cards", "load_card", "load_generator", "smoke_test", "verify"]

registry.backends.register("llama-cpp")(LlamaCppGenerator)
registry.backends.register("causal")(CausalGenerator)
registry.backends.register("seq2seq")(Seq2SeqGenerator)

DEFAULT_CACHE_DIR = Path(TOP_LEVEL["runtime"]["cache_dir"]).expanduser()


def backend_installed(name: str) -> bool:
    """Are the backend's libraries importable (checked without importing them)?"""
    return all(importlib.util.find_spec(module) is not None for module in registry.backends.get(name).factory.requires)


def choose_backend(card: Card, backend: str | None = None) -> str:
    """The backend to run ``card`` with: the one asked for, or with ``auto`` the card's first installed one."""
    if backend in (None, "auto"):
        for name in card.backends:
            if backend_installed(name):
                return name
        first = registry.backends.get(card.backends[0]).factory
        raise ModelNotInstalled(
            f"no backend that can run {card.name!r} ({', '.join(card.backends)}) is installed; "
            f"install one with: {first.install}"
        )
    if backend not in card.backends:
        raise ConfigError(f"model card {card.name!r} runs on {', '.join(card.backends)}, not {backend!r}")
    if not backend_installed(backend):
        install = registry.backends.get(backend).factory.install
        raise ModelNotInstalled(f"backend {backend!r} is not installed; install it with: {install}")
    return backend


def load_generator(name: str, ctx: "Context", backend: str | None = None) -> Generator:
    """Load a card's model once per pipeline (stages that ask for the same one share it)."""
    card = load_card(name)
    chosen = choose_backend(card, backend)

    def make() -> Generator:
        with ctx.progress.task(f"starting {card.name} ({chosen})"):  # a worker backend loads in the background
            path = store.locate(card, ctx.cache_dir)
            return start_generator(registry.backends.get(chosen).factory, card, path, ctx, chosen)

    return ctx.shared(f"generator:{card.name}:{chosen}", make)


def start_generator(factory: Any, card: Card, path: Path, ctx: "Context", backend: str) -> Generator:
    """Build the generator; a native backend (``runs_in_worker``) is built in a worker process, so
    that a crash in its native code ends the worker, not the run."""
    if not getattr(factory, "runs_in_worker", False):
        return factory(card, path, ctx)
    from .worker import WorkerGenerator, WorkerSpec

    spec = WorkerSpec(factory, card, path, dict(ctx.runtime), backend, getattr(factory, "crash_advice", ""))
    return WorkerGenerator(spec)


def installed_generators(cache_dir: Path | None = None) -> list[str]:
    """Cards whose files are present and which an installed backend can run."""
    return [
        card.name
        for card in list_cards()
        if any(backend_installed(b) for b in card.backends) and store.status(card, cache_dir or DEFAULT_CACHE_DIR)["present"]
    ]


def card_status(card: Card, cache_dir: Path | None = None) -> dict[str, Any]:
    """For ``mtbrief models list``: present or not, where, and the install command."""
    return {"name": card.name, "backends": list(card.backends), **store.status(card, cache_dir or DEFAULT_CACHE_DIR)}


def verify(name: str, cache_dir: Path | None = None) -> tuple[bool, str]:
    """For ``mtbrief models verify NAME``: re-hash the model's file against its card."""
    return store.verify(load_card(name), cache_dir or DEFAULT_CACHE_DIR)


class _Filler(dict):
    """Prompt variables for a smoke test: any name the card's template uses gets a short text."""

    def __missing__(self, key: str) -> Any:
        return 12 if "words" in key else "The meeting reviewed industrial output, which grew 3.5% from January to July."


def smoke_test(name: str, ctx: "Context", backend: str | None = None, tokens: int = 8) -> tuple[bool, str]:
    """Load the model as a run would (a native backend in its worker process) and generate a few
    tokens, so a user can check a machine before a long run. A crash comes back as a message."""
    from ..errors import BackendCrashed
    from .base import GenerationSettings

    card = load_card(name)
    chosen = choose_backend(card, backend)
    task = "rewrite" if "rewrite" in card.prompts else next(iter(card.prompts))
    try:
        generator = load_generator(name, ctx, chosen)
        result = generator.generate(task, _Filler(), GenerationSettings(max_new_tokens=tokens))
    except BackendCrashed as err:
        return False, f"{card.name}: {err}"
    finally:
        worker = ctx.resources.pop(f"generator:{card.name}:{chosen}", None)
        if worker is not None and hasattr(worker, "close"):
            worker.close()
    return True, (
        f"{card.name} ({chosen}): loaded in {generator.load_seconds:.1f} s, generated {result.generated_tokens} tokens "
        f"from a {result.prompt_tokens}-token prompt in {result.seconds:.2f} s "
        f"({result.tokens_per_second:.1f} tokens/s, {ctx.runtime['threads']} threads)"
    )
