"""The load run's own parts that need no server: the floor view, the
summary of samples, and which targets a page misses."""

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import RequestFactory

from bench.load import plain_wrk, run, summarise
from bench.report import misses, peer_misses, table
from bench.views import floor


def test_floor_makes_one_trivial_query(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = floor(RequestFactory().get("/bench/floor"))
    assert response.status_code == 200


WRK_LINE = {
    "requests": 1000,
    "duration_us": 2_000_000,
    "status_errors": 10,
    "connect_errors": 0,
    "read_errors": 2,
    "write_errors": 0,
    "timeouts": 0,
    "p50_us": 4_500,
    "p95_us": 9_250,
    "p99_us": 15_000,
}


def test_summary_counts_failures_and_percentiles():
    summary = summarise(WRK_LINE)

    assert summary["errors"] == {"4xx or 5xx": 10, "read": 2}
    assert summary["requests_per_second"] == 495.0  # the 990 answered, over 2 s
    assert (summary["p50_ms"], summary["p95_ms"], summary["p99_ms"]) == (
        4.5,
        9.2,
        15.0,
    )


def _row(**fields):
    return {
        "name": "home",
        "p95_ms": 50,
        "floor_ratio": 0.5,
        "queries": 10,
        "queries_by_user": [10],
        "errors": {},
        **fields,
    }


def test_a_page_within_every_target_misses_none():
    assert misses(_row(), None) == []


def test_each_missed_target_is_named():
    found = misses(_row(p95_ms=120, queries=13), None)
    assert found == ["p95 120 ms > 100 ms", "13 queries > 12"]


def test_only_the_cheapest_page_is_held_to_a_share_of_the_floor():
    assert misses(_row(floor_ratio=0.1), None) == []
    found = misses(_row(name="layout only", floor_ratio=0.3), None)
    assert found == ["0.30 of the floor < 0.4"]


def test_scale_10_is_held_to_scale_1s_figures():
    baseline = _row(p95_ms=40)
    assert misses(_row(p95_ms=48), baseline) == []
    found = misses(_row(p95_ms=49, queries=11), baseline)
    assert found == ["queries 10 at scale 1, 11 here", "p95 1.2× scale 1's"]


def test_a_page_that_failed_at_scale_1_is_still_reported_at_scale_10():
    failed = {"name": "home", "queries": 10, "errors": {"500": 3}}
    assert misses(_row(), failed) == []


def test_the_review_queue_is_held_to_twice_the_admin_changelist():
    queue = {**_row(name="review queue", requests_per_second=30), "misses": []}
    admin = _row(name="admin: posts awaiting review", requests_per_second=20)

    peer_misses([queue, admin])

    assert queue["peer_ratio"] == 1.5
    assert queue["misses"] == ["1.5× the admin changelist's req/s < 2.0"]


class _Server(BaseHTTPRequestHandler):
    """A real HTTP server for wrk to drive: 200 on /ok, 404 elsewhere, and a
    403 on /private/ unless the request carries the cookie `session=yes`.
    Not the portal: a live_server test would flush the database under the
    browser tests that follow."""

    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path == "/private/":
            status = 200 if self.headers.get("Cookie") == "session=yes" else 403
        else:
            status = 200 if self.path == "/ok" else 404
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Server)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address
    httpd.shutdown()


@pytest.fixture
def wrk():
    if not shutil.which("wrk"):
        pytest.skip("wrk is not installed (.ci/run installs it)")


def test_the_load_run_drives_a_real_server_and_counts_what_failed(wrk, server):
    host, port = server
    users = [(["/ok"], ""), (["/ok", "/no-such-page/"], "")]

    measured = run(host, port, users, seconds=1, threads=2)

    assert measured["requests"] > 10
    assert 0 < measured["errors"]["4xx or 5xx"] < measured["requests"]
    assert measured["requests_per_second"] > 0
    assert measured["p99_ms"] >= measured["p95_ms"] >= measured["p50_ms"] > 0
    assert measured["client_threads"] == 2
    assert 0 <= measured["client_cpu"] <= 1


def test_the_load_run_sends_each_users_cookie(wrk, server):
    host, port = server

    signed_in = run(host, port, [(["/private/"], "session=yes")], seconds=1)
    anonymous = run(host, port, [(["/private/"], "")], seconds=1)

    assert signed_in["errors"] == {} and signed_in["requests"] > 10
    assert anonymous["errors"]["4xx or 5xx"] == anonymous["requests"]


def test_plain_wrk_reads_its_requests_per_second(wrk, server):
    host, port = server

    assert plain_wrk(host, port, "/ok", connections=2, seconds=1) > 0


def test_the_report_says_how_the_client_did_on_the_floor():
    floor = {
        "requests_per_second": 2600.0,
        "p50_ms": 2.9,
        "p95_ms": 4.0,
        "p99_ms": 4.8,
        "queries": 1,
        "client_cpu": 0.1,
        "client_threads": 1,
        "one_more_client_thread": {
            "client_threads": 2,
            "requests_per_second": 2300.0,
            "change": -0.115,
            "client_cpu": 0.12,
        },
        "plain_wrk": {"requests_per_second": 2430.0, "ratio": 1.07},
    }

    text = table({"floor": floor, "pages": [], "run": {"concurrent_users": 8}})

    assert "with 1 thread; with 2 threads the floor moved by -11.5%" in text
    assert "the harness's floor is 107% of it" in text
