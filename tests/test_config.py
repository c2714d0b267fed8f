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


# --- pydantic schemas: one validator, the YAML and the models agree -------------------------------

import json  # noqa: E402
import math  # noqa: E402
from dataclasses import asdict, fields  # noqa: E402

import yaml  # noqa: E402

from pipeline import registry  # noqa: E402
from pipeline.cli import main  # noqa: E402
from pipeline.config import DEFAULT_CONFIG, TOP_LEVEL_MODELS, Support, config_schema, read_yaml  # noqa: E402
from pipeline.facts import SupportRules  # noqa: E402


def cli_error(capsys, *args):
    """Run the CLI, expecting a failure: (exit code, the one stderr line)."""
    code = main(list(args))
    err = capsys.readouterr().err.strip().splitlines()
    assert code != 0 and len(err) == 1, (code, err)
    assert "internal error" not in err[0] and "Traceback" not in err[0]
    return err[0]


@pytest.fixture
def text_file(tmp_path):
    p = tmp_path / "in.txt"
    p.write_text("The meeting was held in Beijing.\n", encoding="utf-8")
    return str(p)


def test_binary_config_file_is_one_line(tmp_path, capsys, text_file):
    binary = tmp_path / "model.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    assert "a binary file, not a YAML config" in cli_error(capsys, "clean", text_file, "--config", str(binary))
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("runtime: {cache_dir: caf\xe9}\n".encode("latin-1"))
    assert "not UTF-8 text (invalid byte at offset 24)" in cli_error(capsys, "clean", text_file, "--config", str(latin))


def test_folder_given_as_config_says_it_is_a_folder(tmp_path, capsys, text_file):
    line = cli_error(capsys, "clean", text_file, "--config", str(tmp_path))
    assert "is a folder, not a file" in line and "not found" not in line


@pytest.mark.parametrize("value", ["0", "-1"])
def test_threads_must_be_at_least_one(capsys, text_file, value):
    assert cli_error(capsys, "clean", text_file, "--set", f"runtime.threads={value}") == (
        f"mtbrief: error: runtime.threads = {value} must be >= 1")


def test_unknown_component_is_refused_naming_the_pipelines(capsys, text_file):
    line = cli_error(capsys, "clean", text_file, "--set", "components.nonexistent.x=1")
    assert "components.nonexistent: no such component" in line
    assert "the pipeline has: clean, segment, summarize, score" in line


@pytest.mark.parametrize("override, expected", [
    ("components.clean.min_confidence=2", "components.clean.min_confidence = 2 must be between 0 and 1"),
    ("components.clean.min_confidence=.nan", "components.clean.min_confidence = nan must be a finite number"),
    ("components.clean.min_confidence=-.inf", "components.clean.min_confidence = -inf must be a finite number"),
    ("limits.max_input_bytes=-5", "limits.max_input_bytes = -5 must be > 0"),
    ("components.segment.thresholds.level1=1.5", "components.segment.thresholds.level1 = 1.5 must be between 0 and 1"),
    ("components.summarize.support.top_k=0", "components.summarize.support.top_k = 0 must be >= 1"),
    ("support.subject_window=0", "support.subject_window = 0 must be >= 1"),
])
def test_values_out_of_range_are_refused(capsys, text_file, override, expected):
    assert expected in cli_error(capsys, "clean", text_file, "--set", override)


@pytest.mark.parametrize("override, expected", [
    ("runtime.threads=two", "config key 'runtime.threads' = 'two' has the wrong type: expected int"),
    ("runtime.threads=2.5", "config key 'runtime.threads' = 2.5 has the wrong type: expected int"),
    ("components.clean.glossary.builtin=1", "config key 'components.clean.glossary.builtin' = 1 has the wrong type: expected bool"),
    ("components.clean.glossary.paths=[1]", "config key 'components.clean.glossary.paths.0' = 1 has the wrong type: expected str"),
    ("components.score.novel_ngram_orders=[1,0]", "components.score.novel_ngram_orders.1 = 0 must be >= 1"),
    ("components.score.fact_kinds=[money,colour]", "'components.score.fact_kinds.1' = 'colour' is not allowed; allowed values: number"),
    ("components.summarize.method=fast", "allowed values: abstractive, lead-k, centroid, mmr"),
    ("components.summarize.words=null", "config key 'components.summarize.words' must not be empty: expected a mapping"),
    ("components.clean.layout.quotes=x", "unknown config key 'components.clean.layout.quotes'; allowed keys: duplicate_min_overlap"),
])
def test_types_and_list_elements_are_checked(capsys, text_file, override, expected):
    assert expected in cli_error(capsys, "clean", text_file, "--set", override)


def test_the_attachment_rules_are_one_top_level_block(tmp_path):
    cfg = load_config(overrides={"support": {"subject_window": 5}})
    assert cfg["components"]["summarize"]["support"]["subject_window"] == 5
    assert "support" not in cfg["components"]["score"]  # score counts the checks summarize recorded
    with pytest.raises(ConfigError, match="disagrees with 'support.subject_window' = 8"):
        load_config(overrides={"components": {"summarize": {"support": {"subject_window": 5}}}})


