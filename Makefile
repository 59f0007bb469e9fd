# Vigie — every command a newcomer needs. `make run` and `make test` do all the set-up on a fresh machine.
SHELL := /bin/bash
VENV := .venv
PYTHON ?= python3
VIGIE := $(VENV)/bin/vigie
export VIGIE_DATA_DIR ?= $(CURDIR)/var
PYTEST_ARGS ?=

.PHONY: install run test test-fast quality format browser-deps demo worker clean

include mk/mail.mk

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Headless Chromium (Debian's package, never a browser download) and axe-core for the accessibility tests.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installation de Chromium (paquet Debian)…"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium; }
	@test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund --loglevel=error

run: install
	$(VIGIE) migrate --noinput
	$(VIGIE) createcachetable
	$(VIGIE) demo
	$(VIGIE) worker --batch --no-schedule
	@echo "Vigie : http://127.0.0.1:8000"
	$(VIGIE) runserver 127.0.0.1:8000

demo: install
	$(VIGIE) migrate --noinput
	$(VIGIE) createcachetable
	$(VIGIE) demo
	$(VIGIE) worker --batch --no-schedule

worker: install
	$(VIGIE) worker

test: install browser-deps mail-deps
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Without the browser tests (no Chromium needed).
test-fast: install mail-deps
	$(VENV)/bin/pytest -m "not browser" $(PYTEST_ARGS)

# Format, lint, the layers of docs/architecture.md (import-linter, contract in pyproject.toml), migrations.
quality: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(VIGIE) makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules var
