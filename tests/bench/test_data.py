"""The benchmark data generator makes a consistent world, even at a sliver of
scale 1 (bench/data/, `manage.py generate_bench_data`, which only the benchmark
settings install)."""

from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from accounts.models import OrganisationUserObjectPermission, User
from accounts.roles import Role
from bench.data import counts_for, generate
from communities.models import Community
from moderation.models import Flag, Post, PostEvent
from training.models import Assignment

SCALE = 0.005  # 100 people, 1,000 posts: about a second


@pytest.fixture
def world(db):
    return generate(scale=SCALE, seed=7, log=lambda *a: None)


def test_counts_follow_the_scale(world):
    expected = counts_for(SCALE)
    assert world["users"] == expected["users"]
    assert world["posts"] == expected["posts"]
    assert world["communities"] == expected["communities"]
    assert world["assignments"] == expected["assignments"]
    assert counts_for(10)["posts"] == 2_000_000


def test_posts_are_in_every_state_and_most_end_approved(world):
    by_state = dict(Post.objects.values_list("status").annotate(n=Count("pk")))
    assert set(by_state) == set(Post.Status.values)
    approved = sum(by_state[s] for s in ("approved", "posted", "flagged", "resolved"))
    assert approved > 0.7 * world["posts"]


def test_every_post_has_the_history_that_led_to_its_state(world):
    for post in Post.objects.prefetch_related("events"):
        moves = [e for e in post.events.all() if e.old_status != e.new_status]
        if post.status == Post.Status.DRAFT and not moves:
            continue
        assert moves, post
        assert moves[-1].new_status == post.status
        for before, after in zip(moves, moves[1:], strict=False):
            assert before.new_status == after.old_status
            assert before.created_at <= after.created_at
        assert post.events.all()[0].created_at >= post.created_at


def test_history_keeps_its_historic_times(world):
    oldest = PostEvent.objects.order_by("created_at").first().created_at
    assert oldest < timezone.now() - timezone.timedelta(days=200)
    assert not PostEvent.objects.filter(created_at__gt=timezone.now()).exists()
    # ...and the models stamp new rows with "now" again afterwards.
    field = Post._meta.get_field("created_at")
    assert field.auto_now_add


def test_flagged_posts_carry_their_flag(world):
    flagged = Post.objects.filter(status__in=["flagged", "resolved"])
    assert Flag.objects.count() == flagged.count()
    assert not Flag.objects.filter(post__status="resolved", resolved_at=None).exists()
    assert not Flag.objects.filter(post__status="flagged").exclude(resolved_at=None)


def test_assignments_in_every_state(world):
    states = set(Assignment.objects.values_list("status", flat=True))
    assert states == set(Assignment.Status.values)


def test_role_holders_can_use_their_pages(world):
    officers = User.objects.filter(groups__name=Role.PRESS_OFFICER)
    assert officers.exists()
    for officer in officers:
        assert Authenticator.objects.filter(user=officer, type="totp").exists()
        assert OrganisationUserObjectPermission.objects.filter(user=officer).exists()


def test_a_few_communities_are_busy_and_most_quiet(world):
    posts = sorted(
        Community.objects.annotate(n=Count("posts")).values_list("n", flat=True),
        reverse=True,
    )
    assert posts[0] > 10 * posts[len(posts) // 2]
    assert not Community.objects.listed().filter(search_text="").exists()


def test_command_fills_an_empty_database(db, benchmark_on):
    call_command("generate_bench_data", scale=SCALE, seed=7, stdout=StringIO())
    assert User.objects.count() == counts_for(SCALE)["users"]
    assert Post.objects.count() == counts_for(SCALE)["posts"]


def test_command_refuses_a_database_with_people(world, benchmark_on):
    with pytest.raises(CommandError, match="empty"):
        call_command("generate_bench_data", scale=SCALE)


def test_every_generated_person_has_a_stored_level_without_drift(world):
    from training.services import levels_check

    drift = levels_check()

    assert (len(drift.drifted), len(drift.missing)) == (0, 0)


def test_half_the_listed_communities_have_feeds_and_their_threads_are_matched(world):
    from communities.models import Community
    from conversations.models import OrganisationThread, Thread

    listed = Community.objects.listed()
    with_feed = listed.exclude(feed_url="").count()

    assert 0.3 < with_feed / listed.count() < 0.7
    assert Thread.objects.count() == 3 * with_feed
    matched = OrganisationThread.objects
    assert matched.filter(relevant=True).exists()
    assert matched.filter(sensitive=True).exists()
    assert world["organisation_threads"] == matched.count()
