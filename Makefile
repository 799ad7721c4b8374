# Fairmarket — `make demo` runs the product, `make test` runs every check. Both set up .venv first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
POSTGRES_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test
CHROMIUM ?= /usr/bin/chromium
DEMO_ARGS ?=

REDOCLY_VERSION := 2.77.0

.PHONY: setup demo test browser lint typecheck contracts openapi-lint drift test-sqlite test-postgres bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $@

demo: setup
	$(BIN)/fairmarket db upgrade
	$(BIN)/fairmarket demo $(DEMO_ARGS)

browser:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Debian's chromium: run 'sudo apt-get install chromium'"; exit 1; \
	fi

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: setup
	$(BIN)/mypy src

contracts: setup
	$(BIN)/lint-imports

# The OpenAPI document passes Redocly's recommended rules with warnings as errors.
openapi-lint: setup
	@command -v npm >/dev/null || { echo "openapi-lint needs Node.js and npm: apt-get install nodejs npm"; exit 1; }
	@mkdir -p var
	$(BIN)/fairmarket openapi --output var/openapi.json >/dev/null
	npm install --silent --no-audit --no-fund --prefix var/redocly @redocly/cli@$(REDOCLY_VERSION)
	var/redocly/node_modules/.bin/redocly lint var/openapi.json --extends recommended-strict

drift: setup
	@mkdir -p var
	rm -f var/drift.sqlite3
	FAIRMARKET_DATABASE_URL=sqlite:///var/drift.sqlite3 $(BIN)/fairmarket db upgrade
	FAIRMARKET_DATABASE_URL=sqlite:///var/drift.sqlite3 $(BIN)/fairmarket db check
	FAIRMARKET_TEST_DATABASE_URL=$(POSTGRES_TEST_URL) $(BIN)/python -m tests.support.postgres_drift

test-sqlite: setup browser
	$(BIN)/pytest -q -p no:cacheprovider

test-postgres: setup
	FAIRMARKET_TEST_DATABASE_URL=$(POSTGRES_TEST_URL) $(BIN)/pytest -q -p no:cacheprovider -m "not e2e"

test: setup browser lint typecheck contracts openapi-lint drift test-sqlite test-postgres
	@echo "all checks passed"

bench: setup
	$(BIN)/python -m bench.api.run
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[bench]' && $(BIN)/python -m bench.rules.run

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
