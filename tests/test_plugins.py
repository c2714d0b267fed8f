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
