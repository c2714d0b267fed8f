"""sacrebleu-style signatures: every score says how it was made.

``metric:pk|k:auto|units:sentences|version:mtbrief-0.1.0,nltk-3.10.4`` — two
numbers are comparable only when their signatures agree, so runs with another
tokeniser, option, package version or model never pass for one another.
"""

from __future__ import annotations

import subprocess
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable, Mapping

PROJECT = "mtbrief"
HASH_CHARS = 12  # enough of a sha256 to tell model files apart, short enough to read


@lru_cache(maxsize=None)
def package_version(distribution: str) -> str:
    """The installed version, with a local label where the code differs from the release:
    mtbrief run from a git checkout names its commit (``0.1.0+g434674b``, ``.dirty`` with
    uncommitted changes), so two revisions' scores never share a signature; a package whose
    behaviour mtbrief changes names the change (``nupunkt-0.8.0+pysbd-abbreviations.2``)."""
    from ..sentences import SPLITTER_REVISIONS

    try:
        version = metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"
    local = checkout_revision(PACKAGE_ROOT) if distribution == PROJECT else SPLITTER_REVISIONS.get(distribution)
    return f"{version}+{local}" if local else version


PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the folder holding pipeline/: a checkout's root, or site-packages


def checkout_revision(root: Path) -> str | None:
    """``g<commit>`` (plus ``.dirty``) when ``root`` is the top of a git checkout of the project;
    None for an installed copy (whose site-packages may well sit inside some other repository)."""
    if not ((root / ".git").exists() and (root / "pyproject.toml").is_file()):
        return None
    try:
        out = subprocess.run(["git", "-C", str(root), "describe", "--always", "--dirty=.dirty", "--abbrev=7", "--exclude=*"],
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    label = out.stdout.strip()
    return f"g{label}" if out.returncode == 0 and label else None


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return "+".join(_value(v) for v in value)
    if value is None:
        return "none"
    return str(value).replace("|", "/")


def signature(
    metric: str,
    options: Mapping[str, Any] | None = None,
    packages: Iterable[str] = (),
    model: str | None = None,
    model_sha256: str | None = None,
) -> str:
    """Build ``metric:NAME|option:value|...|model:M|sha256:H|version:mtbrief-X,pkg-Y``."""
    fields = {"metric": metric, **(options or {})}
    if model:
        fields["model"] = model
    if model_sha256:
        fields["sha256"] = model_sha256[:HASH_CHARS]
    versions = ",".join(f"{p}-{package_version(p)}" for p in (PROJECT, *packages))
    fields["version"] = versions
    return "|".join(f"{key}:{_value(value)}" for key, value in fields.items())


def parse_signature(text: str) -> dict[str, str]:
    """The fields of a signature, to show which of them differ between two runs."""
    return dict(part.split(":", 1) for part in text.split("|"))
