# The two commands of the README's quick start, and their helpers.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= 2

.PHONY: run test install lock migrate demo lint check clean bench

# Every package at the version, and with the SHA-256, that the lock file
# names (pip-tools; README, "The lock file"); then the project itself.
LOCK := requirements/dev.txt
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(LOCK_ARGS)

$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

## make lock: resolve requirements/production.txt and requirements/dev.txt
## again from pyproject.toml, after a dependency there changed.
## LOCK_ARGS="--upgrade" (everything) or LOCK_ARGS="-P django" (one package)
## moves pinned versions on.
lock: $(STAMP)
	$(PIP_COMPILE) --build-deps-for wheel -o requirements/production.txt pyproject.toml
	$(PIP_COMPILE) --build-deps-for editable --extra test -c requirements/production.txt \
		-o requirements/dev.txt pyproject.toml

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
