"""The daily rollup of posts (moderation.rollups): right after every kind of
transition, right on the local day, rebuilt idempotently, and read by the
community page exactly as the old count over the posts."""

import importlib
import re
import threading
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from moderation import services
from moderation.models import Action, DecisionDay, Post, PostDay, PostEvent
from moderation.rollups import rollup_rebuild, waited_tenths
from moderation.selectors import engagement_by_organisation
from moderation.tasks import rebuild_post_rollup_task
from tests.communities.factories import CommunityFactory
from training.models import GrantedLevel

from .scenarios import FIRST_DAY, build_world, clock_at, write_posts

pytestmark = pytest.mark.django_db

DAY = FIRST_DAY.date() + timedelta(days=7)  # Monday 5 October 2026
MORNING = FIRST_DAY + timedelta(days=7, hours=9)


def rows() -> list[tuple]:
    """The rollup as (organisation, day, community, purpose, posted, posts)."""
    return sorted(
        PostDay.objects.values_list(
            "organisation_id", "day", "community_id", "purpose", "posted", "posts"
        )
    )


@pytest.fixture
def author(civil_servant):
    # May post unreviewed in low-risk communities (level 2).
    GrantedLevel.objects.create(person=civil_servant, level=2)
    return civil_servant


@pytest.fixture
def forum():
    return CommunityFactory(risk="low")


def draft(author, community, purpose="answer_question") -> Post:
    return services.post_create(
        author=author,
        data={
            "community": community,
            "thread_url": "https://forum.example.org/t/1",
            "purpose": purpose,
            "topic": "Buses",
            "text": "<p>Hi</p>",
        },
    )


def submit(post, officer=None):
    services.post_submit(post_id=post.pk, actor=post.author, disclosed_role=True)


def approve(post, officer):
    services.post_approve(post_id=post.pk, actor=officer)


def record_posted(post, officer=None):
    services.post_record_posted(post_id=post.pk, actor=post.author, posted_url="u")


def flag(post, officer):
    services.post_flag(post_id=post.pk, actor=officer, category="tone", note="n")


# (steps before, the transition, posted afterwards)
TRANSITIONS = {
    "submit": ([], submit, False),
    "log posted": (
        [],
        lambda p, o: services.post_log_posted(
            post_id=p.pk, actor=p.author, disclosed_role=True, posted_url="u"
        ),
        True,
    ),
    "approve": ([submit], approve, False),
    "reject": (
        [submit],
        lambda p, o: services.post_reject(
            post_id=p.pk, actor=o, comment="No", reason_code="off_policy"
        ),
        False,
    ),
    "request changes": (
        [submit],
        lambda p, o: services.post_request_changes(post_id=p.pk, actor=o, comment="c"),
        False,
    ),
    "record posted": ([submit, approve], record_posted, True),
    "flag": ([submit, approve, record_posted], flag, True),
    "resolve": (
        [submit, approve, record_posted, flag],
        lambda p, o: services.flag_resolve(
            flag_id=p.flags.get().pk, actor=o, outcome="Learned"
        ),
        True,
    ),
    "withdraw": (
        [submit],
        lambda p, o: services.post_withdraw(post_id=p.pk, actor=p.author),
        False,
    ),
    "expire": (
        [submit, approve],
        lambda p, o: services.approvals_expire(now=MORNING + timedelta(days=9)),
        False,
    ),
}


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_the_rollup_is_right_after_each_kind_of_transition(
    name, author, press_officer, organisation, forum
):
    before, transition, posted = TRANSITIONS[name]
    with clock_at(MORNING) as clock:
        post = draft(author, forum)
        for step in before:
            clock.advance(hours=1)
            step(post, press_officer)
        clock.advance(days=2)  # the day it was first sent stays its day
        transition(post, press_officer)

    day = DAY if before else DAY + timedelta(days=2)
    assert rows() == [(organisation.pk, day, forum.pk, "answer_question", posted, 1)]
    assert rollup_rebuild() == 0  # what the services kept equals a fresh count


def test_a_draft_never_sent_is_not_counted_and_editing_a_returned_draft_moves_it(
    author, press_officer, organisation, forum
):
    blog = CommunityFactory(platform="blog", risk="low")
    with clock_at(MORNING):
        services.post_withdraw(post_id=draft(author, forum).pk, actor=author)
        assert rows() == []
        post = draft(author, forum)
        submit(post)
        services.post_request_changes(post_id=post.pk, actor=press_officer, comment="c")
        services.post_update(
            post_id=post.pk,
            actor=author,
            data={"purpose": "consult", "community": blog},
        )

    assert rows() == [(organisation.pk, DAY, blog.pk, "consult", False, 1)]
    assert rollup_rebuild() == 0


def test_claims_and_other_events_that_change_no_count_do_not_recount(
    author, press_officer, forum, queries
):
    post = draft(author, forum)
    submit(post)

    with queries() as captured:
        services.post_claim(post_id=post.pk, actor=press_officer)

    assert not any("moderation_postday" in q["sql"] for q in captured)


