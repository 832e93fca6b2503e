# Two commands for a newcomer: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: install demo test unit integration lint bench clean stack-down

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[local,dev,bench]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/pipeline demo

test: install
	$(VENV)/bin/ruff check pipeline tests
	$(VENV)/bin/mypy
	$(PY) -m pytest -q tests

unit: install
	$(PY) -m pytest -q tests/unit

integration: install
	$(PY) -m pytest -q tests/integration tests/e2e

lint: install
	$(VENV)/bin/ruff check pipeline tests
	$(VENV)/bin/ruff format --check pipeline tests
	$(VENV)/bin/mypy

stack-down:
	-$(VENV)/bin/pipeline stack down

clean: stack-down
	rm -rf $(VENV) .state .pytest_cache .mypy_cache .ruff_cache
