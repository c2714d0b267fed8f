"""Files that ship inside the package: the configs and model cards.

In the repository they stay top-level (``configs/``, ``models/``); ``pipeline/resources`` holds links
to them, which the wheel build replaces with copies. Code finds them with :mod:`importlib.resources`,
never relative to a checkout, so an installed ``mtbrief`` runs from any folder.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path


def _folder(name: str) -> Path:
    with as_file(files(__name__) / name) as path:  # a real folder for a normal or editable install
        return Path(path)


def configs_dir() -> Path:
    return _folder("configs")


def models_dir() -> Path:
    return _folder("models")


def default_config() -> Path:
    return configs_dir() / "default.yaml"
