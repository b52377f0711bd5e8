"""How fast the hourly job fetches the communities' feeds: 5,000 of them.

Not a test: a measurement on the real stack. It needs DATABASE_URL
(PostgreSQL); it makes a database of its own there (bench_feeds, made afresh
each time) with scale 1's organisations (50, each with policy areas and three
sensitive topics) and COUNT listed communities whose feeds a local server
answers (a separate process, so it does not share the fetcher's interpreter):
each feed has ITEMS items, with ETag and Last-Modified. It then runs the job's
own code (conversations.tasks.fetch_feeds_task) twice: the first run fetches
and stores every item, the second gets a 304 for each feed. It reports feeds
per second and each run's time, and writes bench/results/feeds.json.

    make bench-feeds                    # or: python bench/feeds.py --count 5000
"""

import argparse
import json
import os
import sys
import time
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing import Process
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
NAME = "bench_feeds"


def _subject(number: int, n: int) -> str:
    """What item n of feed `number` is about: a policy area's everyday words,
    one item in twenty a sensitive topic, as in the page benchmark's data."""
    from bench.data import vocab

    words = [w for area in sorted(vocab.AREA_WORDS) for w in vocab.AREA_WORDS[area]]
    if (number * 31 + n) % 20 == 0:
        return vocab.SENSITIVE_TOPICS[(number + n) % len(vocab.SENSITIVE_TOPICS)]
    return words[(number * 7 + n * 13) % len(words)]


def feed_body(number: int, items: int, now: float) -> bytes:
    entries = "".join(
        f"<item><title>{_subject(number, n).capitalize()}: a question "
        f"{number}-{n}</title>"
        f"<link>https://forum{number}.bench.invalid/t/{n}</link>"
        f"<guid>f{number}-{n}</guid><description>A member asks about "
        f"{_subject(number, n + 1)} and what it means locally.</description>"
        f"<pubDate>{format_datetime(_utc(now - 3600 * n))}</pubDate></item>"
        for n in range(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Forum {number}</title><link>https://forum{number}.bench.invalid/"
        f"</link><description>x</description>{entries}</channel></rss>"
    ).encode()


def _utc(timestamp: float):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(timestamp, UTC)


def serve(port: int, items: int) -> None:
    """The feed server: /feed/N answers feed N, 304 when the ETag matches."""
    now = time.time()
    etag = '"bench-1"'

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802 (http.server API)
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            number = int(self.path.rsplit("/", 1)[-1])
            body = feed_body(number, items, now)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    class Server(ThreadingHTTPServer):
        # A backlog for the job's FEED_CONCURRENCY connections at once (the
        # default, 5, drops the rest and each waits a second to retry).
        request_queue_size = 64

    server = Server(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000, help="feeds")
    parser.add_argument("--items", type=int, default=20, help="items per feed")
    parser.add_argument(
        "--concurrency", type=int, default=None, help="FEED_CONCURRENCY (16)"
    )
    args = parser.parse_args()
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("Set DATABASE_URL (PostgreSQL): see README, Benchmarks.")

    from bench.run import admin_sql, free_port

    os.environ["BENCH_ADMIN_URL"] = os.environ["DATABASE_URL"]
    admin_sql(f'DROP DATABASE IF EXISTS "{NAME}"')
    admin_sql(f'CREATE DATABASE "{NAME}"')
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{NAME}"
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="participation.settings",
        LINK_CHECK_ALLOW_PRIVATE="true",  # the feed server is on loopback
        CELERY_TASK_ALWAYS_EAGER="true",
        CACHE_KEY_PREFIX=NAME,
    )
    if args.concurrency:
        os.environ["FEED_CONCURRENCY"] = str(args.concurrency)
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
    import django

    django.setup()
    # Started after setup: the feeds' words come from the page benchmark's
    # vocabulary, which imports models.
    port = free_port()
    server = Process(target=serve, args=(port, args.items), daemon=True)
    server.start()
    import random

    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from bench.data import people
    from bench.data.base import World
    from communities.models import Community, PolicyArea
    from conversations.models import OrganisationThread, Thread
    from conversations.tasks import fetch_feeds_task

    call_command("migrate", verbosity=0)
    world = World(rng=random.Random(2026), now=timezone.now())  # noqa: S311
    people.create_organisations(world, 50)
    areas = list(PolicyArea.objects.all())
    for organisation in world.organisations:
        for area in world.rng.sample(areas, 3):
            area.organisations.add(organisation)
    Community.objects.bulk_create(
        Community(
            name=f"Forum {n}",
            url=f"https://forum{n}.bench.invalid/",
            normalised_url=f"forum{n}.bench.invalid",
            platform="forum",
            description="A benchmark forum",
            risk=world.rng.choice(["low", "medium", "high"]),
            status=Community.Status.LISTED,
            listed_at=world.now,
            feed_url=f"http://127.0.0.1:{port}/feed/{n}",
        )
        for n in range(args.count)
    )
    time.sleep(0.5)  # the server process is up

    runs = []
    for label in ("first run: every feed new", "second run: every feed a 304"):
        started = time.monotonic()
        result = fetch_feeds_task()
        seconds = time.monotonic() - started
        runs.append(
            {
                "run": label,
                "seconds": round(seconds, 1),
                "feeds_per_second": round(result["fetched"] / seconds, 1),
                **result,
            }
        )
    server.terminate()
    report = {
        "feeds": args.count,
        "items_per_feed": args.items,
        "concurrency": settings.FEED_CONCURRENCY,
        "organisations": len(world.organisations),
        "threads_stored": Thread.objects.count(),
        "organisation_threads": OrganisationThread.objects.count(),
        "failed_feeds": Community.objects.filter(feed_failures__gt=0).count(),
        "runs": runs,
        "cpus": os.cpu_count(),
    }
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "feeds.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
