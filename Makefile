# The two commands of the quick start: `make run` and `make test`.
# Each sets up .venv (Python 3.11+) from pyproject.toml on first use.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck imports pytest install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

install: $(STAMP)

## Start the bot: console + embedded SQLite when no Slack/Discord token is set.
run: $(STAMP)
	$(BIN)/prepbot db upgrade
	$(BIN)/prepbot run

## Everything CI checks: lint, format, types, the import boundary, the test suite.
test: lint typecheck imports pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/pytest --cov --cov-report=term:skip-covered $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage
