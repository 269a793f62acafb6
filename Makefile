# Two commands: `make run` serves the site with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export FLASK_APP := wsgi
# `make run HOST=0.0.0.0 PORT=5050`: the development base URL (QR codes, emailed links) follows them
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install run test test-fast lint system-deps bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

system-deps:
	bash scripts/system-deps.sh

run: export FLASK_RUN_HOST := $(HOST)
run: export FLASK_RUN_PORT := $(PORT)
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask lms content import
	$(BIN)/flask lms demo
	@echo " * Open http://$(HOST):$(PORT) (Ctrl-C stops the server and the task worker)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(BIN)/flask lms worker & \
	  $(BIN)/flask run --host $(HOST) --port $(PORT)

test: install system-deps
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .

test-fast: install
	$(BIN)/python -m pytest -q -m "not browser" -p no:cacheprovider

bench: install system-deps
	bash scripts/system-deps.sh bench
	LMS_LOAD_TEST=long $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_load.py
	$(BIN)/python bench/all.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