def test_support_model_matches_the_facts_rules():
    assert Support.defaults() == asdict(SupportRules())
    assert list(Support.model_fields) == [f.name for f in fields(SupportRules)]


def _compare(yaml_block, defaults, where):
    """Every key in both, with the same default value."""
    assert set(yaml_block) == set(defaults), (where, sorted(set(yaml_block) ^ set(defaults)))
    for key, value in yaml_block.items():
        if isinstance(value, dict) and isinstance(defaults[key], dict):
            _compare(value, defaults[key], f"{where}.{key}")
        else:
            same = value == defaults[key] or (isinstance(value, float) and math.isclose(value, defaults[key]))
            assert same, (f"{where}.{key}", value, defaults[key])


def test_default_yaml_and_the_models_agree():
    raw = interpolate(read_yaml(DEFAULT_CONFIG))
    for section, model in TOP_LEVEL_MODELS.items():
        _compare(raw[section], model.defaults(), section)
    shared = Support.defaults()
    for name, block in raw["components"].items():
        entry = registry.stages.get(block.get("factory", name))
        assert entry.schema is not None, f"{name}: its factory has no schema"
        defaults = {"factory": name, **entry.schema.defaults()}
        if "support" in defaults:  # the shared keys live in the top-level block only
            assert not set(block.get("support") or {}) & set(shared), f"{name}.support repeats the shared rules"
            defaults["support"] = {k: v for k, v in defaults["support"].items() if k not in shared}
            block = {**block, "support": block.get("support") or {}}
        _compare(block, defaults, f"components.{name}")


def test_config_show_prints_the_resolved_config(capsys):
    assert main(["config", "show", "--set", "runtime.threads=1", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    expected = load_config(overrides={"runtime": {"threads": 1}})
    expected.pop("_path")
    assert shown == expected and shown["runtime"]["threads"] == 1
    assert main(["config", "show"]) == 0
    assert yaml.safe_load(capsys.readouterr().out)["components"]["summarize"]["support"]["subject_window"] == 8


def test_config_schema_is_json_schema_of_every_block(capsys):
    assert main(["config", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema == config_schema()
    defs = schema["$defs"]
    comps = defs["Components"]["properties"]
    assert {"clean", "segment", "summarize", "score"} <= set(comps)
    threads = defs["Runtime"]["properties"]["threads"]
    assert threads["anyOf"][0]["minimum"] == 1 and threads["default"] == 2  # or a ${...} reference
    layout = defs["LayoutOptions"]["properties"]["quote_style"]
    assert layout["enum"] == ["majority", "straight", "curly"]
    assert defs["CleanComponent"]["additionalProperties"] is False


def test_an_editor_checks_yaml_with_the_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = config_schema()
    raw = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    jsonschema.validate(raw, schema)  # the shipped config, ${...} references and all
    raw["components"]["clean"]["min_confidence"] = 2
    with pytest.raises(jsonschema.ValidationError, match="2 is greater than the maximum of 1"):
        jsonschema.validate(raw, schema)
    raw["components"]["clean"]["min_confidence"] = 0.5
    raw["components"]["segment"]["weights"]["topc"] = 1
    with pytest.raises(jsonschema.ValidationError, match="'topc' was unexpected"):
        jsonschema.validate(raw, schema)


def test_set_reaches_rule_ids_that_contain_dots(capsys):
    cfg = load_config(overrides={"components": {"clean": {"confidence": {
        "glossary": {"term": 0.3}, "artifact": {"run-on": {"period": 0.6}}}}}})
    table = cfg["components"]["clean"]["confidence"]
    shipped = load_config()["components"]["clean"]["confidence"]["artifact.run-on"]
    assert table["glossary.term"] == 0.3 and table["artifact.run-on"] == {**shipped, "period": 0.6}
    assert "glossary" not in table and "artifact" not in table
    line = cli_error(capsys, "config", "show", "--set", "components.clean.confidence.glossary.term=1.5")
    assert line.endswith("components.clean.confidence.glossary.term = 1.5 must be between 0 and 1")


def test_yaml_is_read_safely_with_the_fastest_loader():
    """Every YAML mtbrief reads (configs, cards, glossaries, --set values) goes through parse_yaml: it reads
    what safe_load reads, refuses Python tags, and uses libyaml's parser where PyYAML has it."""
    from pipeline.config import _YAML_LOADER, parse_yaml

    text = "a: 1\nb: [x, 2.5, true]\nc: {d: null}\n"
    assert parse_yaml(text) == yaml.safe_load(text)
    with pytest.raises(yaml.YAMLError):
        parse_yaml("!!python/object/apply:os.system ['true']")
    assert _YAML_LOADER is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)
