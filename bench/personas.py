"""Who the virtual users are, their sessions, and the in-process query count.

Needs Django set up (bench/run.py does it). Sessions are made server-side, as
the test client's force_login does: the load run measures pages, not sign-in,
and a role page only asks that the person has an authenticator
(accounts.decorators.role_required), which every generated role holder has.
"""

import random
import time
from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote_plus

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.roles import Role
from communities.models import Community
from moderation.models import Post

from .data.vocab import SEARCH_TERMS
from .pages import ADMINISTRATOR, CIVIL_SERVANT, PRESS_OFFICER, TRAINER, Page

HOST = "127.0.0.1"
URLS_PER_USER = 20


@dataclass
class VirtualUser:
    person: User
    cookie: str  # the Cookie header: a signed-in session


def _weighted_sample(rng, people: list[User], weights: list[float], k: int):
    chosen: dict[int, User] = {}
    while len(chosen) < min(k, len(people)):
        person = rng.choices(people, weights=weights)[0]
        chosen[person.pk] = person
    return list(chosen.values())


def choose_people(rng: random.Random, count: int) -> dict[str, list[User]]:
    """Civil servants: people with posts and no role. Press officers and
    trainers: weighted by the staff of their organisation, since the big
    offices use these pages most."""
    staff = Counter(
        User.objects.filter(is_active=True).values_list("organisation_id", flat=True)
    )
    chosen = {}
    for role_name, role in (
        (PRESS_OFFICER, Role.PRESS_OFFICER),
        (TRAINER, Role.TRAINER),
        (ADMINISTRATOR, Role.ADMINISTRATOR),
    ):
        holders = list(
            User.objects.filter(groups__name=role, is_active=True).order_by("pk")
        )
        weights = [staff[p.organisation_id] for p in holders]
        chosen[role_name] = _weighted_sample(rng, holders, weights, count)
    authors = set(Post.objects.values_list("author_id", flat=True).distinct())
    plain = list(
        User.objects.filter(is_active=True, groups=None, pk__in=authors).order_by("pk")
    )
    chosen[CIVIL_SERVANT] = rng.sample(plain, min(count, len(plain)))
    return chosen


def sign_in(people: dict[str, list[User]]) -> dict[str, list[VirtualUser]]:
    signed_in = {}
    for role, persons in people.items():
        signed_in[role] = []
        for person in persons:
            client = Client()
            client.force_login(person)
            key = client.cookies[settings.SESSION_COOKIE_NAME].value
            cookie = f"{settings.SESSION_COOKIE_NAME}={key}"
            signed_in[role].append(VirtualUser(person, cookie))
    return signed_in


def popular_communities() -> tuple[list[int], list[int], int]:
    """Listed communities and how many posts each has (busy ones are visited
    more often), and the organisation with the most items awaiting review."""
    rows = (
        Community.objects.listed()
        .annotate(n=Count("posts"))
        .order_by("pk")
        .values_list("pk", "n")
    )
    ids, weights = zip(*[(pk, n + 1) for pk, n in rows], strict=True)
    busiest = (
        Post.objects.awaiting_review()
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation_id")
        .values_list("organisation_id", flat=True)
        .first()
    )
    return list(ids), list(weights), busiest


def urls_for(page: Page, user: VirtualUser, index: int, rng, communities) -> list[str]:
    ids, weights, busiest = communities
    urls = []
    for turn in range(URLS_PER_USER):
        urls.append(
            page.path.format(
                community=rng.choices(ids, weights=weights)[0],
                term=quote_plus(SEARCH_TERMS[(index + turn) % len(SEARCH_TERMS)]),
                organisation=user.person.organisation_id,
                busiest=busiest,
            )
        )
    return urls


def profile(url: str, cookie: str) -> dict:
    """Warm requests in-process: status, queries, time, SQL time, slowest
    query. The first request warms per-process caches and is not counted; of
    the next two, the one with fewer queries counts, so that a write that
    happens now and then (the session's once-a-minute touch) is not taken for
    the page's own."""
    client = Client(HTTP_HOST=HOST)
    if cookie:
        name, _, key = cookie.partition("=")
        client.cookies[name] = key
    client.get(url)
    return min((_measured(client, url) for _ in range(2)), key=lambda r: r["queries"])


def _measured(client: Client, url: str) -> dict:
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - started
    queries = captured.captured_queries
    slowest = max(queries, key=lambda q: float(q["time"]), default=None)
    return {
        "status": response.status_code,
        "bytes": len(response.content),
        "queries": len(queries),
        "ms": round(seconds * 1000, 1),
        "sql_ms": round(sum(float(q["time"]) for q in queries) * 1000, 1),
        "slowest_query_ms": round(float(slowest["time"]) * 1000, 1) if slowest else 0,
        "slowest_query": slowest["sql"][:400] if slowest else "",
    }
