# Two commands: `make run` serves the site with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export FLASK_APP := wsgi

.PHONY: install run test test-fast system-deps bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

system-deps:
	bash scripts/system-deps.sh

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask lms content import
	$(BIN)/flask lms demo
	@echo " * Open http://127.0.0.1:5000 (Ctrl-C stops the server and the task worker)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(BIN)/flask lms worker & \
	  $(BIN)/flask run --host 127.0.0.1 --port 5000

test: install system-deps
	$(BIN)/python -m pytest -q

test-fast: install
	$(BIN)/python -m pytest -q -m "not browser" -p no:cacheprovider

bench: install system-deps
	bash scripts/system-deps.sh bench
	$(BIN)/python bench/all.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
