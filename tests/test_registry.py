"""One registry mechanism: names -> objects, filled from the package and from entry points."""

import pytest

from pipeline import registry
from pipeline.config import Block, Positive
from pipeline.errors import ConfigError
from pipeline.pipeline import Pipeline
from pipeline.registry import Registry


def test_the_package_fills_its_registries():
    assert {"clean", "segment", "summarize", "score"} <= set(registry.stages.names())
    assert {"llama-cpp", "causal", "seq2seq"} <= set(registry.backends.names())
    assert {"abstractive", "lead-k", "centroid"} <= set(registry.summarizers.names())
    assert {"layout.missing-period", "glossary.term"} <= set(registry.clean_rules)
    assert all(entry.schema is not None for entry in registry.stages.entries())


def test_entry_points_are_in_one_namespace():
    assert registry.clean_rules.group == "mtbrief.clean_rules"
    assert set(registry.ALL) == {"stages", "backends", "summarizers", "clean_rules", "metrics", "datasets",
                                 "systems", "renderers", "benches"}


def test_unknown_name_is_a_config_error_naming_what_is_registered():
    with pytest.raises(ConfigError, match=r"components.x.factory: unknown stage factory 'clen'; allowed: clean, score"):
        registry.stages.get("clen", where="components.x.factory")


def test_a_name_registered_twice_is_refused():
    reg = Registry("widget", "test_widgets")
    reg.register("a", object())
    with pytest.raises(ValueError, match="widget 'a' registered twice"):
        reg.register("a", object())


def test_mapping_view_gives_the_objects_and_get_gives_the_entry():
    reg = Registry("widget", "test_widgets")
    thing = object()
    reg.register("a", thing)
    assert reg["a"] is thing and list(reg) == ["a"] and "a" in reg and reg.values() == [thing]
    assert reg.get("a").factory is thing


class ShoutConfig(Block):
    times: Positive = 1


@pytest.fixture
def shout_stage(monkeypatch):
    """A stage registered for one test only (the registry is restored afterwards)."""
    monkeypatch.setattr(registry.stages, "_entries", dict(registry.stages._entries))

    @registry.stages.register("shout", schema=ShoutConfig, requires=("cleaned",), provides=("cleaned",))
    def make_shout(options, ctx):
        def run(doc):
            doc.meta["shout"] = doc.cleaned.upper() * options["times"]
            return doc
        return run

    return make_shout


def test_a_registered_stage_is_built_from_config_and_validated(shout_stage):
    overrides = {"pipeline": ["clean", "shout"], "components": {"shout": {"times": 2}}}
    doc = Pipeline.from_config(overrides=overrides)("a b.")
    assert doc.meta["shout"] == "A B.A B."
    with pytest.raises(ConfigError, match="components.shout.times = 0 must be >= 1"):
        Pipeline.from_config(overrides={**overrides, "components": {"shout": {"times": 0}}})


def test_legacy_defaults_registration_still_validates(monkeypatch):
    monkeypatch.setattr(registry.stages, "_entries", dict(registry.stages._entries))

    @registry.stages.register("legacy", defaults={"n": 1}, choices={"mode": ["a"]}, requires=("source",))
    def make_legacy(options, ctx):
        return lambda doc: doc

    with pytest.raises(ConfigError, match="unknown config key 'components.legacy.m'; allowed keys: n"):
        Pipeline.from_config(overrides={"pipeline": ["legacy"], "components": {"legacy": {"m": 2}}})
    assert Pipeline.from_config(overrides={"pipeline": ["legacy"], "components": {"legacy": {"n": 3}}}).stages
