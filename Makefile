# The two commands a newcomer needs: `make run` and `make test`. Everything else is set-up they call.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app saferoute
PORT ?= 5000
HOST ?= 127.0.0.1
INSTANCE := instance
PO_FILES := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)
SYSTEM_PACKAGES := chromium-headless-shell fonts-noto-core redis-server
# Python keeps the bytecode it compiles (__pycache__, git-ignored) even where the environment asks it not
# to: every test that starts gunicorn or the command line would compile each module again, 3.6 s a start.
unexport PYTHONDONTWRITEBYTECODE
# Set-up steps that do not need each other run at once (npm while uv installs, lint while keys are written).
MAKEFLAGS += --jobs=$(shell nproc)
# pytest-xdist workers for `make test`: one a core (each has its own Chromium, servers and temp dirs).
TEST_WORKERS ?= auto

.PHONY: help run test pytest lint security setup system-deps db messages catalogues clean

help: ## List every target with what it does
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

run: setup ## Set everything up and serve the site (SQLite) on HOST:PORT, 127.0.0.1:5000 by default
	$(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT) wsgi:app

# The tests run beside lint, Bandit and the rest of the set-up (the keys and database `make run` serves),
# not after them: with a job a core, those fill the time the test workers spend waiting on their browsers.
test: pytest lint security setup ## Set everything up and run every check and test (browser tests included)

pytest: $(VENV)/.installed static/vendor/htmx.min.js catalogues system-deps ## Only the tests (unit, view, browser), a worker a core
	$(BIN)/pytest --numprocesses $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(VENV)/.installed ## ruff check, ruff format --check, mypy (a worker a core) and vulture (configured in pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --num-workers auto
	$(BIN)/vulture

security: $(VENV)/.installed ## Bandit over saferoute/ (medium severity and above)
	$(BIN)/bandit --quiet --recursive --severity-level medium saferoute

setup: $(VENV)/.installed static/vendor/htmx.min.js catalogues $(INSTANCE)/secret_key $(INSTANCE)/hub_public.key db ## Install pinned packages, build front-end files, compile catalogues, write keys, migrate

# pyproject.toml's pins, installed by uv (from PyPI, pinned here): it fetches in parallel, a sixth of pip's
# time. It compiles no bytecode: Python compiles each module when it is first imported. uv itself comes
# by the system's pip when it has one: a venv's own pip costs 8 s to set up (it compiles all of itself).
UV := uv==0.13.9
PIP_INTO_VENV := $(PYTHON) -m pip --python $(BIN)/python
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv --without-pip $(VENV)
	if $(PIP_INTO_VENV) --version >/dev/null 2>&1; then \
	  $(PIP_INTO_VENV) install --quiet --disable-pip-version-check $(UV); \
	else \
	  $(BIN)/python -m ensurepip --default-pip && $(BIN)/pip install --quiet --disable-pip-version-check $(UV); \
	fi
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[test]'
	touch $@

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

static/vendor/htmx.min.js: node_modules/.package-lock.json
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js

catalogues: $(MO_FILES) ## Compile every translation catalogue (setup does this too)

# Every catalogue in one process (a grouped target: one run makes them all).
$(MO_FILES) &: $(PO_FILES) $(VENV)/.installed
	$(BIN)/pybabel compile --statistics --directory translations

# Secrets are written once, atomically, by a command; the app never makes its own.
$(INSTANCE)/secret_key: | $(VENV)/.installed
	$(FLASK) keys secret $@

$(INSTANCE)/hub_public.key: | $(VENV)/.installed
	$(FLASK) keys generate $(INSTANCE)

db: $(VENV)/.installed $(INSTANCE)/secret_key $(INSTANCE)/hub_public.key ## Bring the database up to the newest migration
	$(FLASK) db upgrade

messages: $(VENV)/.installed ## Extract translatable strings and update every catalogue
	$(BIN)/pybabel extract --mapping-file babel.cfg --keywords _l --keywords lazy_gettext --no-location --sort-output --project SafeRoute --copyright-holder SafeRoute --output-file translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete --input-file translations/messages.pot --output-dir translations

# Browser tests need Debian's headless Chromium and fonts for every script; storage tests need redis-server
# (PostgreSQL's binaries come with the `postgresql` package).
system-deps: ## Install Chromium, fonts, Redis and PostgreSQL from Debian if missing
	@missing=""; \
	for pkg in $(SYSTEM_PACKAGES); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

clean: ## Remove the virtualenv, node_modules and built files
	rm -rf $(VENV) node_modules static/vendor $(MO_FILES)
