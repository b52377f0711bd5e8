import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from participation.celery import _send_request_id
from participation.request_id import JsonFormatter, RequestIdFilter, request_id_var

pytestmark = pytest.mark.django_db


def test_pages_carry_security_headers(client):
    response = client.get("/accounts/login/")

    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_each_response_has_a_request_id_and_keeps_the_load_balancers(client):
    fresh = client.get("/healthz/live")["X-Request-ID"]
    kept = client.get("/healthz/live", headers={"X-Request-ID": "lb-0123456789"})[
        "X-Request-ID"
    ]
    hostile = client.get("/healthz/live", headers={"X-Request-ID": "x" * 500})[
        "X-Request-ID"
    ]

    assert len(fresh) == 32
    assert kept == "lb-0123456789"
    assert hostile != "x" * 500


def test_queued_tasks_carry_the_request_id():
    headers = {}
    token = request_id_var.set("req-abcdef123")
    try:
        _send_request_id(headers=headers)
    finally:
        request_id_var.reset(token)

    assert headers == {"request_id": "req-abcdef123"}


def test_logs_are_one_json_object_a_line_with_the_request_id():
    record = logging.LogRecord(
        "portal", logging.INFO, __file__, 1, "Hello %s", ("there",), None
    )
    token = request_id_var.set("req-42-abcdef")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)

    line = JsonFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "Hello there"
    assert entry["request_id"] == "req-42-abcdef"


def _session_row(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key)


def test_sessions_expire_after_an_hour_of_inactivity(client, civil_servant):
    from datetime import timedelta

    from django.contrib.sessions.backends import cached_db
    from django.contrib.sessions.models import Session
    from django.core.cache import cache
    from django.utils import timezone

    client.force_login(civil_servant)
    client.get("/")
    expiry = _session_row(client).expire_date
    assert timedelta(minutes=59) < expiry - timezone.now() <= timedelta(hours=1)

    key = client.session.session_key
    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    # The cached copy is stored for the same age, so it lapses at the same
    # moment; here, where an hour has not really passed, drop it by hand.
    cache.delete(f"{cached_db.KEY_PREFIX}{key}")
    response = client.get("/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_activity_keeps_a_session_alive_without_a_write_on_every_page(
    client, civil_servant
):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    client.force_login(civil_servant)
    client.get("/")
    with CaptureQueriesContext(connection) as soon_after:
        client.get("/")
    assert not any(
        "django_session" in q["sql"] and "UPDATE" in q["sql"]
        for q in soon_after.captured_queries
    )

    # Ten minutes of reading later (last seen long ago, 50 minutes left).
    session = client.session
    session["_seen"] -= 600
    session.save()
    Session.objects.filter(pk=session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=50)
    )
    client.get("/")

    left = _session_row(client).expire_date - timezone.now()
    assert left > timedelta(minutes=59)


def test_each_request_is_logged_once_with_its_status_and_request_id(client, caplog):
    caplog.set_level(logging.INFO, logger="portal.requests")

    response = client.get("/accounts/login/", headers={"X-Request-ID": "req-log-12345"})

    (record,) = [r for r in caplog.records if r.name == "portal.requests"]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-log-12345" == response["X-Request-ID"]
    assert line["http"]["method"] == "GET"
    assert line["http"]["path"] == "/accounts/login/"
    assert line["http"]["status"] == 200
    assert line["http"]["duration_ms"] >= 0


def test_secret_keys_in_urls_never_reach_the_logs(client, caplog):
    caplog.set_level(logging.INFO, logger="portal.requests")

    client.get("/accounts/password/reset/key/1-set-password-secret-value/")
    client.get("/accounts/confirm-email/secret-confirmation-value/")

    logged = " ".join(r.getMessage() + str(r.http) for r in caplog.records)
    assert "secret" not in logged
    assert "/accounts/password/reset/key/" in logged


def test_a_page_reads_its_session_from_the_cache_not_the_database(
    client, civil_servant, queries
):
    client.force_login(civil_servant)
    client.get("/notifications/preferences/")

    with queries() as captured:
        assert client.get("/notifications/preferences/").status_code == 200

    assert not [q for q in captured if '"django_session"' in q["sql"]]


def start_django(**env) -> subprocess.CompletedProcess:
    """Load the settings in a fresh process with exactly this environment."""
    kept = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return subprocess.run(  # noqa: S603 - this interpreter
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=Path(__file__).resolve().parents[2],
        env={
            **kept,
            "DJANGO_SETTINGS_MODULE": "participation.settings",
            "SECRET_KEY": "x" * 50,
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, "DATABASE_URL and REDIS_URL must be set"),
        ({"DATABASE_URL": "postgres://a:b@127.0.0.1:1/x"}, "REDIS_URL must be set"),
        ({"REDIS_URL": "redis://127.0.0.1:1/0"}, "DATABASE_URL must be set"),
    ],
)
def test_production_refuses_to_start_embedded_without_being_told(env, missing):
    refused = start_django(DEBUG="false", **env)

    assert refused.returncode != 0
    assert missing in refused.stderr
    assert "EMBEDDED=true" in refused.stderr


def test_a_broker_url_in_the_environment_other_than_redis_url_is_refused():
    redis = "redis://127.0.0.1:6379/0"
    both = {"DEBUG": "true", "REDIS_URL": redis}

    refused = start_django(**both, CELERY_BROKER_URL="redis://elsewhere:6379/0")
    agreeing = start_django(**both, CELERY_BROKER_URL=redis)

    assert refused.returncode != 0
    assert "the portal's broker is REDIS_URL" in refused.stderr
    assert agreeing.returncode == 0, agreeing.stderr


@pytest.mark.parametrize("env", [{"EMBEDDED": "true"}, {"DEBUG": "true"}])
def test_embedded_on_purpose_starts(env):
    started = start_django(DEBUG=env.pop("DEBUG", "false"), **env)

    assert started.returncode == 0, started.stderr


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, "http://127.0.0.1:8102"),
        ("https://portal.example", "https://portal.example"),
    ],
)
def test_make_run_links_emails_to_its_own_port_unless_told(given, expected):
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k != "PORTAL_BASE_URL"}
    if given:
        env["PORTAL_BASE_URL"] = given
    recipe = subprocess.run(  # noqa: S603 - make, dry run: prints, runs nothing
        ["make", "-s", "-n", "run", "PORT=8102"],  # noqa: S607
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[-1]
    # The server's command line, with the server swapped for printing its
    # environment: what the running portal would see.
    settings_part = recipe.split(" .venv/bin/python", 1)[0]
    seen = subprocess.run(  # noqa: S603
        ["/bin/sh", "-c", f"{settings_part} env"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert f"PORTAL_BASE_URL={expected}\n" in seen
    assert "runserver 127.0.0.1:8102" in recipe
