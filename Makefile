# Set-up and the two main jobs. `make demo` writes report.html for the bundled demo corpus;
# `make test` runs the test suite. Both create .venv on first use (offline: torch from local disk).
VENV ?= .venv
PYTHON ?= python3

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q torch==2.13.0
	$(VENV)/bin/pip install -q -e '.[dev]'
	touch $@

.PHONY: setup demo test
setup: $(VENV)/.installed

demo: setup
	$(VENV)/bin/detector report datasets/demo/corpus.jsonl -o report.html

test: setup
	HF_HUB_OFFLINE=1 $(VENV)/bin/python -m pytest -q
