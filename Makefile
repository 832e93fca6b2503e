# Two commands for a newcomer: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: install browser demo test unit integration lint bench clean stack-down

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[local,dev,bench]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/pipeline demo

# The desk's browser tests drive Debian's headless Chromium (a browser download of
# its own is impossible here). Installed with apt when missing; needs root.
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver; \
		else echo "the desk tests need chromium and chromium-driver: sudo apt-get install chromium chromium-driver" >&2; exit 1; fi; \
	fi

test: install browser
	$(VENV)/bin/ruff check pipeline tests
	$(VENV)/bin/mypy
	$(PY) -m pytest -q -n 2 tests/unit
	$(PY) -m pytest -q tests/integration tests/e2e

# The unit tests are CPU-bound and independent: spread over both cores. The
# services' tests stay in one process (their fault timings share the machine).
unit: install
	$(PY) -m pytest -q -n 2 tests/unit

integration: install browser
	$(PY) -m pytest -q tests/integration tests/e2e

lint: install
	$(VENV)/bin/ruff check pipeline tests
	$(VENV)/bin/ruff format --check pipeline tests
	$(VENV)/bin/mypy

stack-down:
	-$(VENV)/bin/pipeline stack down

clean: stack-down
	rm -rf $(VENV) .state .pytest_cache .mypy_cache .ruff_cache
