# The two commands: `make run` (set up and serve with demo data) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Links in the demo's emails and notifications point at the port the portal is served on.
PORTAL_BASE_URL ?= http://127.0.0.1:$(PORT)
export PORTAL_BASE_URL
PYTEST_ARGS ?=

.PHONY: run test setup test-setup migrate seed lint format messages clean help

help:
	@echo "make run    - set up .venv, migrate, load demo data, serve on http://127.0.0.1:$(PORT)"
	@echo "make test   - install dev requirements if needed and run the whole suite"
	@echo "make lint   - ruff check and format check"

$(VENV)/.requirements: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed (set PYTHON=python3.11)")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.requirements-dev: requirements-dev.txt $(VENV)/.requirements
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.requirements

test-setup: $(VENV)/.requirements-dev

migrate: setup
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: test-setup
	$(PY) -m pytest -n $${PYTEST_WORKERS:-2} $(PYTEST_ARGS)

lint: test-setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: test-setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Needs GNU gettext (msgfmt); the compiled .mo files are committed so `make run` does not.
messages: setup
	$(PY) manage.py makemessages -a --ignore=.venv --ignore=tests --ignore=bench -e html,txt,py
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
