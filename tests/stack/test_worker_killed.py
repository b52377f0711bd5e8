"""A worker killed mid-batch, with a mail server slow to answer.

Two hundred emails queued; the worker (as the Procfile starts it) is killed
with SIGKILL while it sends them, each taking the server 50 ms. A new worker
and the sweep finish the job: no email is lost, and an email that reached the
server twice carries the same Message-ID both times.
"""

import asyncio
import os
import signal
from collections import defaultdict
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from django.utils import timezone

from notifications import services
from notifications.kinds import TEST
from notifications.models import Notification
from notifications.tasks import sweep_pending_notifications_task
from tests.accounts.factories import UserFactory
from tests.notifications.test_worker import broker_at, free_port, wait_for

from .test_real_stack import Stack, stack_env

pytestmark = [
    pytest.mark.stack,
    pytest.mark.skipif(
        not settings.REDIS_URL or connection.vendor != "postgresql",
        reason="needs PostgreSQL and Redis (set DATABASE_URL and REDIS_URL)",
    ),
]
EMAILS = 200


class SlowSink:
    """An SMTP server that takes 50 ms over each email and keeps its headers."""

    def __init__(self):
        self.received = defaultdict(list)  # recipient: [Message-ID, ...]

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd)
        await asyncio.sleep(0.05)
        header = envelope.content.decode(errors="replace").split("\r\n\r\n", 1)[0]
        message_id = next(
            line.split(":", 1)[1].strip()
            for line in header.split("\r\n")
            if line.lower().startswith("message-id:")
        )
        for recipient in envelope.rcpt_tos:
            self.received[recipient].append(message_id)
        return "250 Message accepted for delivery"

    def count(self) -> int:
        return sum(len(ids) for ids in self.received.values())


@pytest.fixture
def slow_smtp():
    sink = SlowSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield sink, controller.port
    controller.stop()


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_loses_no_email_and_a_resend_is_the_same_message(
    slow_smtp, organisation, tmp_path
):
    sink, port = slow_smtp
    people = UserFactory.create_batch(EMAILS, organisation=organisation)
    rows = Notification.objects.bulk_create(
        Notification(recipient=p, kind=TEST.name, subject="Killed mid-batch")
        for p in people
    )
    processes = Stack(tmp_path, stack_env(port))
    try:
        processes.start("worker-a", "worker", WORKER_NAME="killed")
        assert wait_for(lambda: "ready" in processes.log("worker-a"), timeout=60)
        with broker_at(settings.REDIS_URL, eager=False):
            services.enqueue_emails([row.pk for row in rows])
        assert wait_for(lambda: sink.count() >= 20, timeout=60), processes.logs()
        os.killpg(processes.processes["worker-a"].pid, signal.SIGKILL)
        processes.processes["worker-a"].wait()
        sent_before_the_kill = sink.count()
        assert sent_before_the_kill < EMAILS  # killed mid-batch, not after

        # Later: the sweep's grace and the send timeout have passed.
        long_ago = timezone.now() - services.SEND_TIMEOUT - timedelta(minutes=1)
        Notification.objects.update(created_at=long_ago)
        Notification.objects.filter(email_attempt_started_at__isnull=False).update(
            email_attempt_started_at=long_ago
        )
        processes.start("worker-b", "worker", WORKER_NAME="after")
        assert wait_for(lambda: "ready" in processes.log("worker-b"), timeout=60)
        with broker_at(settings.REDIS_URL, eager=False):
            for _ in range(2):  # the sweep's batch may need a second pass
                sweep_pending_notifications_task.delay()
        assert wait_for(
            lambda: (
                len(sink.received) == EMAILS
                and not Notification.objects.exclude(email_status="sent").exists()
            ),
            timeout=120,
        ), processes.logs()
    finally:
        processes.stop()

    assert sorted(sink.received) == sorted(p.email for p in people)  # none lost
    for recipient, message_ids in sink.received.items():
        assert len(set(message_ids)) == 1, (recipient, message_ids)
