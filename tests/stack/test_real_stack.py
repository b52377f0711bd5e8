"""The production processes, exactly as the Procfile starts them, over real HTTP.

Two gunicorn nodes on different ports, two Celery workers and Celery beat, all
sharing the test's PostgreSQL database and Redis, with a real SMTP server
catching what the workers send. Needs PostgreSQL and Redis (CI always has both).
"""

import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from accounts.roles import Role
from moderation.models import Post
from notifications.kinds import TEST
from notifications.models import Notification
from notifications.services import notify
from tests.accounts.factories import PASSWORD, TOTP_SECRET, UserFactory, give_role
from tests.browser.conftest import totp_code
from tests.communities.factories import CommunityFactory
from tests.notifications.test_worker import broker_at, free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

pytestmark = [
    pytest.mark.stack,
    pytest.mark.skipif(
        not settings.REDIS_URL or connection.vendor != "postgresql",
        reason="needs PostgreSQL and Redis (set DATABASE_URL and REDIS_URL)",
    ),
]


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(
        line.split(": ", 1) for line in lines if line and not line.startswith("#")
    )


class Stack:
    """Starts Procfile processes with the production settings, logs to files."""

    def __init__(self, workdir: Path, env: dict[str, str]):
        self.workdir, self.env = workdir, env
        self.processes: dict[str, subprocess.Popen] = {}
        self.commands = procfile()
        self.nodes: list[str] = []

    def start(self, name: str, kind: str, **extra_env: str) -> None:
        log = open(self.workdir / f"{name}.log", "wb")  # noqa: SIM115 (closed by stop)
        self.processes[name] = subprocess.Popen(  # noqa: S603 (our own Procfile)
            ["/bin/sh", "-c", "exec " + self.commands[kind]],
            cwd=ROOT,
            env={**self.env, **extra_env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, children included
        )

    def log(self, name: str) -> str:
        return (self.workdir / f"{name}.log").read_text(errors="replace")

    def logs(self) -> str:
        return "\n".join(f"--- {n}\n{self.log(n)[-3000:]}" for n in self.processes)

    def stop(self) -> dict[str, int | None]:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        codes = {}
        for name, process in self.processes.items():
            try:
                codes[name] = process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                codes[name] = None
        return codes


def wait_until_serving(url: str, stack: Stack) -> None:
    # Generous: a busy CI machine may take a while to import Django twice over.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz/ready", timeout=15) as r:  # noqa: S310
                if r.status == 200:
                    return
        except OSError:  # refused while starting, or slow to answer: try again
            time.sleep(0.2)
    pytest.fail(f"{url} never became ready\n{stack.logs()}")


def stack_env(smtp_port: int, *, redis_url: str = "") -> dict[str, str]:
    """The production settings for processes sharing the test's database."""
    database = connection.settings_dict
    return {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "DEBUG": "false",
        "SECRET_KEY": "stack-test-shared-by-both-nodes",
        "DATABASE_URL": "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(
            **database
        ),
        "REDIS_URL": redis_url or settings.REDIS_URL,
        "CACHE_KEY_PREFIX": f"stack-{os.getpid()}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        # Plain HTTP on loopback: no TLS redirect, cookies without Secure.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_FORMAT": "json",
        "WEB_CONCURRENCY": "2",
        "CELERY_CONCURRENCY": "1",
    }


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker, smtp, tmp_path_factory):
    env = stack_env(smtp[1])
    workdir = tmp_path_factory.mktemp("stack")
    processes = Stack(workdir, env)
    # Stop everything even when starting fails: a worker left running would
    # take the next run's tasks from the same Redis.
    try:
        ports = free_port(), free_port()
        processes.start("web-a", "web", PORT=str(ports[0]))
        processes.start("web-b", "web", PORT=str(ports[1]))
        processes.start("worker-1", "worker", WORKER_NAME="1")
        processes.start("worker-2", "worker", WORKER_NAME="2")
        processes.start(
            "beat", "beat", CELERY_BEAT_SCHEDULE_FILE=str(workdir / "beat-schedule")
        )
        processes.nodes = [f"http://127.0.0.1:{port}" for port in ports]
        for node in processes.nodes:
            wait_until_serving(node, processes)
        for worker in ("worker-1", "worker-2"):
            assert wait_for(lambda w=worker: "ready" in processes.log(w), timeout=60), (
                processes.logs()
            )
    except BaseException:
        processes.stop()
        raise
    yield processes

    codes = processes.stop()
    assert codes == dict.fromkeys(codes, 0), f"unclean stop {codes}\n{processes.logs()}"


class Browser:
    """A person at a browser: cookies, forms with their CSRF token."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, url: str) -> str:
        with self.opener.open(url, timeout=20) as response:
            return response.read().decode()

    def post(self, url: str, data: dict, form_page: str | None = None):
        token = CSRF.search(self.get(form_page or url)).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data})
        with self.opener.open(url, body.encode(), timeout=20) as response:
            return response.geturl(), response.read().decode()

    def sign_in(self, node: str, user, with_totp: bool = False) -> None:
        url, _ = self.post(
            f"{node}/accounts/login/", {"login": user.email, "password": PASSWORD}
        )
        if with_totp:
            url, _ = self.post(
                f"{node}/accounts/2fa/authenticate/",
                {"code": totp_code(TOTP_SECRET, user.email)},
            )
        assert url == f"{node}/", f"signing in as {user.email} ended at {url}"

    def write_and_submit(self, node: str, author, community, topic: str) -> Post:
        """As its author: log a new post and send it for review."""
        url, _ = self.post(
            f"{node}/log/new/",
            {
                "community": community.pk,
                "thread_url": "https://forum.example.org/t/1",
                "purpose": "answer_question",
                "topic": topic,
                "text": "<p>The new timetable starts in May.</p>",
            },
        )
        post = Post.objects.get(author=author, topic=topic)
        assert url == f"{node}/log/{post.pk}/"
        _, page = self.post(f"{url}submit/", {"disclosed_role": "yes"}, url)
        assert "Sent to the press office for review" in page
        return post

    def approve(self, node: str, post: Post) -> None:
        """As a press officer: approve the post from its page."""
        _, page = self.post(
            f"{node}/review/{post.pk}/decide/",
            {"decision": "approve"},
            f"{node}/log/{post.pk}/",
        )
        assert "Approved." in page


def production_password(user):
    """The suite hashes with MD5 for speed; the nodes only accept real hashers."""
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    return user


@pytest.mark.django_db(transaction=True)
def test_two_web_nodes_behave_as_one_site_and_the_worker_tells_the_author(
    stack, smtp, civil_servant, organisation
):
    node_a, node_b = stack.nodes
    officer = give_role(
        UserFactory(organisation=organisation),
        Role.PRESS_OFFICER,
        scope_over=[organisation],
    )
    production_password(officer)
    production_password(civil_servant)
    community = CommunityFactory(risk="low")

    author = Browser()
    author.sign_in(node_a, civil_servant)
    post = author.write_and_submit(node_a, civil_servant, community, "Stack smoke test")
    # The session started on node A is good on node B.
    assert "Stack smoke test" in author.get(f"{node_b}/log/")

    reviewer = Browser()
    reviewer.sign_in(node_b, officer, with_totp=True)
    assert "Stack smoke test" in reviewer.get(f"{node_b}/review/")
    reviewer.approve(node_b, post)
    post.refresh_from_db()
    assert post.status == Post.Status.APPROVED

    sink = smtp[0]
    assert wait_for(lambda: civil_servant.email in sink.recipients(), timeout=30), (
        stack.logs()
    )
    time.sleep(1)  # a second delivery, if there were one, would land now
    assert sink.recipients().count(civil_servant.email) == 1
    # One JSON object a line, and the approval's request id reached the worker.
    web_lines = [json.loads(line) for line in stack.log("web-b").splitlines()]
    approval_ids = {
        line["request_id"]
        for line in web_lines
        if line.get("http", {}).get("path") == f"/review/{post.pk}/decide/"
    }
    assert approval_ids
    assert wait_for(
        lambda: any(
            f'"request_id": "{rid}"' in stack.log("worker-1") + stack.log("worker-2")
            for rid in approval_ids
        )
    ), stack.logs()


@pytest.mark.django_db(transaction=True)
def test_two_workers_share_the_queue_and_deliver_each_email_once(
    stack, smtp, organisation
):
    sink = smtp[0]
    sink.messages.clear()
    people = UserFactory.create_batch(60, organisation=organisation)

    with broker_at(settings.REDIS_URL, eager=False):
        for person in people:  # one event each: sixty tasks on the queue
            notify(recipients=[person], kind=TEST.name)

    assert wait_for(lambda: len(sink.messages) >= 60, timeout=60), stack.logs()
    time.sleep(1)  # a double delivery would land now
    assert sink.recipients() == sorted(p.email for p in people)
    assert Notification.objects.filter(email_status="sent").count() == 60
    for worker in ("worker-1", "worker-2"):
        assert "succeeded" in stack.log(worker), f"{worker} took no task"


def test_static_files_are_served_compressed_with_hashed_names(stack):
    home = urllib.request.urlopen(f"{stack.nodes[0]}/accounts/login/", timeout=10)  # noqa: S310
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home.read().decode())[1]
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet)

    request = urllib.request.Request(  # noqa: S310 (http on loopback)
        stack.nodes[1] + stylesheet, headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        assert response.headers["Content-Encoding"] == "gzip"
        assert "max-age=315360000" in response.headers["Cache-Control"]
