# Onward. `make run` and `make test` install what they need (uv is bootstrapped if missing).
SHELL := /bin/bash
.DEFAULT_GOAL := help
TOOLS := .tools
UV := $(shell command -v uv 2>/dev/null || echo $(TOOLS)/bin/uv)
PYTEST_ARGS ?=

.PHONY: help run test test-fast lint fix bench bench-quick bench-hosted migrate vendor i18n docs uv sync

help:
	@echo "make run      start Onward on http://127.0.0.1:8765 (SQLite in your user data folder)"
	@echo "make test     run the whole test suite"
	@echo "make lint     ruff, mypy and the import contracts"
	@echo "make bench    run the benchmarks and write docs/benchmarks.md"

$(TOOLS)/bin/uv:
	@echo "uv not found: installing it into $(TOOLS)/ from PyPI"
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv

uv:
	@command -v uv >/dev/null 2>&1 || $(MAKE) --no-print-directory $(TOOLS)/bin/uv

sync: uv
	$(UV) sync --locked --quiet

run: sync
	$(UV) run --locked onward serve

test: sync
	$(UV) run --locked pytest $(PYTEST_ARGS)

test-fast: sync
	$(UV) run --locked pytest -m "not browser and not crash and not slow" $(PYTEST_ARGS)

lint: sync
	$(UV) run --locked ruff check src tests bench
	$(UV) run --locked ruff format --check src tests bench
	$(UV) run --locked mypy src
	$(UV) run --locked lint-imports

fix: sync
	$(UV) run --locked ruff check --fix src tests bench
	$(UV) run --locked ruff format src tests bench

bench: sync
	$(UV) run --locked python -m bench.run_all --out docs/benchmarks.md

bench-quick: sync
	$(UV) run --locked python -m bench.run_all --quick --out bench/out/benchmarks-quick.md

# Hosted mode under load (docs/hosting.md §5); needs ONWARD_TEST_DATABASE_URL.
bench-hosted: sync
	$(UV) run --locked python bench/hosted_load.py --clients 200 --workers 2 --out bench/out/hosted-load.md

migrate: sync
	$(UV) run --locked alembic upgrade head

docs: sync
	$(UV) run --locked python -m onward.cli.docgen > docs/cli.md

vendor:
	npm ci --no-audit --no-fund
	cp node_modules/htmx.org/dist/htmx.min.js src/onward/web/static/vendor/htmx.min.js
	cp node_modules/axe-core/axe.min.js tests/browser/vendor/axe.min.js

i18n: sync
	$(UV) run --locked pybabel extract -F babel.cfg -o src/onward/i18n/onward.pot src/onward
