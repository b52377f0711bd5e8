# The two commands (see README.md):
#   make run   - install everything, migrate, load demo data, serve on :8000 (embedded)
#   make test  - run the whole suite (PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run test lint clean stack bench-notifications bench-feeds

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static/build/portal.css: node_modules/.installed static/scss/portal.scss
	npm run build

install: $(VENV)/.installed static/build/portal.css

# Links in emails point at the port the portal runs on, unless PORTAL_BASE_URL says.
RUN_ENV = DEBUG=true PORTAL_BASE_URL=$${PORTAL_BASE_URL:-http://$(HOST):$(PORT)}

run: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py seed_demo
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# Tests run with production-like settings (DEBUG off), hashed static files and a
# throwaway key. Tasks run in-process unless a test starts a real worker.
test: install
	EMBEDDED=true SECRET_KEY=test-only-not-secret $(PY) manage.py collectstatic --noinput --verbosity 0
	EMBEDDED=true SECRET_KEY=test-only-not-secret SECURE_SSL_REDIRECT=false CELERY_TASK_ALWAYS_EAGER=true $(PY) -m pytest $(PYTEST_ARGS)

# The production processes (Procfile) against PostgreSQL and Redis, with
# production settings, on :8000. See README, "Running in production".
stack: install
	scripts/stack.sh

lint: install
	$(VENV)/bin/ruff check .
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules static/build staticfiles

# Benchmarks: the real stack must be up (DATABASE_URL, REDIS_URL), e.g.
#   eval "$$(scripts/services.sh start /tmp/portal-services)"
bench-notifications: install
	$(PY) bench/notifications.py

bench-feeds: install
	$(PY) bench/feeds.py

# Pages under load on the real stack (gunicorn, PostgreSQL, Redis): generates
# the data once, signs in virtual users, writes bench/results/pages-scale1.*.
# Uses DATABASE_URL/REDIS_URL when set, else starts throwaway ones (as root).
#   make bench BENCH_ARGS="--scale 10"
BENCH_ARGS ?=
.PHONY: bench
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)
