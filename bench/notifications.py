"""How many notification emails one Celery worker delivers per second.

Not a test: a measurement on the real stack. It needs DATABASE_URL (PostgreSQL)
and REDIS_URL, starts an SMTP sink on loopback and one real worker process
(`celery -A participation worker`), queues COUNT deliveries and times them from
the first queued to the last received.

    make bench-notifications            # or: python bench/notifications.py --count 3000
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participation.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"


class Sink:
    def __init__(self):
        self.count = 0
        self.last_at = 0.0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.count += 1
        self.last_at = time.monotonic()
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    parser.add_argument("--pool", default="prefork", choices=["prefork", "solo"])
    parser.add_argument(
        "--per-task",
        type=int,
        default=1,
        help="emails per task: 1 is one event telling one person; the sweep and "
        "notices to many people carry up to 100",
    )
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get(
        "DATABASE_URL", ""
    ):
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL: see README, Benchmarks.")

    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)

    sink = Sink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        smtp_port = probe.getsockname()[1]
    smtp = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{smtp_port}"

    import django

    django.setup()
    from django.core.management import call_command

    from accounts.models import Organisation, User
    from notifications.models import Notification
    from notifications.tasks import deliver_notifications_task
    from participation.celery import app

    call_command("migrate", verbosity=0)
    organisation, _ = Organisation.objects.get_or_create(
        name="Benchmark Organisation",
        defaults={"short_name": "BENCH", "kind": "agency"},
    )
    people = [
        User.objects.get_or_create(
            email=f"bench{i}@bench.invalid",
            defaults={"full_name": f"Bench {i}", "organisation": organisation},
        )[0]
        for i in range(20)
    ]
    Notification.objects.filter(recipient__in=people).delete()
    rows = Notification.objects.bulk_create(
        Notification(
            recipient=people[i % len(people)],
            kind="notifications.test",
            subject="Benchmark notification",
            context={"message": "Measuring delivery."},
            url="/notifications/",
        )
        for i in range(args.count)
    )

    app.control.purge()
    worker = subprocess.Popen(  # noqa: S603 - our own argv, no shell
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "participation",
            "worker",
            f"--pool={args.pool}",
            f"--concurrency={args.concurrency}",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env={**os.environ},
    )
    try:
        # A warm-up email proves the worker is consuming before the clock starts.
        warm_up = rows.pop()
        deliver_notifications_task.delay([warm_up.pk])
        deadline = time.monotonic() + 60
        while sink.count < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        if sink.count < 1:
            sys.exit("The worker did not start delivering within 60 s.")
        started = time.monotonic()
        ids = [row.pk for row in rows]
        for start in range(0, len(ids), args.per_task):
            deliver_notifications_task.delay(ids[start : start + args.per_task])
        queued = time.monotonic()
        deadline = started + args.timeout
        while sink.count < args.count and time.monotonic() < deadline:
            time.sleep(0.05)
        elapsed = sink.last_at - started
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
        smtp.stop()

    delivered = sink.count - 1
    sent_rows = Notification.objects.filter(
        recipient__in=people, email_status="sent"
    ).count()
    result = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{os.cpu_count()} cores",
        "worker_pool": args.pool,
        "worker_processes": args.concurrency,
        "emails_per_task": args.per_task,
        "emails": delivered,
        "rows_marked_sent": sent_rows - 1,
        "queueing_seconds": round(queued - started, 3),
        "seconds": round(elapsed, 3),
        "emails_per_second": round(delivered / elapsed, 1) if elapsed > 0 else None,
        "duplicates": max(sink.count - args.count, 0),
    }
    Notification.objects.filter(recipient__in=people).delete()
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "notifications.json").write_text(json.dumps(result, indent=2) + "\n")
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
