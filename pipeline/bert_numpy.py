"""A BERT sentence encoder (all-MiniLM-L6-v2 and its kind) in numpy, so embedding needs no torch.

Importing sentence-transformers pulls in torch, transformers, scikit-learn, scipy and pandas: 11-12 s
on a 2-core AMD EPYC (Zen 1) before one sentence is embedded, longer than the sentences take. A BERT
encoder with mean pooling is a few matrix products, so a folder holding such a model (``config.json``
with ``model_type: bert``, ``model.safetensors``, ``tokenizer.json``, mean pooling in ``1_Pooling``) runs
here: tokenised by the same ``tokenizers`` code, the same weights, the same arithmetic in float32.
``tests/test_embeddings.py`` checks its vectors against sentence-transformers' own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np

# Abramowitz and Stegun 7.1.26: erf to within 1.5e-7, the resolution of float32 (numpy has no erf).
_AS = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)
_AS_P = 0.3275911


def readable(folder: Path) -> bool:
    """A BERT encoder with mean pooling whose files this module reads (anything else goes to sentence-transformers)."""
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    types = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    pooling = _pooling(folder, modules)
    return (
        config.get("model_type") == "bert"
        and config.get("hidden_act") == "gelu"
        and config.get("position_embedding_type", "absolute") == "absolute"
        and types[:2] == ["Transformer", "Pooling"]
        and set(types[2:]) <= {"Normalize"}
        and pooling.get("pooling_mode_mean_tokens") is True
        and not any(v for k, v in pooling.items() if k.startswith("pooling_mode_") and k != "pooling_mode_mean_tokens")
        and (folder / "model.safetensors").is_file()
        and (folder / "tokenizer.json").is_file()
    )


def _pooling(folder: Path, modules: list[dict]) -> dict:
    path = next((m.get("path", "") for m in modules if m.get("type", "").endswith("Pooling")), "")
    try:
        return json.loads((folder / path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * (1 + erf(x / sqrt 2)) / 2, in place where it can (these are the largest arrays)."""
    a = np.abs(x) * np.float32(1 / np.sqrt(2))
    t = np.float32(_AS_P) * a
    t += 1
    np.reciprocal(t, out=t)
    poly = np.full_like(t, _AS[4])
    for c in _AS[3::-1]:
        poly *= t
        poly += np.float32(c)
    poly *= t
    np.square(a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    poly *= a  # 1 - erf(|x| / sqrt 2)
    erf = np.copysign(1 - poly, x)
    erf += 1
    erf *= x
    erf *= np.float32(0.5)
    return erf


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(var + eps) * weight + bias


class NumpyBert:
    """Mean-pooled, L2-normalised BERT sentence vectors, computed in float32 numpy."""

    def __init__(self, folder: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        st_config = folder / "sentence_bert_config.json"
        max_len = json.loads(st_config.read_text(encoding="utf-8")).get("max_seq_length") if st_config.is_file() else None
        self.max_len = int(max_len or config["max_position_embeddings"])
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config["layer_norm_eps"])
        self.dimension = int(config["hidden_size"])
        weights = load_file(str(folder / "model.safetensors"))
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in weights else ""
        self.w = {k[len(prefix):]: v.astype(np.float32) for k, v in weights.items() if k.startswith(prefix)}
        # Dense layers' weights transposed once, contiguous: x @ W.T at BLAS speed on every call.
        self.t = {k[: -len(".weight")]: np.ascontiguousarray(v.T) for k, v in self.w.items()
                  if k.endswith("dense.weight") or k.endswith(("query.weight", "key.weight", "value.weight"))}
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=self.max_len)
        normalize = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        self.normalize = any(m.get("type", "").endswith("Normalize") for m in normalize)

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """One vector per text. Texts go in batches of similar length (as sentence-transformers
        sorts them); the order comes back as given."""
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(encodings)), key=lambda k: -len(encodings[k].ids))
        out = np.zeros((len(encodings), self.dimension), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            out[chunk] = self._forward([encodings[k].ids for k in chunk])
        return out

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        """The position-wise layers run on the batch's tokens packed into one matrix (no padding:
        they are most of the arithmetic); only attention sees the padded (sequence, position) grid."""
        w, eps = self.w, self.eps
        lengths = np.array([len(ids) for ids in batch])
        width = int(lengths.max())
        valid = np.arange(width)[None, :] < lengths[:, None]  # (sequences, positions); row-major = packed order
        ids = np.concatenate([np.asarray(t, dtype=np.int64) for t in batch])
        positions = np.concatenate([np.arange(n) for n in lengths])
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][positions]
        x = _layer_norm(x + w["embeddings.token_type_embeddings.weight"][0], w["embeddings.LayerNorm.weight"],
                        w["embeddings.LayerNorm.bias"], eps)
        # Padding keys get the most negative float, as in transformers: exp() of it is exactly 0.
        blocked = np.where(valid, np.float32(0), np.finfo(np.float32).min)[:, None, None, :]
        head = self.dimension // self.heads
        scale = np.float32(1.0 / np.sqrt(head))

        def grid(packed: np.ndarray) -> np.ndarray:  # (tokens, dim) -> (sequences, heads, positions, head dim)
            out = np.zeros((len(batch), width, self.dimension), dtype=np.float32)
            out[valid] = packed
            return out.reshape(len(batch), width, self.heads, head).transpose(0, 2, 1, 3)

        for n in range(self.layers):
            p = f"encoder.layer.{n}."
            q = grid(self._dense(x, p + "attention.self.query"))
            k = grid(self._dense(x, p + "attention.self.key"))
            v = grid(self._dense(x, p + "attention.self.value"))
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + blocked
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3)[valid].reshape(-1, self.dimension)
            attended = self._dense(context, p + "attention.output.dense")
            x = _layer_norm(attended + x, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], eps)
            x = _layer_norm(self._dense(_gelu(self._dense(x, p + "intermediate.dense")), p + "output.dense") + x,
                            w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        pooled = np.add.reduceat(x, starts, axis=0) / lengths[:, None].astype(np.float32)  # mean over each text's tokens
        if self.normalize:
            pooled = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return pooled.astype(np.float32)

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        out = x @ self.t[name]
        out += self.w[name + ".bias"]
        return out
