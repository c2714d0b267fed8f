"""Native generators run in a worker process: a crash there is one clear line and a fallback,
never a dead run or a traceback."""

import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

import fake_backends
from conftest import SAMPLE
from pipeline import backends, cli, registry
from pipeline.backends.cards import load_card
from pipeline.backends.worker import WorkerGenerator, WorkerSpec
from pipeline.errors import BackendCrashed, MtbriefError

CARD = load_card("qwen2.5-coder-1.5b-instruct-q4km")


def start(factory):
    return WorkerGenerator(WorkerSpec(factory, CARD, Path("/nonexistent"), {"threads": 1, "seed": 1}, "llama-cpp",
                                      "rebuild without AMX"))


def test_worker_answers_from_another_process_and_stays_loaded():
    gen = start(fake_backends.EchoGenerator)
    try:
        pid = gen.worker_pid()
        assert pid != os.getpid()
        out = gen.generate("summarise", {"text": "Output grew 3.5%. Prices fell."})
        assert out.text == "Output grew 3.5%."
        assert gen.count_tokens("a b c") == 3
        assert gen.worker_pid() == pid  # one worker, kept between calls
        assert gen.name == CARD.name and gen.context_tokens == CARD.context_tokens
    finally:
        gen.close()


@pytest.mark.parametrize("factory, signame", [(fake_backends.SegfaultGenerator, "SIGSEGV"),
                                              (fake_backends.KilledGenerator, "SIGKILL")])
def test_a_killed_worker_raises_a_clear_error_naming_backend_signal_and_advice(factory, signame):
    gen = start(factory)
    with pytest.raises(BackendCrashed) as info:
        gen.generate("summarise", {"text": "x"})
    message = str(info.value)
    assert "llama-cpp" in message and signame in message and "rebuild without AMX" in message
    assert info.value.signal == signame
    with pytest.raises(BackendCrashed):  # later calls fail at once, without a new crash
        gen.count_tokens("x")


def test_a_python_error_while_loading_is_reported_not_a_crash():
    gen = start(fake_backends.FailsToLoad)  # the model loads in the background: the first call reports
    for _ in range(2):  # every call alike
        with pytest.raises(MtbriefError, match="ValueError: no such tensor"):
            gen.count_tokens("x")


def test_the_model_loads_while_the_caller_goes_on():
    gen = start(fake_backends.SlowToLoad)
    try:
        assert gen._load_seconds is None  # construction did not wait for the load
        assert gen.count_tokens("a b") == 2 and gen.load_seconds >= fake_backends.SlowToLoad.SECONDS
    finally:
        gen.close()


@pytest.fixture
def crashing_llama(monkeypatch):
    """The pipeline's llama-cpp backend replaced by one that segfaults mid-generation."""
    real_get = registry.backends.get

    def get(name, *args, **kwargs):
        if name == "llama-cpp":
            return SimpleNamespace(name=name, factory=fake_backends.SegfaultGenerator)
        return real_get(name, *args, **kwargs)

    monkeypatch.setattr(registry.backends, "get", get)
    monkeypatch.setattr(backends.store, "locate", lambda card, cache_dir: Path("/nonexistent"))


def test_run_survives_a_segfaulting_generator(crashing_llama, capsys):
    code = cli.main(["run", str(SAMPLE), "--format", "json", "--set", "runtime.threads=1",
                     "--set", "components.summarize.backend=llama-cpp"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in err
    warnings = [line for line in err.splitlines() if line.startswith("mtbrief: warning:")]
    assert len(warnings) == 1 and "SIGSEGV" in warnings[0] and "llama-cpp" in warnings[0]
    assert "--set components.summarize" in warnings[0]  # what to do
    doc = json.loads(out)
    assert doc["edits"] and doc["sections"]  # the earlier stages' work is kept
    assert "fallback" in doc["summary"]["method"] and doc["summary"]["text"].strip()
    assert any("SIGSEGV" in w for w in doc["meta"]["warnings"])


def test_html_report_shows_the_crash(crashing_llama, tmp_path, capsys):
    report = tmp_path / "r.html"
    code = cli.main(["run", str(SAMPLE), "-o", str(report), "-q", "--set", "runtime.threads=1",
                     "--set", "components.summarize.backend=llama-cpp"])
    capsys.readouterr()
    assert code == 0
    assert "SIGSEGV" in report.read_text(encoding="utf-8")


def test_models_verify_reports_a_crash_in_one_line(crashing_llama, monkeypatch, capsys):
    monkeypatch.setattr(backends, "verify", lambda name, cache_dir=None: (True, f"{name}: sha256 ok"))
    monkeypatch.setattr(cli, "_verify_files", lambda name, cache_dir: (True, f"{name}: sha256 ok"), raising=False)
    code = cli.main(["models", "verify", CARD.name])
    out, err = capsys.readouterr()
    assert code != 0
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("[mtbrief]")]
    assert len(lines) == 1 and lines[0].startswith("mtbrief: error:") and "SIGSEGV" in lines[0], err


def test_a_script_without_a_main_guard_can_use_the_worker(tmp_path):
    """A user's plain script (no ``if __name__ == "__main__"``) must not be re-run inside the worker."""
    import subprocess
    import sys

    script = tmp_path / "brief.py"
    script.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(Path(fake_backends.__file__).parent)!r})\n"
        "from pathlib import Path\n"
        "import fake_backends\n"
        "from pipeline.backends.cards import load_card\n"
        "from pipeline.backends.worker import WorkerGenerator, WorkerSpec\n"
        "print('script body ran', file=sys.stderr)\n"
        f"card = load_card({CARD.name!r})\n"
        "gen = WorkerGenerator(WorkerSpec(fake_backends.EchoGenerator, card, Path('/x'), {}, 'llama-cpp'))\n"
        "print(gen.generate('summarise', {'text': 'Output grew. Prices fell.'}).text)\n",
        encoding="utf-8",
    )
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "Output grew."
    assert proc.stderr.count("script body ran") == 1


def test_clean_rewrite_stops_at_a_crash_and_keeps_the_rules_edits(crashing_llama, capsys):
    code = cli.main(["clean", str(SAMPLE), "--format", "json", "-q", "--set", "runtime.threads=1",
                     "--set", "components.clean.rewrite.enabled=true"])
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in err
    doc = json.loads(out)
    assert doc["edits"]
    assert any(w.startswith("clean rewrite stopped") and "SIGSEGV" in w for w in doc["meta"]["warnings"])


def test_segment_titles_fall_back_to_key_phrases_at_a_crash(crashing_llama, capsys):
    code = cli.main(["segment", str(SAMPLE), "--format", "json", "-q", "--set", "runtime.threads=1",
                     "--set", f"components.segment.title.generator={CARD.name}"])
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in err
    doc = json.loads(out)
    assert doc["sections"] and all(s["title_source"] != "generated" for s in doc["sections"])
    assert any("segment titles from key phrases" in w and "SIGSEGV" in w for w in doc["meta"]["warnings"])
