# The two commands of the README's quick start, and their helpers.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= 2

.PHONY: run test install migrate demo lint check clean bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## make run: set up, migrate the SQLite file under var/, load the demo data, serve.
run: $(STAMP)
	mkdir -p var
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## make test: set up and run the suite (PostgreSQL if DATABASE_URL says so, else SQLite).
test: $(STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

check: $(STAMP)
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var .pytest_cache

## make bench: the benchmarks under bench/ (never part of the test suite), one
## after another, each on a fresh database (PostgreSQL's scf_bench if it answers
## on 127.0.0.1:5432, else SQLite; BENCH_DATABASE_URL or BENCH_DATABASE=sqlite
## to choose).
BENCHMARKS := call_page.py submission.py listings.py letters.py outcomes_dashboard.py impact_report.py

bench: $(STAMP)
	cd bench && for benchmark in $(BENCHMARKS); do \
		echo "=== bench/$$benchmark" && ../$(BIN)/python $$benchmark || exit 1; echo; \
	done
