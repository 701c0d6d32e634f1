# The two commands that matter are `make run` and `make test`; each builds its own
# virtual environment in .venv from the pinned requirements on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Tests run in parallel (pytest-xdist), one worker per core up to four: each worker has
# its own test database and browser, so more would cost memory for little gain.
PYTEST_WORKERS ?= $(shell $(PYTHON) -c 'import os; print(min(4, os.cpu_count() or 1))')
PYTEST_ARGS ?=
SOAK_SECONDS ?= 60
SOAK_CONNECTIONS ?= 32

.PHONY: help run test lint format check-python migrate demo clean backup restore soak bench bench-smoke

help:
	@echo "make run    - install, migrate SQLite, load the demo content and serve http://127.0.0.1:8000"
	@echo "make test   - install dev tools, lint, then run every test (unit, integration, browser)"
	@echo "make lint   - ruff check and ruff format --check"
	@echo "make format - rewrite the code with ruff's formatter and fixes"
	@echo "make backup - database, media and private media into one dated archive in ./backups (BACKUP_DIR)"
	@echo "make restore ARCHIVE=backups/….tar.gz [REPLACE=yes] - say what a restore would replace; do it with REPLACE=yes"
	@echo "make bench  - gunicorn + production settings on the scale data; wrk measures every public page cached and uncached against a static file (BENCH_SHORT=1 or make bench-smoke for a quick run)"
	@echo "make soak   - gunicorn + production settings under $(SOAK_CONNECTIONS) connections for $(SOAK_SECONDS) s (SOAK_SECONDS=10 for a short one)"

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
		{ echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))."; exit 1; }

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime-installed

run: $(VENV)/.runtime-installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py create_demo_admin
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	DJANGO_SETTINGS_MODULE=site_config.settings.test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=site_config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

backup: $(VENV)/.runtime-installed
	$(BIN)/python manage.py backup

restore: $(VENV)/.runtime-installed
	@test -n "$(ARCHIVE)" || { echo "Usage: make restore ARCHIVE=backups/coproweek-backup-<date>.tar.gz [REPLACE=yes]"; exit 2; }
	$(BIN)/python manage.py restore "$(ARCHIVE)" $(if $(filter yes,$(REPLACE)),--replace,)

# Needs wrk: sudo apt-get install wrk (Debian/Ubuntu) or brew install wrk (macOS).
# The first run builds bench-results/bench.sqlite3 with the demo and the scale data
# (a few minutes); BENCH_DATABASE_URL=postgres://… benchmarks PostgreSQL instead.
bench: $(VENV)/.runtime-installed
	@command -v wrk >/dev/null 2>&1 || { echo "wrk is not installed: sudo apt-get install wrk (or brew install wrk)"; exit 1; }
	$(BIN)/python manage.py bench $(if $(BENCH_SHORT),--short,)

bench-smoke:
	$(MAKE) bench BENCH_SHORT=1

soak: $(VENV)/.runtime-installed
	$(BIN)/python manage.py soak --seconds $(SOAK_SECONDS) --connections $(SOAK_CONNECTIONS)

clean:
	rm -rf $(VENV) staticfiles .test-media
