# The two commands that set up everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint system-run system-test demo bench clean

$(INSTALLED): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

system-run:
	@scripts/system-packages run

system-test:
	@scripts/system-packages test

instance/config.py:
	@mkdir -p instance
	@$(PYTHON) -c "import secrets; print('SECRET_KEY = %r' % secrets.token_urlsafe(48))" > $@
	@chmod 600 $@
	@echo "Generated a SECRET_KEY in $@"

## make run: install, migrate, load the demo when the database is empty, serve on 127.0.0.1:5000
run: $(INSTALLED) system-run instance/config.py
	$(BIN)/hiring db upgrade
	$(BIN)/hiring rubric sync
	$(BIN)/hiring demo --if-empty
	$(BIN)/hiring run --host $(HOST) --port $(PORT)

## make test: install, lint, and run the whole suite on SQLite and PostgreSQL
test: $(INSTALLED) system-test lint
	$(BIN)/python -m pytest

lint: $(INSTALLED)
	$(BIN)/ruff check .

## make bench: seed a large data set, print issue 11's table on SQLite and PostgreSQL (15-20
## minutes) and rewrite the README's performance section from it (not part of make test)
bench: $(INSTALLED)
	@scripts/system-packages bench
	$(BIN)/python bench/run_all.py
	$(BIN)/python bench/readme.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
