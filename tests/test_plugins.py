"""A user's own package adds a clean rule through an entry point, without editing mtbrief.

The plugin is a real distribution on sys.path: a module and a ``.dist-info`` folder whose
``entry_points.txt`` names the rule in the group ``mtbrief.clean_rules``, as ``pip install``
of a package with ``[project.entry-points."mtbrief.clean_rules"]`` would leave it."""

import json
import textwrap

import pytest

from pipeline import registry
from pipeline.cli import main
from pipeline.errors import ConfigError

PLUGIN = textwrap.dedent('''
    """A house-style rule: 'Xi Jinping' is written with the title the house style wants."""
    import re

    from pipeline.stages.clean.rules import Fix, Phase, Rule

    def find(text, options):
        """'the Secretary General' -> 'the General Secretary' (house style)."""
        for m in re.finditer(r"\\bSecretary General\\b", text):
            yield Fix(m.start(), m.end(), "General Secretary", "house style: General Secretary")

    house_title = Rule("house.title-order", Phase.PHRASES, find, "title order", default_confidence=0.9)
''')


def install_plugin(root, name, entry_points):
    (root / f"{name}.py").write_text(PLUGIN, encoding="utf-8")
    info = root / f"{name}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")


@pytest.fixture
def clean_rules(monkeypatch):
    """The clean-rule registry, restored after the test."""
    registry.clean_rules.load()
    monkeypatch.setattr(registry.clean_rules, "_entries", dict(registry.clean_rules._entries))
    return registry.clean_rules


def test_a_plugin_rule_from_an_entry_point_runs_in_the_clean_stage(tmp_path, monkeypatch, capsys, clean_rules):
    install_plugin(tmp_path, "mtbrief_house_rules",
                   "[mtbrief.clean_rules]\nhouse.title-order = mtbrief_house_rules:house_title\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert clean_rules.load_plugins() == ["house.title-order"]
    assert clean_rules.get("house.title-order").origin == "mtbrief_house_rules"

    text = tmp_path / "in.txt"
    text.write_text("The Secretary General attended the meeting in Beijing.\n", encoding="utf-8")
    assert main(["clean", str(text), "--format", "json", "-q"]) == 0
    out = json.loads(capsys.readouterr().out)
    (edit,) = [e for e in out["edits"] if e["rule"] == "house.title-order"]
    assert (edit["before"], edit["after"], edit["confidence"]) == ("Secretary General", "General Secretary", 0.9)
    assert "General Secretary attended" in out["cleaned"]

    # the config treats it as any other rule: switched off by id, its confidence set in the table
    assert main(["clean", str(text), "--format", "json", "-q", "--set", "components.clean.disable=[house.title-order]"]) == 0
    assert "Secretary General" in json.loads(capsys.readouterr().out)["cleaned"]


def test_a_broken_plugin_is_named(tmp_path, monkeypatch, clean_rules):
    install_plugin(tmp_path, "mtbrief_broken_rules", "[mtbrief.clean_rules]\nbroken = mtbrief_broken_rules:nothing_here\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ConfigError, match=r"plugin 'broken' \(mtbrief_broken_rules:nothing_here, entry point group "
                                          r"mtbrief.clean_rules\) failed to load: AttributeError"):
        clean_rules.load_plugins()


LOADER = textwrap.dedent('''
    """A dataset format of a user's own: one item per line, 'id<TAB>text'."""
    from pathlib import Path

    from pipeline.bench.datasets import loader


    @loader("lines", {"separator": "\\t"})
    def read_lines(location, options, cache_dir):
        rows = Path(location).read_text(encoding="utf-8").splitlines()
        return [dict(zip(("id", "source"), row.split(options["separator"], 1))) for row in rows if row]
''')


def test_a_plugin_dataset_loader_reads_a_bench_dataset(tmp_path, monkeypatch):
    from pipeline.bench.datasets import LOADERS, load_bench_dataset

    LOADERS.load()  # the package's own first; the registry is restored after the test
    monkeypatch.setattr(LOADERS, "_entries", dict(LOADERS._entries))
    (tmp_path / "mtbrief_lines_loader.py").write_text(LOADER, encoding="utf-8")
    info = tmp_path / "mtbrief_lines_loader-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: mtbrief_lines_loader\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[mtbrief.datasets]\nlines = mtbrief_lines_loader:read_lines\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert LOADERS.load_plugins() == ["lines"]
    assert LOADERS.get("lines").defaults == {"separator": "\t"}  # registered by its own decorator, options and all

    data = tmp_path / "items.txt"
    data.write_text("a\tThe meeting was held.\nb\tIt ended.\n", encoding="utf-8")
    spec = {"name": "mine", "path": str(data), "format": "lines", "options": {}}
    dataset = load_bench_dataset(spec, "clean", tmp_path, tmp_path / "cache")
    assert [(i["id"], i["source"]) for i in dataset.items] == [("a", "The meeting was held."), ("b", "It ended.")]
    with pytest.raises(ConfigError, match="unknown config key \"dataset 'mine' options.sep\"; allowed keys: separator"):
        load_bench_dataset({**spec, "options": {"sep": ","}}, "clean", tmp_path, tmp_path / "cache")
