"""Redis dies under the production processes, and comes back.

A web node and a Celery worker, started as the Procfile starts them, on a
Redis server of this test's own (the suite's Redis stays up for everyone
else). With that Redis killed, people sign in (password, and an
authenticator code for the press officer), submit and approve a post over
HTTP: every answer is the usual one. Redis is restarted on the same port;
the sweep sends the email the outage held back, once.
"""

import shutil
import signal
import subprocess
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from moderation.kinds import APPROVED
from notifications.models import Notification
from notifications.tasks import sweep_pending_notifications_task
from tests.accounts.factories import UserFactory, give_role
from tests.communities.factories import CommunityFactory
from tests.notifications.test_worker import broker_at, free_port, wait_for

from .test_real_stack import (
    Browser,
    Stack,
    production_password,
    stack_env,
    wait_until_serving,
)

pytestmark = [
    pytest.mark.stack,
    pytest.mark.skipif(
        not settings.REDIS_URL
        or connection.vendor != "postgresql"
        or not shutil.which("redis-server"),
        reason="needs PostgreSQL, Redis and redis-server (CI has all three)",
    ),
]


class OwnRedis:
    """A redis-server on a port of its own, killed and restarted at will."""

    def __init__(self, port: int, directory):
        self.port, self.directory, self.process = port, directory, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - Debian's redis-server
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(self.answers, timeout=10), "redis-server did not start"

    def answers(self) -> bool:
        import redis

        try:
            return redis.Redis.from_url(self.url, socket_timeout=0.5).ping()
        except redis.exceptions.RedisError:
            return False

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


@pytest.fixture
def outage_stack(django_db_setup, smtp, tmp_path):
    redis = OwnRedis(free_port(), tmp_path)
    redis.start()
    processes = Stack(tmp_path, stack_env(smtp[1], redis_url=redis.url))
    try:
        port = free_port()
        processes.start("web", "web", PORT=str(port), WEB_CONCURRENCY="1")
        processes.start("worker", "worker", WORKER_NAME="outage")
        processes.nodes = [f"http://127.0.0.1:{port}"]
        wait_until_serving(processes.nodes[0], processes)
        assert wait_for(lambda: "ready" in processes.log("worker"), timeout=60), (
            processes.logs()
        )
        yield processes, redis
    finally:
        processes.stop()
        if redis.process.poll() is None:
            redis.kill()


@pytest.mark.django_db(transaction=True)
def test_with_redis_killed_people_sign_in_and_work_and_the_email_follows_once(
    outage_stack, smtp, civil_servant, organisation
):
    stack, redis = outage_stack
    node = stack.nodes[0]
    officer = give_role(
        UserFactory(organisation=organisation),
        Role.PRESS_OFFICER,
        scope_over=[organisation],
    )
    production_password(officer)
    production_password(civil_servant)
    community = CommunityFactory(risk="low")
    sink = smtp[0]
    sink.messages.clear()

    redis.kill()
    author = Browser()
    author.sign_in(node, civil_servant)
    post = author.write_and_submit(
        node, civil_servant, community, "Written during the outage"
    )
    reviewer = Browser()
    reviewer.sign_in(node, officer, with_totp=True)
    assert "Written during the outage" in reviewer.get(f"{node}/review/")
    reviewer.approve(node, post)
    assert " 500 " not in stack.log("web"), stack.logs()
    approval = Notification.objects.get(recipient=civil_servant, kind=APPROVED.name)
    assert approval.email_status == "pending"  # the broker was not there

    redis.start()  # the same port: the worker reconnects by itself
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=3))
    with broker_at(redis.url, eager=False):
        sweep_pending_notifications_task.delay()
    assert wait_for(lambda: civil_servant.email in sink.recipients(), timeout=60), (
        stack.logs()
    )
    time.sleep(1)  # a second delivery, if there were one, would land now
    assert sink.recipients().count(civil_servant.email) == 1
