"""A real Celery worker, through the real Redis broker, to a real SMTP server.

Runs when REDIS_URL is set (CI always sets it); skipped otherwise.
"""

import socket
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.utils import timezone

from notifications.emails import drop_connection
from notifications.models import Notification
from notifications.tasks import sweep_pending_notifications_task
from participation.celery import app
from tests.accounts.factories import UserFactory

needs_redis = pytest.mark.skipif(
    not settings.REDIS_URL, reason="needs a real Redis broker (set REDIS_URL)"
)


@contextmanager
def broker_at(url: str, *, eager: bool):
    """Point the Celery app at another broker (a dead port, say) for a while."""
    saved = app.conf.broker_url, app.conf.task_always_eager

    def use(broker, always_eager):
        app.conf.broker_url = broker
        app.conf.task_always_eager = always_eager
        app._pool = None  # connections are pooled per URL: forget the old pool
        app.amqp._producer_pool = None

    use(url, eager)
    try:
        yield
    finally:
        use(*saved)


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        self.messages.append(envelope)
        return "250 Message accepted for delivery"

    def recipients(self) -> list[str]:
        return sorted(r for m in self.messages for r in m.rcpt_tos)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server on loopback that keeps what it receives."""
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    drop_connection()
    yield sink
    drop_connection()
    controller.stop()


@pytest.fixture
def worker():
    from celery.contrib.testing.worker import start_worker

    with (
        broker_at(settings.CELERY_BROKER_URL, eager=False),
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10),
    ):
        yield


def wait_for(condition, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@needs_redis
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_request_notification_is_delivered_by_a_real_worker(
    client, civil_servant, smtp_sink, worker
):
    client.force_login(civil_servant)

    response = client.post("/notifications/preferences/test/")

    assert response.status_code == 302
    assert wait_for(lambda: smtp_sink.messages), "the worker sent no email"
    assert smtp_sink.recipients() == [civil_servant.email]
    assert wait_for(
        lambda: (
            Notification.objects.filter(email_status=Notification.Email.SENT).count()
            == 1
        )
    )


@needs_redis
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_broker_outage_delays_emails_and_loses_none(client, organisation, smtp_sink):
    people = [UserFactory(organisation=organisation) for _ in range(3)]

    # Redis is unreachable while people act: their requests still succeed.
    with broker_at("redis://127.0.0.1:1/0", eager=False):
        for person in people:
            client.force_login(person)
            assert client.post("/notifications/preferences/test/").status_code == 302
    assert Notification.objects.filter(email_status="pending").count() == 3
    assert smtp_sink.messages == []

    # Redis is back; time passes; the periodic sweep runs through the broker.
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=3))
    from celery.contrib.testing.worker import start_worker

    with (
        broker_at(settings.CELERY_BROKER_URL, eager=False),
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10),
    ):
        sweep_pending_notifications_task.delay()
        assert wait_for(lambda: len(smtp_sink.messages) >= 3)
        # A second sweep finds nothing left to send.
        sweep_pending_notifications_task.delay()
        time.sleep(1.0)

    assert smtp_sink.recipients() == sorted(p.email for p in people)
    assert not Notification.objects.exclude(email_status="sent").exists()
