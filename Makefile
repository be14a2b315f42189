# followup: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install dev lint typecheck migrations-check pytest clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "followup needs Python 3.11+"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

dev: $(VENV)/.installed-dev

## make run: install, migrate, load seed_data/, serve on http://$(HOST):$(PORT) (SQLite default)
run: install
	$(BIN)/followup db upgrade
	$(BIN)/followup load seed_data
	$(BIN)/followup serve --host $(HOST) --port $(PORT)

## make test: lint, type checks, migration drift check and the whole test suite
test: dev lint typecheck migrations-check pytest

lint: dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck: dev
	$(BIN)/mypy app tests

migrations-check: dev
	@tmp=$$(mktemp -d) && trap 'rm -rf $$tmp' EXIT && \
	  FOLLOWUP_DATABASE_URL="sqlite:///$$tmp/check.db" $(BIN)/alembic upgrade head && \
	  FOLLOWUP_DATABASE_URL="sqlite:///$$tmp/check.db" $(BIN)/alembic check

pytest: dev
	$(BIN)/pytest --cov --cov-report=term-missing:skip-covered

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage
