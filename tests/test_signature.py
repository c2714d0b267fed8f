"""Signatures name the code that made a score: a git checkout's commit, never a bare release
version shared by every revision."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.metrics.signature import checkout_revision

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", *args], check=True, capture_output=True)


def test_a_checkout_is_named_by_its_commit_and_dirty_when_changed(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'mtbrief'\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "one")
    git(tmp_path, "tag", "v0.1.0")  # a tag does not replace the commit
    clean = checkout_revision(tmp_path)
    assert clean is not None and re.fullmatch(r"g[0-9a-f]{7,}", clean)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'mtbrief'\nversion = '0.2'\n")
    assert checkout_revision(tmp_path) == clean + ".dirty"


def test_an_installed_copy_has_no_commit(tmp_path: Path) -> None:
    """site-packages inside some other repository (a venv in a checkout) is not that repository's code."""
    git(tmp_path, "init", "-q")
    site = tmp_path / "site-packages"
    site.mkdir()
    assert checkout_revision(site) is None
    assert checkout_revision(tmp_path) is None  # a repository, but not the project's (no pyproject.toml)
