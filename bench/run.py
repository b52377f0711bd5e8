"""Pages under load on the real stack: one command, end to end.

Not a test: a measurement. It needs PostgreSQL and Redis (DATABASE_URL,
REDIS_URL; without them it starts throwaway ones with scripts/services.sh, as
root). Then it:

1. makes a database of its own on that server (bench_scale1 for --scale 1),
   migrates it and fills it with `manage.py generate_bench_data` (the bench
   app's command, which BENCHMARK_FLOOR installs; the data is kept for the
   next run when its row counts still match);
2. picks the virtual users (bench/personas.py) and signs them in server-side;
3. counts the SQL queries of each page in-process (Django's test client and
   CaptureQueriesContext, one warm request per user);
4. starts gunicorn (2 sync workers, DEBUG off, loopback) with the production
   settings plus BENCHMARK_FLOOR (bench/urls.py, the portal's URLs and
   /bench/floor), and drives the floor (and the floor again with one more
   client thread) and then each page of bench/pages.py with wrk, 8
   connections (one a virtual user) for --seconds each;
5. writes bench/results/pages-scale<N>.json and .md and prints the table.

    make bench                          # or: python bench/run.py --scale 10
"""

import argparse
import logging
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKERS = 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_services(keep: list) -> None:
    """Throwaway PostgreSQL and Redis when none are configured (as root)."""
    if os.environ.get("REDIS_URL") and "postgres" in os.environ.get("DATABASE_URL", ""):
        return
    directory = tempfile.mkdtemp(prefix="bench-services-")
    env = {**os.environ, "PG_PORT": str(free_port()), "REDIS_PORT": str(free_port())}
    script = ROOT / "scripts" / "services.sh"
    printed = subprocess.run(  # noqa: S603 - our own script
        [script, "start", directory],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for line in printed.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        os.environ[name] = value
    stop = [script, "stop", directory]
    keep.append(lambda: subprocess.run(stop, env=env, check=False))  # noqa: S603


def bench_database_url(scale: float) -> tuple[str, str]:
    """The benchmark's own database on the configured server, and its name."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    name = f"bench_scale{scale:g}".replace(".", "_")
    return urlunsplit(parts._replace(path=f"/{name}")), name


def admin_sql(statement: str) -> None:
    import psycopg2

    # Not `with connection`: that opens a transaction, even in autocommit.
    connection = psycopg2.connect(os.environ["BENCH_ADMIN_URL"])
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def prepare_database(scale: float, name: str, regenerate: bool) -> dict:
    """Migrate and fill the benchmark database unless it already holds the
    data of this scale. Returns the row counts."""
    from django.core.management import call_command
    from django.db import connections

    from accounts.models import User
    from bench.data import counts_for
    from conversations.models import Thread
    from moderation.models import Post

    call_command("migrate", verbosity=0)
    expected = counts_for(scale)
    have = {"users": User.objects.count(), "posts": Post.objects.count()}
    # Data from before the conversations (issue 18) has no threads: regenerate.
    outdated = have["users"] and not Thread.objects.exists()
    if regenerate or outdated or have != {k: expected[k] for k in have}:
        if have["users"]:
            connections.close_all()
            admin_sql(f'DROP DATABASE "{name}"')
            admin_sql(f'CREATE DATABASE "{name}"')
            call_command("migrate", verbosity=0)
        print(f"Generating scale {scale:g} data (a few minutes at scale 1)...")
        started = time.monotonic()
        call_command("generate_bench_data", scale=scale)
        print(f"Generated in {time.monotonic() - started:.0f} s.")
    return data_counts()


def data_counts() -> dict:
    from accounts.models import Organisation, User
    from communities.models import Community
    from moderation.models import Post, PostEvent
    from training.models import Assignment

    return {
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "communities": Community.objects.count(),
        "posts": Post.objects.count(),
        "post_events": PostEvent.objects.count(),
        "assignments": Assignment.objects.count(),
    }


def start_gunicorn(port: int, log: Path) -> subprocess.Popen:
    """The production web process (gunicorn.conf.py), two sync workers.

    Worker recycling (max_requests) is off for the run: a worker restarting in
    the middle of a 15-second phase would measure its start-up, not the page.
    """
    env = {
        **os.environ,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(WORKERS),
        "WEB_THREADS": "1",
        "WEB_MAX_REQUESTS": "0",
    }
    command = [sys.executable, "-m", "gunicorn", "participation.wsgi:application"]
    if (ROOT / "gunicorn.conf.py").exists():
        command += ["--config", "gunicorn.conf.py"]
    command += ["--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"]
    # No control socket: its default path is shared by every gunicorn the
    # same user runs, and another one may be running on this machine.
    command += ["--max-requests", "0", "--no-control-socket"]
    server = subprocess.Popen(  # noqa: S603 - our own argv, no shell
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/floor") as r:  # noqa: S310
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit(f"gunicorn did not answer within 60 s; see {log}")


def machine() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kib = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(memory_kib / 2**20),
        "postgresql": postgres.split()[0],
        "python": platform.python_version(),
        "note": "load generator, gunicorn, PostgreSQL and Redis share the machine",
    }


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--users", type=int, default=8, help="concurrent users")
    parser.add_argument("--seconds", type=float, default=10.0, help="per page")
    parser.add_argument("--warm-up", type=float, default=2.0, help="seconds per page")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=60.0,
        help="seconds to wait before each page for other jobs to leave the CPU",
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=2,
        help="measure a page again when other processes used the CPU meanwhile",
    )
    parser.add_argument("--only", default="", help="pages whose name contains this")
    parser.add_argument("--regenerate", action="store_true", help="fresh data")
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    cleanup: list = []
    try:
        ensure_services(cleanup)
        url, name = bench_database_url(args.scale)
        os.environ["BENCH_ADMIN_URL"] = os.environ["DATABASE_URL"]
        try:
            admin_sql(f'CREATE DATABASE "{name}"')
        except Exception as error:  # noqa: BLE001 - it exists already: reuse it
            if "already exists" not in str(error):
                raise
        os.environ.update(
            DATABASE_URL=url,
            DJANGO_SETTINGS_MODULE="participation.settings",
            DEBUG="false",
            SECURE_SSL_REDIRECT="false",
            ALLOWED_HOSTS="127.0.0.1",
            BENCHMARK_FLOOR="true",
            # Its own keys in the shared Redis: the cached acknowledgement
            # baseline of the test suite's database (or the other scale's)
            # must not be read as this database's while the data is made.
            CACHE_KEY_PREFIX=name,
        )
        os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
        import django

        django.setup()
        # The in-process pass would print a request log line per page.
        logging.getLogger("portal.requests").setLevel(logging.WARNING)
        from bench import measure

        counts = prepare_database(args.scale, name, args.regenerate)
        measure.main(args, counts, machine(), start_gunicorn, free_port)
    finally:
        for step in cleanup:
            step()


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    main()
