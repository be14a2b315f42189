# followup: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8000

.PHONY: run test test-docker bench profile install dev lock hooks browser pdf lint typecheck migrations-check pytest screenshot clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "followup needs Python 3.11+"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Dependencies come from the pinned, hashed lock files (make lock writes them); the project
# itself is installed on top, editable, without resolving anything again.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

dev: $(VENV)/.installed-dev

## make lock: re-pin requirements.lock (runtime) and requirements-dev.lock (runtime + dev)
## from pyproject.toml with pip-tools, keeping every pin that still fits;
## LOCK_ARGS=--upgrade (or LOCK_ARGS='--upgrade-package NAME') moves them
LOCK_TOOLS := $(VENV)/lock-tools
PIP_COMPILE := $(LOCK_TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
  --strip-extras --no-emit-index-url --no-emit-find-links

$(LOCK_TOOLS)/bin/pip-compile:
	$(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/python -m pip install --quiet 'pip==26.3' 'pip-tools==7.6.2'

lock: $(LOCK_TOOLS)/bin/pip-compile
	$(PIP_COMPILE) $(LOCK_ARGS) --output-file=requirements.lock pyproject.toml
	$(PIP_COMPILE) $(LOCK_ARGS) --extra=dev --constraint=requirements.lock \
	  --output-file=requirements-dev.lock pyproject.toml
	@for f in requirements.lock requirements-dev.lock; do \
	  case $$f in requirements.lock) what="runtime dependencies";; \
	    *) what="runtime and dev dependencies";; esac; \
	  { printf '%s\n' \
	    "# followup's $$what, pinned with their hashes:" \
	    "#   pip install --require-hashes -r $$f" \
	    "# Locked for Linux x86_64 and CPython 3.11: environment markers are resolved for that" \
	    "# platform (uvloop and psycopg-binary, for instance, are platform-specific). The hashes cover" \
	    "# every file of each pinned release on PyPI and in the local indexes of pip's config." \
	    "# Do not edit: regenerate with \`make lock\` (pip-tools 7.6.2), which runs the command" \
	    "# below and adds these lines; LOCK_ARGS=--upgrade or LOCK_ARGS='--upgrade-package NAME'" \
	    "# moves pins." ; \
	    cat $$f; } > $$f.tmp && mv $$f.tmp $$f; \
	done

## make hooks: install the git pre-commit hook (.pre-commit-config.yaml: ruff, codespell)
hooks: dev
	$(BIN)/pre-commit install

## make run: install, migrate, load seed_data/, print a local admin token, serve on
## http://$(HOST):$(PORT) (SQLite default; anonymous reads open for the local dashboard)
run: install
	-@$(MAKE) -s pdf || echo "PDF tables need pango and fonts-noto-cjk (make pdf); the rest works without them"
	$(BIN)/followup db upgrade
	$(BIN)/followup load seed_data
	@echo "A local admin token (new at every run; the previous one is revoked):"
	@$(BIN)/followup token create --name local-admin --role admin --replace --quiet
	FOLLOWUP_PUBLIC_READ=$${FOLLOWUP_PUBLIC_READ:-true} $(BIN)/followup serve --host $(HOST) --port $(PORT)

## make test: lint, type checks, migration drift check and the whole test suite
## (on SQLite and PostgreSQL, browser tests in Debian's Chromium)
test: dev browser pdf lint typecheck migrations-check pytest

## Debian's Chromium for the browser tests (Playwright drives it; never a downloaded browser)
browser:
	@command -v chromium >/dev/null || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

## System libraries of the PDF implementation table: pango (WeasyPrint draws with it), Noto
## CJK (so Chinese prints) and poppler's pdftotext (the tests read PDFs back)
pdf:
	@{ ldconfig -p | grep -q libpango-1.0 && fc-list | grep -qi cjk && command -v pdftotext >/dev/null; } || { \
	  echo "installing pango, Noto CJK fonts and poppler-utils for PDF tables"; \
	  $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk poppler-utils; }

## make lint: formatting, lint (complexity included), spelling, and the layers' import contract
lint: dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/codespell
	$(BIN)/lint-imports

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
## 127.0.0.1 only); BENCH_ARGS=--write records docs/benchmarks.md; BENCH_ARGS=--postgres runs
## the PostgreSQL benchmark (1,000 reports, 5M evidence items, two instances) instead
bench: dev
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }
	$(BIN)/python -m tests.bench.run $(BENCH_ARGS)

## make profile: flame graphs (pyinstrument, HTML) of the status and import paths in .bench/
profile: dev
	$(BIN)/python -m tests.bench.profile

## make screenshot: docs/dashboard.png, the dashboard with the example evidence imported
screenshot: dev browser pdf
	$(BIN)/python -m tests.browser.take_screenshot docs/dashboard.png

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage
