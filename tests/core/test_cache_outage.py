"""Redis down: the cache falls back to the database and no request fails.

The cache here is the production backend (core.cache.RedisWithFallbackCache)
pointed at a port where nothing listens, as when Redis has died; the fallback
is the real table in the test database. Needs no Redis of its own.
"""

import importlib

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from core import cache as portal_cache
from moderation.models import Post
from notifications.models import Notification
from tests.accounts.factories import PASSWORD, TOTP_SECRET
from tests.moderation.helpers import make_post

pytestmark = pytest.mark.django_db

DEAD = "redis://127.0.0.1:1/0"  # port 1: nothing listens
REDIS_DOWN = {
    "default": {
        "BACKEND": "core.cache.RedisWithFallbackCache",
        "LOCATION": DEAD,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": False,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    },
    "fallback": settings.FALLBACK_CACHE,
}


@pytest.fixture
def redis_down():
    portal_cache.RedisWithFallbackCache._down_until = 0.0
    with override_settings(CACHES=REDIS_DOWN):
        yield caches["default"]
    portal_cache.RedisWithFallbackCache._down_until = 0.0


def current_code() -> str:
    import time

    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


def test_every_cache_call_answers_from_the_fallback_with_its_meaning_kept(
    redis_down,
):
    assert redis_down.add("code-used", "y", 30) is True
    assert redis_down.add("code-used", "y", 30) is False  # a code works once
    redis_down.set("limit", [1, 2], 60)
    assert redis_down.get("limit") == [1, 2]
    assert redis_down.get_many(["limit", "nothing"]) == {"limit": [1, 2]}
    redis_down.set("hits", 1, 60)
    assert redis_down.incr("hits") == 2
    redis_down.delete("limit")
    assert redis_down.get("limit", "gone") == "gone"
    # All of it went to the database table, and none of it failed.
    assert caches["fallback"].get("hits") == 2


def test_after_a_failure_the_process_leaves_redis_alone_for_a_while(redis_down):
    redis_down.get("anything")
    down_until = portal_cache.RedisWithFallbackCache._down_until

    redis_down.get("anything-else")  # straight to the fallback: no new attempt

    assert down_until > 0
    assert portal_cache.RedisWithFallbackCache._down_until == down_until


def test_sign_in_with_password_and_two_factor_works_while_redis_is_down(
    client, redis_down, press_officer
):
    response = client.post(
        reverse("account_login"), {"login": press_officer.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")

    code = current_code()
    right = client.post(reverse("mfa_authenticate"), {"code": code})

    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(press_officer.pk)
    assert client.get("/review/").status_code == 200
    # The code is still spent: replay protection holds during the outage.
    assert (
        redis_down.add(
            f"allauth.mfa.totp.used?user={press_officer.pk}&code={code}", "y", 30
        )
        is False
    )


def test_failed_sign_ins_are_still_limited_while_redis_is_down(
    client, redis_down, civil_servant
):
    for _ in range(6):  # allauth's default: 5 failures per account in 5 minutes
        client.post(
            reverse("account_login"),
            {"login": civil_servant.email, "password": "wrong-password"},
        )

    response = client.post(
        reverse("account_login"), {"login": civil_servant.email, "password": PASSWORD}
    )

    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("civil_servant", "/"),
        ("civil_servant", "/log/"),
        ("press_officer", "/"),
        ("press_officer", "/review/"),
        ("trainer", "/"),
        ("trainer", "/training/manage/"),
        ("editor", "/"),
        ("editor", "/principles/"),
        ("admin_user", "/"),
    ],
)
def test_signed_in_pages_answer_as_usual_while_redis_is_down(
    request, client, redis_down, persona, path
):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(path).status_code == 200


def test_submitting_deciding_and_the_test_notification_work_while_redis_is_down(
    client, redis_down, civil_servant, press_officer
):
    post = make_post(civil_servant)
    client.force_login(civil_servant)
    client.post(f"/log/{post.pk}/submit/", {"disclosed_role": "yes"})
    post.refresh_from_db()
    assert post.status == Post.Status.AWAITING_REVIEW

    sent = client.post("/notifications/preferences/test/", follow=True)
    assert "We have sent you a test notification" in sent.content.decode()
    again = client.post("/notifications/preferences/test/", follow=True)
    assert "one test notification a minute" in again.content.decode()

    client.force_login(press_officer)
    decided = client.post(f"/review/{post.pk}/decide/", {"decision": "approve"})
    assert decided.status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.APPROVED
    assert Notification.objects.filter(recipient=civil_servant).count() >= 2


def test_the_settings_name_the_fallback_table_that_cores_migration_makes():
    migration = importlib.import_module("core.migrations.0001_fallback_cache_table")

    assert settings.FALLBACK_CACHE["LOCATION"] == migration.TABLE
    assert migration.TABLE in connection.introspection.table_names()
