"""The sentence encoder: the shipped all-MiniLM-L6-v2 runs in numpy, and must give the vectors
sentence-transformers gives (every threshold in the config was set on those)."""

import json
import sys

import numpy as np
import pytest

from pipeline.bert_numpy import NumpyBert, readable
from pipeline.embeddings import Encoder, encoder_path

TEXTS = [
    "From January to July, the added value of industrial enterprises above designated size increased by 3.5%.",
    "Jin Zhuanglong attended the meeting and delivered a speech.",
    "",
    "5G",
    "word " * 300,  # past max_seq_length (256 tokens): truncated the same way
    "Übergrößenträger, 中文 and ™ 🙂 in one line.",
]


@pytest.fixture(scope="module")
def folder():
    return encoder_path("all-MiniLM-L6-v2")


def test_the_shipped_encoder_runs_in_numpy_without_importing_torch(folder):
    assert readable(folder)
    code = ("import sys; from pipeline.embeddings import Encoder; e = Encoder('all-MiniLM-L6-v2', 1); "
            "v = e.encode(['a short sentence']); print(v.shape, 'torch' in sys.modules)")
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True).stdout
    assert out.split() == ["(1,", "384)", "False"]


def test_numpy_vectors_equal_sentence_transformers_vectors(folder):
    from sentence_transformers import SentenceTransformer

    ours = NumpyBert(folder).encode(TEXTS, batch_size=4)  # batches of mixed lengths: padding must not leak in
    theirs = SentenceTransformer(str(folder), device="cpu").encode(TEXTS, normalize_embeddings=True)
    assert ours.shape == theirs.shape and ours.dtype == np.float32
    assert np.abs(ours - theirs).max() < 1e-5
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_a_text_gets_the_same_vector_alone_or_in_a_batch(folder):
    model = NumpyBert(folder)
    together = model.encode(TEXTS)
    alone = np.stack([model.encode([t])[0] for t in TEXTS])
    assert np.abs(together - alone).max() < 1e-5


def test_another_architecture_is_not_taken_for_bert(folder, tmp_path):
    for name in ("config.json", "modules.json", "model.safetensors", "tokenizer.json"):
        (tmp_path / name).symlink_to(folder / name)
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps({"pooling_mode_cls_token": True}))
    assert not readable(tmp_path)  # CLS pooling: sentence-transformers' job, not ours


def test_encoder_remembers_vectors_and_keeps_order():
    encoder = Encoder("all-MiniLM-L6-v2", 1, cache_texts=2)
    first = encoder.encode(["a", "b", "a"])
    assert np.array_equal(first[0], first[2])
    assert len(encoder._cache) == 2 and encoder.encode([]).shape == (0, 384)
