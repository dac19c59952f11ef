# Two commands on a fresh machine with Python 3.11+ and make:
#   make demo   create .venv, install s3engine, run the stress test on the shipped examples
#   make serve-demo  the same survey on the web, with example invitations (127.0.0.1:8000)
#   make test   create .venv, install s3engine with its test tools, run linters and tests
# Both install the exact versions pinned, with hashes, in requirements/*.txt, so that a new
# release of a dependency can never break them. Maintainers:
#   make lock          pin what pyproject.toml asks for (keeps the current pins where they fit)
#   make lock-upgrade  move every pin to the newest release pyproject.toml allows
#   make test-latest   the linters and tests against the newest allowed releases (.venv-latest)
#   make translations  s3engine's texts from the code into the catalogues (docs/translating.md)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= out
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check
LOCKS  := requirements/main.txt requirements/test.txt
# One lock for every platform and supported Python; hashes for every file of each pin.
UV      = $(BIN)/uv pip compile --quiet --universal --python-version 3.11
COMPILE = $(UV) --generate-hashes --no-header --annotation-style line \
          pyproject.toml requirements/build.in

.PHONY: demo test test-latest lint lint-tools pytest lock lock-upgrade docs clean install install-test \
        translations web-messages serve-demo

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements/main.txt pyproject.toml | $(BIN)/python
	$(PIP) --require-hashes --no-deps -r requirements/main.txt
	$(PIP) --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.installed-test: requirements/test.txt pyproject.toml | $(BIN)/python
	$(PIP) --require-hashes --no-deps -r requirements/test.txt
	$(PIP) --no-deps --no-build-isolation -e .
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: $(VENV)/.installed
	@$(BIN)/python examples/demo.py --out $(OUT)

# The web survey on the shipped questionnaires with example invitations (docs/web-survey.md):
# prints the links and the monitor's token, then serves on 127.0.0.1:8000 until Ctrl-C.
serve-demo: $(VENV)/.installed
	@$(BIN)/python examples/serve_demo.py --out $(OUT)/serve-demo

# The checks, run with the tools of $(BIN) (make test-latest runs them with .venv-latest).
lint-tools:
	$(BIN)/ruff check s3engine tests benchmarks examples scripts
	$(BIN)/ruff format --check s3engine tests benchmarks examples scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

# The suite on PYTEST_JOBS processes (pytest-xdist), then the tests that measure time or
# memory (marked `timing`) alone, so that no other test competes with them for a core.
PYTEST_JOBS ?= 2
pytest:
	$(BIN)/python -m pytest -q -n $(PYTEST_JOBS) -m "not timing"
	$(BIN)/python -m pytest -q -m timing

lint: $(VENV)/.installed-test
	@$(MAKE) --no-print-directory lint-tools

test: $(VENV)/.installed-test
	@$(MAKE) --no-print-directory lint-tools pytest

test-latest:
	rm -rf .venv-latest
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	.venv-latest/bin/python -m pip install --quiet --disable-pip-version-check --upgrade -e '.[test]'
	.venv-latest/bin/python -m pip list --format=freeze --exclude-editable
	@$(MAKE) --no-print-directory lint-tools pytest VENV=.venv-latest

lock: $(VENV)/.installed-test
	$(PIP) --require-hashes --no-deps -r requirements/lock.txt
	$(COMPILE) -o requirements/main.txt
	$(COMPILE) --extra test -o requirements/test.txt
	$(UV) --generate-hashes --no-header requirements/lock.in -o requirements/lock.txt

lock-upgrade: $(VENV)/.installed-test
	$(PIP) --require-hashes --no-deps -r requirements/lock.txt
	$(COMPILE) --upgrade -o requirements/main.txt
	$(COMPILE) --upgrade --extra test -o requirements/test.txt
	$(UV) --generate-hashes --no-header --upgrade requirements/lock.in -o requirements/lock.txt

# The texts of the code into the template, then the template into every catalogue. The
# keywords mark texts with a key or code as context (NP_, NNP_, Message) and parts (Phrase).
LOCALE := s3engine/i18n/locale
translations: $(VENV)/.installed-test
	$(BIN)/pybabel extract -F babel.cfg --no-default-keywords \
	    -k NP_:1c,2 -k NNP_:1c,2,3 -k Message:1c,2 -k Phrase --add-comments=Translators: \
	    --no-location --omit-header --sort-output -w 100 -o $(LOCALE)/s3engine.pot s3engine
	$(BIN)/pybabel update -D s3engine -i $(LOCALE)/s3engine.pot -d $(LOCALE) \
	    --previous --ignore-obsolete -w 100

# The pages of docs/ generated from the tool: the command reference in docs/cli.md (from the
# parsers behind --help) and docs/glossary.md. Tests check both.
docs: $(VENV)/.installed
	$(BIN)/python -m s3engine.cli.docs
# The web survey's own texts (docs/web-survey.md, "Translations"): extract them from the
# templates and code into web.pot, then merge new texts into each language's web.po.
WEB_LOCALE := s3engine/i18n/locale
web-messages: $(VENV)/.installed-test
	$(BIN)/pybabel extract -F s3engine/web/babel.cfg -k N_ --add-location=file --sort-by-file \
	  --no-wrap --project=s3engine --copyright-holder="s3engine developers" \
	  -o $(WEB_LOCALE)/web.pot .
	$(BIN)/pybabel update -D web -i $(WEB_LOCALE)/web.pot -d $(WEB_LOCALE) --no-wrap \
	  --ignore-obsolete

clean:
	rm -rf $(VENV) .venv-latest $(OUT) build dist .pytest_cache .mypy_cache .ruff_cache