@pytest.mark.parametrize(
    "sent, day",
    [
        # British Summer Time: 23:30 UTC is already the next day in London.
        (datetime(2026, 10, 5, 23, 30), date(2026, 10, 6)),
        # Greenwich Mean Time again after 25 October: UTC is local.
        (datetime(2026, 10, 26, 23, 30), date(2026, 10, 26)),
    ],
)
def test_a_post_counts_under_the_local_day_it_was_sent(author, forum, sent, day):
    assert settings.TIME_ZONE == "Europe/London"
    from datetime import UTC

    with clock_at(sent.replace(tzinfo=UTC)):
        submit(draft(author, forum))

    assert [row[1] for row in rows()] == [day]


def test_rebuilding_repairs_writes_made_around_the_services_and_is_idempotent(
    author, organisation, forum
):
    with clock_at(MORNING):
        post = draft(author, forum)
        submit(post)
    Post.objects.filter(pk=post.pk).update(purpose="engage")  # behind the services
    PostDay.objects.create(  # a stray row for a day with no posts
        organisation=organisation,
        day=DAY + timedelta(1),
        purpose="consult",
        posted=False,
        posts=3,
    )

    assert rollup_rebuild(days=[DAY + timedelta(1)]) == 1
    assert rollup_rebuild() == 1
    assert rows() == [(organisation.pk, DAY, forum.pk, "engage", False, 1)]
    assert rollup_rebuild() == 0 and rows() == [
        (organisation.pk, DAY, forum.pk, "engage", False, 1)
    ]


def test_the_command_rebuilds_given_days_or_every_day(author, forum):
    with clock_at(MORNING):
        submit(draft(author, forum))
    PostDay.objects.all().delete()
    out = StringIO()

    call_command("rebuild_post_rollup", "2026-10-04", stdout=out)
    assert "2026-10-04: 0 organisation-days corrected" in out.getvalue()
    call_command("rebuild_post_rollup", stdout=out)
    assert "every day: 1 organisation-days corrected" in out.getvalue()
    assert len(rows()) == 1


def test_the_command_refuses_something_that_is_not_a_day():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Not a day"):
        call_command("rebuild_post_rollup", "yesterday")


def test_the_nightly_job_rebuilds_the_rollup(author, forum):
    assert (
        settings.CELERY_BEAT_SCHEDULE["rebuild-post-rollup"]["task"]
        == "moderation.tasks.rebuild_post_rollup_task"
    )
    with clock_at(MORNING):
        submit(draft(author, forum))
    PostDay.objects.all().delete()

    assert rebuild_post_rollup_task() == 1 and len(rows()) == 1


# The submission time a decision stores ------------------------------------


def sent_back_then_approved(author, officer, community) -> Post:
    """Submitted, sent back 3 hours later, resubmitted a day on, then approved."""
    with clock_at(MORNING) as clock:
        post = draft(author, community)
        submit(post)
        clock.advance(hours=3)
        services.post_request_changes(post_id=post.pk, actor=officer, comment="c")
        clock.advance(hours=20)
        submit(post)
        clock.advance(hours=2)
        approve(post, officer)
    return post


def test_a_decision_stores_its_posts_latest_submission(author, press_officer, forum):
    post = sent_back_then_approved(author, press_officer, forum)

    submissions = list(
        PostEvent.objects.filter(post=post, action=Action.SUBMIT).values_list(
            "created_at", flat=True
        )
    )
    decisions = PostEvent.objects.filter(
        post=post, action__in=[Action.REQUEST_CHANGES, Action.APPROVE]
    ).values_list("submitted_at", flat=True)
    assert list(decisions) == submissions
    assert not PostEvent.objects.filter(
        post=post, action=Action.SUBMIT, submitted_at__isnull=False
    ).exists()


def test_the_migration_backfills_decisions_by_the_rule_reports_used(
    author, press_officer, forum
):
    migration = importlib.import_module(
        "moderation.migrations.0005_post_day_and_decision_submitted_at"
    )
    sent_back_then_approved(author, press_officer, forum)
    decisions = PostEvent.objects.filter(
        action__in=[Action.REQUEST_CHANGES, Action.APPROVE]
    )
    stored = list(decisions.order_by("pk").values_list("submitted_at", flat=True))
    decisions.update(submitted_at=None)
    PostDay.objects.all().delete()

    migration.backfill_submitted_at(apps, None)
    migration.fill_post_days(apps, None)

    assert list(decisions.order_by("pk").values_list("submitted_at", flat=True)) == (
        stored
    )
    assert rollup_rebuild() == 0


def decision_rows() -> list[tuple]:
    """The decisions' rollup as (organisation, day, waited tenths, decisions)."""
    return sorted(
        DecisionDay.objects.values_list(
            "organisation_id", "day", "waited_tenths", "decisions"
        )
    )


def test_each_decision_is_counted_under_its_day_by_its_wait(
    author, press_officer, organisation, forum
):
    sent_back_then_approved(author, press_officer, forum)

    # Sent back after 3 hours on the first day; approved after 2 the next.
    assert decision_rows() == [
        (organisation.pk, DAY, 30, 1),
        (organisation.pk, DAY + timedelta(days=1), 20, 1),
    ]
    assert rollup_rebuild() == 0


@pytest.mark.parametrize(
    "minutes, tenths",
    # Python's rounding of the hours, as the report always rounded them: a
    # half rounds by the float stored, 0.05 h (3 minutes) and 1.05 h up, 0.15
    # and 0.95 h down, and a database's half-up rounding would differ.
    [(2, 0), (3, 1), (9, 1), (15, 2), (57, 9), (63, 11), (24 * 60 + 1, 240)],
)
def test_a_wait_is_stored_in_tenths_of_an_hour_as_the_report_rounds_it(
    author, press_officer, forum, minutes, tenths
):
    with clock_at(MORNING) as clock:
        post = draft(author, forum)
        submit(post)
        clock.advance(minutes=minutes)
        approve(post, press_officer)

    assert [row[2] for row in decision_rows()] == [tenths]
    assert waited_tenths(MORNING + timedelta(minutes=minutes), MORNING) == tenths


def test_decisions_on_one_day_with_one_wait_share_a_row(
    author, press_officer, organisation, forum
):
    with clock_at(MORNING) as clock:
        posts = [draft(author, forum) for _ in range(3)]
        for post in posts:
            submit(post)
        clock.advance(hours=1)
        for post in posts:
            approve(post, press_officer)

    assert decision_rows() == [(organisation.pk, DAY, 10, 3)]


def test_the_migration_fills_the_decisions_rollup_as_the_services_keep_it(
    author, press_officer, forum
):
    migration = importlib.import_module("moderation.migrations.0006_decision_day")
    sent_back_then_approved(author, press_officer, forum)
    kept = decision_rows()
    DecisionDay.objects.all().delete()

    migration.fill_decision_days(apps, None)

    assert decision_rows() == kept
    assert rollup_rebuild() == 0


def test_rebuilding_repairs_the_decisions_rollup(author, press_officer, forum):
    sent_back_then_approved(author, press_officer, forum)
    kept = decision_rows()
    DecisionDay.objects.update(decisions=7)

    assert rollup_rebuild() == 2  # two days were wrong
    assert decision_rows() == kept
    assert rollup_rebuild() == 0


# Seeded random posts: counted both ways ---------------------------------


def old_engagement_by_organisation(community) -> list[tuple[str, int]]:
    """The selector as it was, counting the posts themselves."""
    return list(
        Post.objects.filter(
            community=community,
            status__in=[Post.Status.POSTED, Post.Status.FLAGGED, Post.Status.RESOLVED],
        )
        .values("organisation__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation__name")
        .values_list("organisation__name", "n")
    )


@pytest.fixture
def world(organisation, other_organisation, press_officer, other_org_press_officer):
    world = build_world(
        organisation, other_organisation, press_officer, other_org_press_officer
    )
    write_posts(world, 80)
    return world


def test_seeded_random_posts_leave_nothing_for_a_rebuild_to_correct(world):
    assert Post.objects.exclude(sent_at=None).count() > 60
    assert rollup_rebuild() == 0


def test_the_community_page_counts_as_it_did_when_it_counted_posts(world):
    counted = [engagement_by_organisation(c) for c in world.communities if c]

    assert counted == [
        old_engagement_by_organisation(c) for c in world.communities if c
    ]
    assert any(len(rows) == 2 for rows in counted)  # both organisations somewhere


def test_removing_a_community_keeps_every_count(world):
    removed = world.communities[0]
    expected = sum(n for _, n in engagement_by_organisation(removed))

    removed.delete()  # its posts and rows become "not in the directory"

    assert PostDay.objects.filter(community=None, posted=True).count() >= expected
    assert rollup_rebuild() == 0


def test_the_community_page_reads_a_fixed_number_of_queries(world, queries, forum):
    def count(community):
        with queries() as captured:
            engagement_by_organisation(community)
        return len(captured)

    assert count(forum) == count(world.communities[0]) == 1


# Two services recounting one organisation's day at once -----------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
def test_a_transition_locks_the_post_then_its_organisation(author, forum, queries):
    post = draft(author, forum)

    with queries() as captured:
        submit(post)

    locks = [q["sql"] for q in captured if " FOR " in q["sql"]]
    assert [re.search(r'FROM "(\w+)"', sql).group(1) for sql in locks] == [
        "moderation_post",
        "accounts_organisation",
    ]
    assert all("FOR NO KEY UPDATE" in sql for sql in locks)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
@pytest.mark.django_db(transaction=True)
def test_two_posts_sent_at_once_on_one_day_are_both_counted(
    author, organisation, forum
):
    posts = [draft(author, forum) for _ in range(2)]
    barrier = threading.Barrier(2)

    def send(post):
        try:
            barrier.wait()
            submit(post)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(p,)) for p in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(row[-1] for row in rows()) == 2
    assert rollup_rebuild() == 0
