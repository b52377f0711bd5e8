#!/usr/bin/env bash
# The production stack on this machine (`make stack`): the Procfile's gunicorn,
# Celery worker and Celery beat, with production settings, against PostgreSQL
# and Redis, on http://127.0.0.1:${PORT:-8000}. Uses DATABASE_URL and REDIS_URL
# when set; otherwise starts throwaway ones with scripts/services.sh (as root).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  # Two steps: a failure inside $(...) given straight to eval would go unnoticed.
  services=$(scripts/services.sh start "${STACK_DIR:-/tmp/participation-stack}")
  eval "$services"
fi
export DEBUG=false
export SECRET_KEY=${SECRET_KEY:-local-stack-only-not-secret}
# Plain HTTP on loopback; behind a real TLS proxy leave both at their defaults.
export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-false}
export SECURE_COOKIES=${SECURE_COOKIES:-false}
export PORTAL_BASE_URL=${PORTAL_BASE_URL:-http://127.0.0.1:${PORT:-8000}}
export LOG_FORMAT=${LOG_FORMAT:-text}

.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py collectstatic --noinput --verbosity 0
.venv/bin/python manage.py seed_demo
PATH="$PWD/.venv/bin:$PATH" exec .venv/bin/honcho start --procfile Procfile --port "${PORT:-8000}"
