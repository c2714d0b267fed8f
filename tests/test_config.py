"""Config loading: interpolation, merging, and errors that name the key and what is allowed."""

import pytest

from pipeline.config import interpolate, load_config, merge, validate
from pipeline.errors import ConfigError
from pipeline.pipeline import check_chain
from pipeline.errors import PipelineError


def write(tmp_path, text):
    p = tmp_path / "c.yaml"
    p.write_text(text)
    return p


def test_default_config_loads_and_names_every_component():
    cfg = load_config()
    assert cfg["pipeline"] == ["clean", "segment", "summarize", "score"]
    assert set(cfg["pipeline"]) <= set(cfg["components"])


def test_interpolation_keeps_types_and_formats_strings():
    cfg = interpolate({"vars": {"n": 3, "name": "x"}, "a": "${vars.n}", "b": "model-${vars.name}", "c": ["${vars.n}"]})
    assert (cfg["a"], cfg["b"], cfg["c"]) == (3, "model-x", [3])


def test_interpolation_errors_name_the_reference():
    with pytest.raises(ConfigError, match=r"\$\{vars.missing\}"):
        interpolate({"vars": {}, "a": "${vars.missing}"})
    with pytest.raises(ConfigError, match="loop"):
        interpolate({"a": "${b}", "b": "${a}"})


def test_merge_is_deep_and_does_not_mutate():
    base = {"a": {"b": 1, "c": 2}, "d": [1]}
    out = merge(base, {"a": {"b": 5}, "d": [2]})
    assert out == {"a": {"b": 5, "c": 2}, "d": [2]} and base["a"]["b"] == 1


def test_unknown_key_is_named_with_allowed_keys():
    with pytest.raises(ConfigError) as err:
        validate({"treshold": 0.5}, {"threshold": 0.4, "model": "m"}, {}, "components.x")
    msg = str(err.value)
    assert "components.x.treshold" in msg and "model, threshold" in msg


def test_value_outside_choices_names_allowed_values():
    with pytest.raises(ConfigError, match="allowed values: nupunkt, pysbd"):
        validate({"sub": {"splitter": "spacy"}}, {"sub": {"splitter": "nupunkt"}}, {"sub.splitter": ["nupunkt", "pysbd"]}, "c")


def test_wrong_type_is_rejected():
    with pytest.raises(ConfigError, match="expected int"):
        validate({"n": "many"}, {"n": 3}, {}, "c")
    with pytest.raises(ConfigError, match="expected bool"):
        validate({"on": 1}, {"on": True}, {}, "c")


def test_bad_config_files(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml")
    with pytest.raises(ConfigError, match="not valid YAML at line"):
        load_config(write(tmp_path, "a: [1,\n b: }"))
    with pytest.raises(ConfigError, match="unknown config section 'pipline'"):
        load_config(write(tmp_path, "pipline: [clean]\n"))
    with pytest.raises(ConfigError, match="runtime.thread"):
        load_config(write(tmp_path, "runtime: {thread: 1}\n"))


def test_chain_check_names_the_missing_requirement():
    with pytest.raises(PipelineError) as err:
        check_chain([("summarize", ("sentences", "sections"), ("summary",))])
    assert "'summarize' requires sentences, sections" in str(err.value)
    check_chain([("clean", ("source",), ("cleaned",)), ("segment", ("cleaned",), ("sections",))])


def test_interpolated_values_are_validated_after_interpolation(tmp_path):
    cfg = load_config(write(tmp_path, "vars: {max: 123}\nlimits: {max_input_bytes: '${vars.max}'}\n"))
    assert cfg["limits"]["max_input_bytes"] == 123
