# Two commands on a fresh machine with Python 3.11+ and make:
#   make demo   create .venv, install s3engine, run the stress test on the shipped examples
#   make test   create .venv, install s3engine with its test tools, run linters and tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: demo test lint clean install install-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: $(VENV)/.installed
	@$(BIN)/python examples/demo.py --out $(OUT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check s3engine tests benchmarks examples
	$(BIN)/ruff format --check s3engine tests benchmarks examples
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(OUT) build dist .pytest_cache .mypy_cache .ruff_cache
