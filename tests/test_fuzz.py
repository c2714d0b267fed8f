"""Bad input found by a machine: random bytes and hostile Unicode through the CLI and the Python API.

Each input ends either in a result whose offsets map back to the source exactly, or in one clear line
and a non-zero exit; never a traceback or an internal error.
"""

import contextlib
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import cli
from pipeline.errors import MtbriefError
from pipeline.pipeline import Pipeline
from pipeline.textio import decode_input

# Characters that break naive text code: combining marks, bidi controls, zero-width marks, C0/C1 controls,
# Unicode line and paragraph separators, NUL, a BOM, full-width punctuation, an astral emoji.
HOSTILE = (
    "\u0301\u0308\u20dd"  # combining marks
    "\u202e\u202d\u200f\u200e\u2066\u2069"  # right-to-left and isolate controls
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width marks
    "\x00\x07\x08\x0b\x0c\x1b\x1c\x1d\x1e\x7f\x85"  # controls, some of which str.splitlines() breaks on
    "\u2028\u2029"  # line and paragraph separators
    "。，：；（）％\u3000"  # full-width punctuation and space
    "\U0001f600"
)
WORDS = ["The", "meeting", "stressed", "output", "grew", "3.5%", "and", "and", "1.968", "million", "yuan",
         "January-July", ".", ",", "First,", "(1)", "I.", "--", "Xinhua", "\n", "\n\n", " "]

texts = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400),
    st.text(alphabet=st.sampled_from(HOSTILE + "ab .,\n"), max_size=300),
    st.lists(st.sampled_from(WORDS + list(HOSTILE)), max_size=120).map(" ".join),
    st.text(alphabet="0123456789.,%-", min_size=1, max_size=300),  # digits and number punctuation only
    st.text(alphabet=".,;:!?-()[]\"'\n ", min_size=1, max_size=300),  # punctuation only
)
FAST = {"runtime": {"threads": 1}, "components": {"summarize": {"method": "lead-k"}}}


@pytest.fixture(scope="module")
def segmenter() -> Pipeline:
    return Pipeline.from_config(overrides=FAST, upto="segment")


def check_offsets(doc) -> None:
    """Edits quote the source, are sorted and disjoint; every span maps back inside the source."""
    src, cleaned = doc.source, doc.cleaned
    last = 0
    rebuilt = []
    for e in doc.edits:
        assert last <= e.start <= e.end <= len(src)
        assert src[e.start : e.end] == e.before
        rebuilt.append(src[last : e.start] + e.after)
        last = e.end
    assert "".join(rebuilt) + src[last:] == cleaned
    for span in [*doc.sentences, *doc.paragraphs, *doc.sections]:
        assert 0 <= span.start <= span.end <= len(cleaned)
        lo, hi = doc.to_source(span.start, span.end)
        assert 0 <= lo <= hi <= len(src)
    for flag in doc.flags:
        assert src[flag.start : flag.end] == flag.before


def run_api(pipeline: Pipeline, text: str) -> None:
    try:
        doc = pipeline(decode_input(text.encode("utf-8", "surrogatepass")))
    except MtbriefError as err:  # a user-facing refusal is fine: it must say something
        assert str(err).strip() and "\n" not in str(err)
        return
    check_offsets(doc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_api_never_breaks_offsets(segmenter, text):
    run_api(segmenter, text)


@pytest.mark.parametrize(
    "text",
    [
        "word " * 40_000,  # one 200 KB line
        "\n\n".join(["A."] * 3000),  # thousands of tiny paragraphs
        "\n".join(["1. x"] * 2000),  # thousands of list items
        "." * 5000,
        "9" * 5000,
        "\u200b" * 1000 + "x",
        "The meeting \u202eheld\u202c a session. Output grew 3.5%\u2028in July.\x0cIt ended.",
    ],
)
def test_api_on_extreme_shapes(segmenter, text):
    run_api(segmenter, text)


def cli_run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def assert_clean_outcome(code: int, err: str) -> None:
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("[mtbrief]")]
    assert "Traceback" not in err and "internal error" not in err, err
    if code == 0:
        assert not [line for line in lines if line.startswith("mtbrief: error")], err
    else:
        assert len(lines) == 1 and lines[0].startswith("mtbrief: error:"), err


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=600), texts.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_cli_clean_on_random_bytes(tmp_path, data):
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    code, _, err = cli_run("clean", str(path), "--format", "json", "-q")
    assert_clean_outcome(code, err)


@pytest.mark.parametrize(
    "data, expected",
    [
        ("caf\udcff".encode("utf-8", "surrogateescape"), "not valid UTF-8"),
        ("\ud800 lone surrogate".encode("utf-8", "surrogatepass"), "not valid UTF-8"),
        (b"\xff\xfe" + "UTF-16 text".encode("utf-16-le"), "NUL byte"),
        (b"\x00" * 10, "NUL byte"),
    ],
)
def test_cli_refuses_undecodable_input_in_one_line(tmp_path, data, expected):
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    code, _, err = cli_run("segment", str(path), "-q")
    assert code != 0 and expected in err
    assert_clean_outcome(code, err)


def test_a_50_mb_input_is_refused_by_the_size_limit_without_reading_it(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:  # sparse: 50 MB on paper
        fh.truncate(50_000_000)
    real_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes",
                        lambda self: pytest.fail("the file was read") if self == big else real_read(self))
    code, _, err = cli_run("clean", str(big), "-q")
    assert code == 2 and "over the limit of 2,000,000" in err
    assert_clean_outcome(code, err)
