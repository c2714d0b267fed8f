"""The llama.cpp build is portable: no AMX kernels (they crashed with SIGSEGV on CPUs that have AMX), and no
AVX-512 instructions unless this CPU has them (a wheel built with them dies with SIGILL elsewhere)."""

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest

SPEC = importlib.util.find_spec("llama_cpp")
pytestmark = pytest.mark.skipif(SPEC is None, reason="llama-cpp-python is not installed (make llama installs it)")


def native_libraries() -> list[Path]:
    lib = Path(SPEC.submodule_search_locations[0]) / "lib"
    return sorted(p for p in lib.glob("*.so*") if "ggml" in p.name or "llama" in p.name)


def cpu_flags() -> set[str]:
    text = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    match = re.search(r"^flags\s*:(.*)$", text, re.M)
    return set(match.group(1).split()) if match else set()


def test_no_amx_kernels_are_compiled_in():
    libs = native_libraries()
    assert libs, "llama_cpp ships no native libraries"
    for lib in libs:
        assert b"ggml_backend_amx" not in lib.read_bytes(), f"{lib.name} has AMX kernels: rebuild with `make llama`"


@pytest.mark.skipif(shutil.which("objdump") is None, reason="objdump (binutils) is not installed")
def test_no_avx512_instructions_on_a_cpu_without_avx512():
    if "avx512f" in cpu_flags():
        pytest.skip("this CPU has AVX-512: a build for it (make llama LLAMA_CPU=avx512) may use it")
    for lib in native_libraries():
        asm = subprocess.run(["objdump", "-d", "--no-show-raw-insn", str(lib)], capture_output=True, text=True).stdout
        assert "%zmm" not in asm, f"{lib.name} uses AVX-512, which this CPU lacks: it would die with SIGILL"
