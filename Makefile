# tiex: `make run` serves the site, `make test` runs the whole suite.
# Both work on a fresh clone: they install what they need first.

PYTHON ?= python3.11
DATA_DIR ?= $(abspath ../shared/data)
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/tiex
UV_VERSION := 0.13.9

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
export TIEX_DATA_DIR := $(DATA_DIR)

.DEFAULT_GOAL := help
.PHONY: help install run serve bootstrap test test-sqlite test-postgres check lint types templates migrations-check lock bench clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*##"} /^[a-zA-Z_-]+:.*##/ {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --python $(PY) -r requirements.txt -r requirements-dev.txt
	$(BIN)/uv pip install --quiet --python $(PY) --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

FRONTEND_OUT := tiex/core/static/build
$(FRONTEND_OUT)/tiex.css: Makefile node_modules/.installed $(wildcard tiex/core/frontend/*.scss)
	mkdir -p $(FRONTEND_OUT)/govuk $(FRONTEND_OUT)/swagger-ui $(FRONTEND_OUT)/leaflet
	npx sass --no-source-map --style=compressed --quiet-deps --load-path=node_modules tiex/core/frontend/tiex.scss $@
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(FRONTEND_OUT)/govuk/
	rm -rf $(FRONTEND_OUT)/govuk/assets && mkdir -p $(FRONTEND_OUT)/govuk/assets
	cp -R node_modules/govuk-frontend/dist/govuk/assets/images $(FRONTEND_OUT)/govuk/assets/
	# swagger-ui.css names its source map, which the production static storage (manifest) must find.
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css node_modules/swagger-ui-dist/swagger-ui.css.map $(FRONTEND_OUT)/swagger-ui/
	# leaflet.js names its source map too; the images are for leaflet.css's own controls.
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css $(FRONTEND_OUT)/leaflet/
	rm -rf $(FRONTEND_OUT)/leaflet/images && cp -R node_modules/leaflet/dist/images $(FRONTEND_OUT)/leaflet/

install: $(VENV)/.installed $(FRONTEND_OUT)/tiex.css ## Create .venv, install Python and npm dependencies, build CSS

bootstrap: install ## Migrate and load the reference data (from DATA_DIR) if missing
	mkdir -p var
	$(BIN)/tiex bootstrap

run: bootstrap ## Install, migrate, load reference data and serve on http://127.0.0.1:8000
	$(BIN)/tiex manage collectstatic --no-input --verbosity 0
	$(BIN)/tiex serve --port $(PORT)

test: install ## Run the whole suite on SQLite, then on PostgreSQL when it is reachable
	$(MAKE) --no-print-directory test-sqlite
	@if $(PY) -m tiex.core.pgcheck "$(PG_URL)"; then \
		$(MAKE) --no-print-directory test-postgres; \
	elif [ -n "$$TIEX_REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL at $(PG_URL) is required (TIEX_REQUIRE_POSTGRES) but not reachable." >&2; exit 1; \
	else \
		echo "SKIPPED: the PostgreSQL leg (no server at $(PG_URL)); SQLite leg passed."; \
	fi

test-sqlite: install
	@echo "== Test suite on SQLite =="
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install
	@echo "== Test suite on PostgreSQL ($(PG_URL)) =="
	DATABASE_URL="$(PG_URL)" $(BIN)/pytest --create-db -m "not browser" $(PYTEST_ARGS)

check: lint types templates migrations-check test ## Lint, types, template lint, migrations check, then the tests

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install
	$(BIN)/mypy tiex config

templates: install
	$(BIN)/djlint --lint templates tiex

migrations-check: install
	mkdir -p var
	DJANGO_SETTINGS_MODULE=config.settings_test $(BIN)/tiex manage makemigrations --check --dry-run

bench: install ## Benchmarks: budgets as ratios in one run (BENCH_ARGS=--quick; DATABASE_URL=postgres://.../tiex_bench for PostgreSQL)
	DATABASE_URL="$(DATABASE_URL)" $(BIN)/tiex bench $(BENCH_ARGS)
	@case "$(DATABASE_URL)" in postgres*) echo "(PostgreSQL: the SQLite-only comparison, search and map benchmarks are skipped)";; *) \
	$(PY) benchmarks/assessments.py $(filter --quick,$(BENCH_ARGS)) && \
	$(PY) benchmarks/search.py && \
	$(PY) benchmarks/map.py;; esac

lock: ## Re-pin dependencies (requirements*.txt) from requirements*.in
	$(BIN)/uv pip compile requirements.in -p 3.11 -o requirements.txt --generate-hashes -q
	$(BIN)/uv pip compile requirements-dev.in -p 3.11 -o requirements-dev.txt --generate-hashes -q

clean: ## Remove the virtual environment, node_modules, built assets and var/
	rm -rf $(VENV) node_modules $(FRONTEND_OUT) var
