"""Test-wide setup: no network look-ups, caches in a temp dir, one torch thread."""

import os
import tempfile
from pathlib import Path

from pipeline.offline import OFFLINE_ENV

# Set before any Hugging Face import, or a hub name costs 20-45 s of retries.
os.environ.update(OFFLINE_ENV, HF_HOME=tempfile.mkdtemp(prefix="mtbrief-hf-"))

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "bulletins" / "bulletin-2022-08-19.txt"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True, scope="session")
def _one_torch_thread() -> None:
    """With the other core busy, 2 torch threads run generation ~100x slower than 1."""
    try:
        import torch
    except ImportError:
        return
    torch.set_num_threads(1)


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"public evaluation data not found at {SHARED_DATA} (it is read from ../shared/data, never shipped)")
    return SHARED_DATA
