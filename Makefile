# Fairmarket — `make demo` runs the product, `make test` runs every check. Both set up .venv first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
POSTGRES_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test
CHROMIUM ?= /usr/bin/chromium
DEMO_ARGS ?=

REDOCLY_VERSION := 2.77.0
AXE_CORE_VERSION := 4.11.0
SDK_GENERATOR := var/sdk-generator

.PHONY: setup demo test browser axe lint typecheck contracts openapi-lint sdk sdk-check drift test-sqlite test-postgres bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt sdk/python/setup.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]' -e sdk/python
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

# axe-core, injected into every page by tests/e2e/test_pages_look.py (pinned, installed into var/).
axe: var/axe/.installed-$(AXE_CORE_VERSION)

var/axe/.installed-$(AXE_CORE_VERSION):
	@command -v npm >/dev/null || { echo "the page tests need Node.js and npm for axe-core: apt-get install nodejs npm"; exit 1; }
	@mkdir -p var/axe
	npm install --silent --no-audit --no-fund --prefix var/axe axe-core@$(AXE_CORE_VERSION)
	@touch $@

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

# The Python SDK (sdk/python) is generated from the document by openapi-python-client, in a
# venv of its own with pinned versions; sdk-check (in make test) fails when it is out of date.
$(SDK_GENERATOR)/.installed: sdk/generator-constraints.txt
	@test -x $(SDK_GENERATOR)/bin/python || $(PYTHON) -m venv $(SDK_GENERATOR)
	$(SDK_GENERATOR)/bin/python -m pip install --quiet --disable-pip-version-check -r sdk/generator-constraints.txt
	@touch $@

sdk: setup $(SDK_GENERATOR)/.installed
	@mkdir -p var
	$(BIN)/fairmarket openapi --output var/openapi.json >/dev/null
	PATH="$(CURDIR)/$(SDK_GENERATOR)/bin:$$PATH" $(SDK_GENERATOR)/bin/openapi-python-client generate \
		--path var/openapi.json --config sdk/generator.yaml --meta setup --output-path sdk/python --overwrite

sdk-check: setup $(SDK_GENERATOR)/.installed
	@mkdir -p var && rm -rf var/sdk-check
	$(BIN)/fairmarket openapi --output var/openapi.json >/dev/null
	PATH="$(CURDIR)/$(SDK_GENERATOR)/bin:$$PATH" $(SDK_GENERATOR)/bin/openapi-python-client generate \
		--path var/openapi.json --config sdk/generator.yaml --meta setup --output-path var/sdk-check >/dev/null
	@diff -r -q -x .ruff_cache -x '*.egg-info' -x __pycache__ sdk/python var/sdk-check || { echo "sdk/python is out of date with the OpenAPI document: run 'make sdk' and commit it"; exit 1; }

drift: setup
	@mkdir -p var
	rm -f var/drift.sqlite3
	FAIRMARKET_DATABASE_URL=sqlite:///var/drift.sqlite3 $(BIN)/fairmarket db upgrade
	FAIRMARKET_DATABASE_URL=sqlite:///var/drift.sqlite3 $(BIN)/fairmarket db check
	FAIRMARKET_TEST_DATABASE_URL=$(POSTGRES_TEST_URL) $(BIN)/python -m tests.support.postgres_drift

test-sqlite: setup browser axe
	$(BIN)/pytest -q -p no:cacheprovider

test-postgres: setup
	FAIRMARKET_TEST_DATABASE_URL=$(POSTGRES_TEST_URL) $(BIN)/pytest -q -p no:cacheprovider -m "not e2e"

test: setup browser lint typecheck contracts openapi-lint sdk-check drift test-sqlite test-postgres
	@echo "all checks passed"

bench: setup
	$(BIN)/python -m bench.api.run
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[bench]' && $(BIN)/python -m bench.rules.run

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
