"""The CLI on good and bad input: bad input gets one clear line and a non-zero exit."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT, SAMPLE

# The extractive summariser keeps these runs model-free and fast.
FAST = ["--set", "components.summarize.method=lead-k", "--set", "runtime.threads=1"]


def mtbrief(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True, cwd=cwd or ROOT, timeout=300
    )


def one_line_error(proc, code_min=1):
    assert proc.returncode >= code_min, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("mtbrief: error:"), proc.stderr
    assert "Traceback" not in proc.stderr
    return lines[0]


@pytest.fixture(scope="module")
def run_json():
    proc = mtbrief("run", str(SAMPLE), "--format", "json", "--quiet", *FAST)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_run_json_has_the_documented_keys(run_json):
    assert {"cleaned", "edits", "sections", "summary", "scores"} <= set(run_json)
    assert run_json["edits"] and {"start", "end", "before", "after", "rule", "reason"} <= set(run_json["edits"][0])
    assert run_json["sections"] and {"title", "start", "end"} <= set(run_json["sections"][0])
    assert run_json["summary"]["text"].strip()


def test_run_json_edits_quote_the_source(run_json):
    src = run_json["source"]
    for e in run_json["edits"]:
        assert src[e["start"] : e["end"]] == e["before"]


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "is empty"),
        (b"  \n\n ", "is empty"),
        (b"caf\xe9 au lait", "not valid UTF-8: byte 0xe9 at byte offset 3"),
        (b"PK\x03\x04\x00\x00binary", "looks binary: NUL byte at byte offset 4"),
    ],
)
def test_bad_input_files(tmp_path, content, expected):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    assert expected in one_line_error(mtbrief("clean", str(bad)))


def test_missing_file(tmp_path):
    assert "input file not found" in one_line_error(mtbrief("run", str(tmp_path / "nope.txt")))


def test_file_over_the_size_limit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("word " * 400)
    line = one_line_error(mtbrief("clean", str(big), "--set", "limits.max_input_bytes=1000"))
    assert "over the limit of 1,000" in line and "limits.max_input_bytes" in line


def test_bad_config_key_names_key_and_allowed(tmp_path):
    line = one_line_error(mtbrief("clean", str(SAMPLE), "--set", "components.clean.no_such_option=1"))
    assert "components.clean.no_such_option" in line and "allowed keys:" in line


def test_bad_config_value_names_allowed_values():
    line = one_line_error(mtbrief("summarize", str(SAMPLE), "--set", "components.summarize.method=magic"))
    assert "allowed values:" in line and "lead-k" in line


def test_missing_model_says_how_to_install():
    line = one_line_error(
        mtbrief("summarize", str(SAMPLE), "--set", "components.summarize.model=flan-t5-base", "--quiet")
    )
    assert "pip install" in line or "not installed" in line or "not found" in line


def test_output_never_overwrites_the_input(tmp_path):
    copy = tmp_path / "in.txt"
    original = SAMPLE.read_text(encoding="utf-8")
    copy.write_text(original, encoding="utf-8")
    line = one_line_error(mtbrief("clean", str(copy), "-o", str(copy), "--format", "text"))
    assert "refusing to overwrite the input" in line
    assert copy.read_text(encoding="utf-8") == original


def test_html_report_is_self_contained_with_tracked_changes(tmp_path):
    out = tmp_path / "report.html"
    proc = mtbrief("run", str(SAMPLE), "-o", str(out), *FAST)
    assert proc.returncode == 0, proc.stderr
    page = out.read_text(encoding="utf-8")
    assert "<del>" in page and "<ins>" in page and "data-tip=" in page
    assert 'class="outline"' in page and "onclick=\"return hl(" in page
    assert "<script src=" not in page and "<link " not in page  # nothing fetched from elsewhere
    assert proc.stdout.strip()  # the briefing is printed
    assert "[mtbrief]" in proc.stderr  # progress shown without --quiet


def test_clean_diff_and_text_formats():
    diff = mtbrief("clean", str(SAMPLE), "--format", "diff", "--quiet")
    assert diff.returncode == 0 and "[-" in diff.stdout and "edits:" in diff.stdout
    text = mtbrief("clean", str(SAMPLE), "--format", "text", "--quiet")
    assert text.returncode == 0 and "assessable, and assessable" not in text.stdout


def test_segment_markdown_prints_outline():
    proc = mtbrief("segment", str(SAMPLE), "--format", "markdown", "--quiet", "--set", "runtime.threads=1")
    assert proc.returncode == 0, proc.stderr
    assert "## Outline" in proc.stdout and proc.stdout.count("- **") >= 4


def test_argument_errors_exit_non_zero():
    proc = mtbrief("clean", str(SAMPLE), "--format", "pdf")
    assert proc.returncode == 2 and "invalid choice" in proc.stderr


def test_crlf_input_gets_the_same_layout_repairs(tmp_path):
    lf, crlf = tmp_path / "lf.txt", tmp_path / "crlf.txt"
    text = "Output rose at a fast pace, and\n\nextended its lead over the region in the first half.\n"
    lf.write_text(text)
    crlf.write_bytes(text.replace("\n", "\r\n").encode())
    outs = [mtbrief("clean", str(p), "--format", "text", "--quiet").stdout for p in (lf, crlf)]
    assert outs[0] == outs[1] and "and extended" in outs[0]


def test_output_into_a_folder_is_refused(tmp_path):
    assert "is a folder" in one_line_error(mtbrief("clean", str(SAMPLE), "-o", str(tmp_path)))


@pytest.mark.parametrize(
    "override, expected",
    [
        ("limits.max_input_bytes=", "must not be empty"),
        ("components.clean=", "components.clean: expected a mapping"),
        ("pipeline=clean", "'pipeline' must be a list"),
    ],
)
def test_malformed_overrides_get_one_line(override, expected):
    assert expected in one_line_error(mtbrief("clean", str(SAMPLE), "--set", override))
