"""Where output goes: a bad -o path is one clear line, and only regular files are ever replaced."""

import os
import stat
from pathlib import Path

import pytest

from conftest import SAMPLE
from pipeline import cli
from pipeline.textio import write_output

CLEAN = ["clean", str(SAMPLE), "-q"]


def errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


def test_output_under_a_file_is_one_clear_error(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("Output grew 3.5% in July.", encoding="utf-8")
    code = cli.main(["clean", str(good), "-q", "-o", str(good / "x.md")])
    err = capsys.readouterr().err
    assert code != 0 and "internal error" not in err
    assert len(errors(err)) == 1 and errors(err)[0].startswith("mtbrief: error: cannot write")
    assert good.read_text(encoding="utf-8") == "Output grew 3.5% in July."  # the input is untouched


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full is not on this system")
def test_a_full_device_is_an_error_and_stays_a_device(capsys):
    code = cli.main([*CLEAN, "-o", "/dev/full"])
    err = capsys.readouterr().err
    assert code != 0 and "No space left on device" in err and len(errors(err)) == 1
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_dev_null_is_written_in_place_not_replaced(capsys):
    assert cli.main([*CLEAN, "-o", "/dev/null", "--format", "json"]) == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_is_written_in_place(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_output(fifo, "hello")
        assert os.read(reader, 100) == b"hello"
        assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    finally:
        os.close(reader)


def test_a_regular_file_is_replaced_atomically_and_bytes_are_written_as_given(tmp_path):
    out = tmp_path / "out.bin"
    out.write_text("old", encoding="utf-8")
    write_output(out, b"\x00\x01new")
    assert out.read_bytes() == b"\x00\x01new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]  # no temporary file left behind


def test_a_folder_as_output_is_refused(tmp_path, capsys):
    code = cli.main([*CLEAN, "-o", str(tmp_path)])
    err = capsys.readouterr().err
    assert code != 0 and "folder" in err and len(errors(err)) == 1
