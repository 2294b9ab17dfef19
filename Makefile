# Two commands set everything up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# Python >= 3.12: the version in .python-version via pyenv, else python3.13/python3.12 on PATH.
BOOT_PYTHON ?= $(shell pyenv which python 2>/dev/null || ls $$HOME/.pyenv/versions/$$(cat .python-version)/bin/python 2>/dev/null || command -v python3.13 || command -v python3.12)
BENCH_DB ?= postgres://postgres@127.0.0.1:5432/mantelzorg_bench
PORT ?= 8000

.PHONY: install run test test-fast test-no-browser test-postgres lint format bench clean superuser demo-accounts demo-code messages

$(VENV)/.installed: pyproject.toml requirements.lock
	@test -n "$(BOOT_PYTHON)" || { echo "Geen Python >= 3.12 gevonden (zie .python-version)."; exit 1; }
	@$(BOOT_PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { echo "$(BOOT_PYTHON) is ouder dan 3.12."; exit 1; }
	test -x $(PY) || $(BOOT_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==26.3
	$(PY) -m pip install --quiet --group dev -c requirements.lock
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py load_reference_data
	$(PY) manage.py load_demo_catalogue
	@echo "Site: http://127.0.0.1:$(PORT)  (the task worker runs beside it; Ctrl+C stops both)"
	@trap 'trap - EXIT INT TERM; kill $$(jobs -p) 2>/dev/null; wait; exit 0' EXIT INT TERM; \
	  SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py run_worker & \
	  SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT) & \
	  wait -n; echo "make run stopt: de site en de worker zijn gestopt."

# The first superuser; on first sign-in they confirm their e-mail and set up two-factor login.
superuser: install
	$(PY) manage.py createsuperuser

# Demo staff accounts on the demo catalogue (development only); prints one new password.
demo-accounts: install
	$(PY) manage.py load_demo_accounts

# A demo account's current two-step code: make demo-code EMAIL=consulent.middendrenthe@demo.example.org
demo-code:
	@$(PY) manage.py demo_code $(EMAIL)

# The portal's texts in the other languages (issue 26.5; Dutch is the source): find every
# marked text in the code (new ones come in empty, changed ones lose their old translation),
# compile, and list what still needs a translation. See "Translations" in the README.
LOCALES := en pl tr ar
messages: install
	$(PY) manage.py makemessages $(addprefix -l ,$(LOCALES)) --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'staticfiles/*' --ignore 'test-artifacts/*'
	@for l in $(LOCALES); do \
	  po=locale/$$l/LC_MESSAGES/django.po; \
	  msgattrib --clear-fuzzy --empty --no-obsolete $$po -o $$po; \
	  sed -i '/^"POT-Creation-Date: /d' $$po; \
	  msgfmt --check -o locale/$$l/LC_MESSAGES/django.mo $$po; \
	  echo "$$l: $$(msgfmt --statistics -o /dev/null $$po 2>&1)"; \
	done

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The whole suite on the database in DATABASE_URL (SQLite when unset): the tests that need no
# browser on every core (pytest-xdist, a module's tests on one worker, as they share module
# fixtures), then the browser tests on two workers, each with its own live server, database
# and Chromium, test by test (a module's journeys are long: by module one worker idled).
# Two, not one per core: each worker drives a browser and a server (6:08 alone, 4:02 on two).
XDIST := -n auto --dist loadscope
BROWSER_XDIST := -n 2 --dist load
test: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(XDIST) -m "not browser"
	$(VENV)/bin/pytest $(BROWSER_XDIST) -m browser

# All day long: no browser, nothing slow (servers, subprocesses, big files).
test-fast: install
	$(VENV)/bin/pytest $(XDIST) -m "not browser and not slow"

# CI's SQLite pass: everything except the browser tests, which CI runs on PostgreSQL.
test-no-browser: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(XDIST) -m "not browser"

test-postgres:
	createdb -h 127.0.0.1 -U postgres mantelzorg 2>/dev/null || true
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/mantelzorg $(MAKE) test

# Large catalogue in PostgreSQL, served by gunicorn, measured against a trivial view.
bench: install
	$(PY) scripts/bench.py --database-url $(BENCH_DB)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles bench-results.json
