# followup: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8000

.PHONY: run test test-docker bench profile install dev browser lint typecheck migrations-check pytest screenshot clean

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

## make run: install, migrate, load seed_data/, print a local admin token, serve on
## http://$(HOST):$(PORT) (SQLite default; anonymous reads open for the local dashboard)
run: install
	$(BIN)/followup db upgrade
	$(BIN)/followup load seed_data
	@echo "A local admin token (new at every run; the previous one is revoked):"
	@$(BIN)/followup token create --name local-admin --role admin --replace --quiet
	FOLLOWUP_PUBLIC_READ=$${FOLLOWUP_PUBLIC_READ:-true} $(BIN)/followup serve --host $(HOST) --port $(PORT)

## make test: lint, type checks, migration drift check and the whole test suite
## (on SQLite and PostgreSQL, browser tests in Debian's Chromium)
test: dev browser lint typecheck migrations-check pytest

## Debian's Chromium for the browser tests (Playwright drives it; never a downloaded browser)
browser:
	@command -v chromium >/dev/null || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

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
	FOLLOWUP_REQUIRE_BROWSER=1 $(BIN)/pytest -m "not docker" --cov --cov-report=term-missing:skip-covered

## make test-docker: build the Docker image and run it (slow; installs docker.io and
## debootstrap, starts dockerd, and makes the base image locally when no registry answers)
test-docker: dev
	@command -v dockerd >/dev/null && command -v debootstrap >/dev/null || { \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io debootstrap; }
	$(BIN)/pytest -m docker -p no:cacheprovider tests/docker

## make bench: figures against a bare FastAPI endpoint in the same run, with targets (wrk,
## 127.0.0.1 only); BENCH_ARGS=--write records docs/benchmarks.md
bench: dev
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }
	$(BIN)/python -m tests.bench.run $(BENCH_ARGS)

## make profile: flame graphs (pyinstrument, HTML) of the status and import paths in .bench/
profile: dev
	$(BIN)/python -m tests.bench.profile

## make screenshot: docs/dashboard.png, the dashboard with the example evidence imported
screenshot: dev browser
	@fc-list | grep -qi "cjk" || $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-noto-cjk
	$(BIN)/python -m tests.browser.take_screenshot docs/dashboard.png

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage
