"""The link checker against a local HTTP server: never the internet."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from communities.linkcheck import check_many, check_url
from communities.models import Community
from communities.tasks import check_links_task
from notifications.models import Notification

from .factories import CommunityFactory


class Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):  # noqa: N802 (http.server API)
        self._answer()

    def do_GET(self):  # noqa: N802
        self._answer()

    def _answer(self):
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif self.path == "/no-head":
            self.send_response(200)
        elif self.path == "/gone":
            self.send_response(404)
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
        elif self.path == "/slow":
            time.sleep(2)
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def site(settings):
    settings.LINK_CHECK_ALLOW_PRIVATE = True
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_site_that_answers(site):
    assert check_url(f"{site}/ok", timeout=1) == (True, "HTTP 200")


def test_a_site_refusing_head_is_tried_with_get(site):
    assert check_url(f"{site}/no-head", timeout=1) == (True, "HTTP 200")


def test_a_missing_page(site):
    assert check_url(f"{site}/gone", timeout=1) == (False, "HTTP 404")


def test_a_site_that_is_down(site):
    ok, detail = check_url(f"http://127.0.0.1:{closed_port()}/", timeout=1)

    assert not ok
    assert detail.startswith("unreachable")


def test_a_slow_site_times_out(site):
    assert check_url(f"{site}/slow", timeout=0.5) == (False, "no answer within 0.5 s")


def test_a_redirect_loop_is_reported(site):
    assert check_url(f"{site}/loop", timeout=1) == (False, "too many redirects")


def test_private_addresses_are_not_fetched_outside_tests(site, settings):
    settings.LINK_CHECK_ALLOW_PRIVATE = False

    ok, detail = check_url(f"{site}/ok", timeout=1)

    assert not ok
    assert "not a public address" in detail


def test_non_web_addresses_are_refused():
    assert check_url("file:///etc/passwd", timeout=1) == (
        False,
        "not an http(s) address",
    )


def test_the_run_is_bounded_in_time(site):
    started = time.monotonic()

    results = check_many(
        {1: f"{site}/slow", 2: f"{site}/ok"}, timeout=5, concurrency=2, budget=0.5
    )

    assert time.monotonic() - started < 1.5
    assert results == {2: (True, "HTTP 200")}  # the slow one waits for next time


@pytest.mark.django_db
def test_the_nightly_task_records_results_and_tells_curators_once(
    site, settings, press_officer
):
    settings.LINK_CHECK_TIMEOUT = 1
    up = CommunityFactory(url=f"{site}/ok")
    down = CommunityFactory(url=f"{site}/gone", link_ok=True)
    CommunityFactory(url=f"{site}/loop", status=Community.Status.SUGGESTED)

    assert check_links_task.delay().get() == 2

    up.refresh_from_db()
    down.refresh_from_db()
    assert (up.link_ok, up.link_result) == (True, "HTTP 200")
    assert (down.link_ok, down.link_result) == (False, "HTTP 404")
    told = Notification.objects.filter(kind="communities.links_broken")
    assert [n.recipient for n in told] == [press_officer]

    check_links_task.delay().get()
    assert Notification.objects.filter(kind="communities.links_broken").count() == 1
