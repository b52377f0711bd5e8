#!/usr/bin/env bash
# Throwaway PostgreSQL 15 and Redis on loopback, for CI and for trying the real
# stack locally. Run as root on Debian (the servers themselves run as postgres).
#   scripts/services.sh start DIR   - start both, data under DIR; prints the env to export
#   scripts/services.sh stop DIR    - stop both and remove DIR
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-55432}
REDIS_PORT=${REDIS_PORT:-6390}
cmd=${1:?usage: services.sh start|stop DIR}
dir=${2:?usage: services.sh start|stop DIR}

install_missing() {
  local need=()
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  [ -x "$PGBIN/initdb" ] || need+=(postgresql)
  if [ ${#need[@]} -gt 0 ]; then
    apt-get -o DPkg::Lock::Timeout=600 update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q "${need[@]}" >&2
  fi
}

start() {
  install_missing
  mkdir -p "$dir"; chmod 755 "$dir"   # postgres must reach its data dir inside
  if [ ! -d "$dir/pg" ]; then
    install -d -o postgres -g postgres -m 700 "$dir/pg" "$dir/sock" "$dir/pglog"
    runuser -u postgres -- "$PGBIN/initdb" -D "$dir/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! runuser -u postgres -- "$PGBIN/pg_ctl" -D "$dir/pg" status >/dev/null 2>&1; then
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$dir/pg" -l "$dir/pglog/server.log" -w -t 30 -o \
      "-p $PG_PORT -k $dir/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null
  fi
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt <<'SQL' >/dev/null
DO $$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app') THEN
    CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB;
  END IF;
END$$;
SELECT 'CREATE DATABASE app OWNER app' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'app')\gexec
SQL
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
      --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  fi
  until redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; do sleep 0.1; done
  echo "export DATABASE_URL=postgres://app:app@127.0.0.1:$PG_PORT/app"
  echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
}

stop() {
  [ -d "$dir/pg" ] && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$dir/pg" -m fast -w stop >/dev/null 2>&1 || true
  # The Redis this directory started, by its pid file: the port may differ
  # from REDIS_PORT now (a start with another REDIS_PORT), and a Redis on the
  # port that this directory did not start (already running) is not ours.
  if [ -s "$dir/redis.pid" ]; then
    pid=$(cat "$dir/redis.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$dir"
}

"$cmd"
