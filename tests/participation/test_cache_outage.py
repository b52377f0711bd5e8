"""The cache (Redis) being down is a miss, never an error: sessions come from
the database behind it, and signed-in pages answer as usual. (What sign-in's
rate limits do while it is down is the resilience issue's to decide.)"""

import socket

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(
    "django_redis" not in settings.CACHES["default"]["BACKEND"],
    reason="the real cache (REDIS_URL) is not configured",
)


def dead_port() -> int:
    """A loopback port nothing listens on: connections are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": f"redis://127.0.0.1:{dead_port()}/0",
        }
    }


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("civil_servant", "/"),
        ("civil_servant", "/log/"),
        ("press_officer", "/"),
        ("press_officer", "/review/"),
        ("trainer", "/"),
        ("editor", "/principles/"),
    ],
)
def test_signed_in_pages_answer_as_usual_with_the_cache_down(
    request, client, cache_down, persona, path
):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(path).status_code == 200
