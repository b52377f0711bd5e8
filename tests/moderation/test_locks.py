"""Lock order: every service that touches a post and its flag locks the post
first, so two of them running at once queue up instead of deadlocking."""

import re

import pytest
from django.db import connection

from moderation import services
from moderation.models import Flag, Post

from .helpers import make_post

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no row locks"
)


def locked_tables(captured) -> list[str]:
    return [
        re.search(r'FROM "(\w+)"', q["sql"]).group(1)
        for q in captured
        if " FOR " in q["sql"] and "UPDATE" in q["sql"].rsplit(" FOR ", 1)[1]
    ]


def test_responding_to_a_flag_locks_the_post_before_the_flag(civil_servant, queries):
    flag = Flag.objects.get(post=make_post(civil_servant, status=Post.Status.FLAGGED))

    with queries() as captured:
        services.flag_respond(flag_id=flag.pk, actor=civil_servant, response="Sorry")

    # Then, when a figure the reports count changed, the organisation's
    # rollup lock (moderation.rollups): always after the post's.
    assert locked_tables(captured)[:2] == ["moderation_post", "moderation_flag"]


def test_resolving_a_flag_locks_the_post_before_the_flag(
    civil_servant, press_officer, queries
):
    flag = Flag.objects.get(post=make_post(civil_servant, status=Post.Status.FLAGGED))

    with queries() as captured:
        services.flag_resolve(flag_id=flag.pk, actor=press_officer, outcome="Learned")

    # Then, when a figure the reports count changed, the organisation's
    # rollup lock (moderation.rollups): always after the post's.
    assert locked_tables(captured)[:2] == ["moderation_post", "moderation_flag"]


def test_every_post_lock_leaves_the_key_unlocked(civil_servant, queries):
    post = make_post(civil_servant)

    with queries() as captured:
        services.post_withdraw(post_id=post.pk, actor=civil_servant)

    (lock,) = [q["sql"] for q in captured if " FOR " in q["sql"]]
    assert "FOR NO KEY UPDATE" in lock
