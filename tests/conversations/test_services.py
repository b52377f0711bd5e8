"""Storing, matching, keeping and deciding on the feeds' threads."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.roles import Role
from communities.feeds import FeedAnswer
from communities.models import Community
from communities.selectors import communities_becoming_stale, feeds_to_fetch
from conversations.models import OrganisationThread, Thread, ThreadDecision
from conversations.services import (
    area_wordings,
    conversations_trim,
    feed_fetched,
    organisations_topics,
    thread_decide,
    threads_forget,
    threads_mark_posted,
    threads_match_again,
)
from notifications.models import Notification
from tests.accounts.factories import UserFactory, give_role
from tests.communities.factories import CommunityFactory, policy_area

from .factories import follows, item, sensitive, store

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(db):
    return CommunityFactory(
        name="County forum", feed_url="https://forum.example.org/feed", risk="high"
    )


def test_each_item_is_stored_once_by_its_guid(forum):
    assert store(forum, item(1), item(2)) == 2
    assert store(forum, item(1), item(2), item(3)) == 1

    assert sorted(Thread.objects.values_list("url", flat=True)) == [
        f"https://forum.example.org/t/{n}" for n in (1, 2, 3)
    ]
    forum.refresh_from_db()
    assert forum.feed_new_item_at is not None
    assert forum.feed_failures == 0


def test_the_same_guid_in_two_communities_is_two_threads(forum):
    other = CommunityFactory()

    store(forum, item(1))
    store(other, item(1))

    assert Thread.objects.count() == 2


def test_titles_and_summaries_are_cleaned_to_plain_text(forum):
    store(
        forum,
        item(
            1,
            title="<script>alert(1)</script>Bus <b>fares</b> &amp; tickets",
            summary='<img src=x onerror="alert(2)"><a href="javascript:x()">click</a>'
            " me\x00\x07 now " + "long " * 300,
            author="<i>Jo</i>\x1b",
        ),
    )

    thread = Thread.objects.get()
    assert thread.title == "Bus fares & tickets"
    assert thread.author == "Jo"
    assert thread.summary.startswith("click me now long")
    assert len(thread.summary) <= 600 and thread.summary.endswith("…")
    assert "<" not in thread.summary and "javascript" not in thread.summary


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "",
        "ftp://forum.example.org/x",
        "data:text/html,x",
        "https://" + "a" * 600 + ".org/",
    ],
)
def test_an_item_without_a_web_address_is_not_stored(forum, link):
    assert store(forum, item(1, link=link)) == 0
    assert Thread.objects.count() == 0


def test_dates_in_the_future_or_missing_are_when_fetched_and_old_ones_dropped(forum):
    before = timezone.now()
    store(
        forum,
        item(1, title="Future", published=before + timedelta(days=400)),
        item(2, title="Undated", published=None),
        item(3, title="Old", published=before - timedelta(days=91)),
    )

    stored = dict(Thread.objects.values_list("title", "published_at"))
    assert sorted(stored) == ["Future", "Undated"]
    assert all(before <= moment <= timezone.now() for moment in stored.values())


@pytest.mark.parametrize(
    "text, areas, topics",
    [
        ("New bus timetables", [], []),
        ("Housing waiting lists", ["Housing and planning"], []),
        ("planning permission for a mast", ["Housing and planning"], []),
        ("Transport: rail strikes", ["Transport"], ["Rail strikes"]),
        ("the rail strike this week", [], ["Rail strikes"]),
        ("Rail-strikes, again", [], ["Rail strikes"]),
        ("walkout on the railway", [], ["Rail strikes"]),  # an alternative
        ("Rehousing the archive", [], []),  # a longer word is not the area
        ("strikes on the rail", [], []),  # the words, not the phrase
    ],
)
def test_threads_match_the_organisations_areas_and_topics_by_word_stems(
    forum, organisation, text, areas, topics
):
    follows(organisation, "Housing and planning", "Transport")
    sensitive(organisation, "Rail strikes", "walkout on the railway")

    store(forum, item(1, title=text))

    match = OrganisationThread.objects.filter(organisation=organisation).first()
    if not (areas or topics):
        assert match is None
        return
    assert (match.policy_areas, match.sensitive_topics) == (areas, topics)
    assert (match.relevant, match.sensitive) == (bool(areas), bool(topics))


def test_a_thread_in_a_community_tagged_with_an_area_touches_that_area(
    forum, organisation
):
    forum.policy_areas.add(policy_area("Transport"))
    follows(organisation, "Transport")

    store(forum, item(1, title="Anything at all"))

    match = OrganisationThread.objects.get()
    assert match.policy_areas == ["Transport"] and match.relevant


def test_each_organisation_sees_only_its_own_matches(
    forum, organisation, other_organisation
):
    follows(organisation, "Transport")
    sensitive(other_organisation, "Bus fares")

    store(forum, item(1, title="Transport: bus fares up"))

    rows = {
        m.organisation_id: (m.relevant, m.sensitive, m.risk_rank)
        for m in OrganisationThread.objects.all()
    }
    assert rows == {
        organisation.pk: (True, False, 3),
        other_organisation.pk: (False, True, 3),
    }


def test_area_wordings_split_a_name_of_two_parts():
    assert area_wordings("Housing and planning") == ["Housing", "planning"]
    assert area_wordings("Transport") == []


def test_matching_again_follows_a_change_of_topics_and_keeps_decisions(
    forum, organisation, press_officer
):
    sensitive(organisation, "Bus fares")
    store(forum, item(1, title="Bus fares up"), item(2, title="Rail strikes"))
    decided = OrganisationThread.objects.get()
    thread_decide(
        match_id=decided.pk, actor=press_officer, status="no_action", decisions_seen=0
    )
    organisation.sensitive_topics.all().delete()
    sensitive(organisation, "Rail strikes")

    assert threads_match_again(organisation.pk) == 1
    rows = {
        m.thread.title: (m.sensitive_topics, m.status)
        for m in OrganisationThread.objects.select_related("thread")
    }
    # The decided one stays, no longer sensitive; the new topic's thread is added.
    assert rows == {
        "Bus fares up": ([], "no_action"),
        "Rail strikes": (["Rail strikes"], "new"),
    }
    decided.refresh_from_db()
    assert (decided.sensitive, decided.status) == (False, "no_action")


def test_matching_again_with_no_topics_removes_undecided_matches(forum, organisation):
    sensitive(organisation, "Bus fares")
    store(forum, item(1, title="Bus fares up"))
    organisation.sensitive_topics.all().delete()

    assert threads_match_again(organisation.pk) == 0
    assert OrganisationThread.objects.count() == 0


def test_threads_are_forgotten_after_the_retention_period(
    forum, organisation, settings
):
    settings.THREAD_RETENTION_DAYS = 30
    sensitive(organisation, "Bus fares")
    store(
        forum, item(1, title="Bus fares old", days_ago=20), item(2, title="Bus fares")
    )

    assert threads_forget(now=timezone.now() + timedelta(days=15)) >= 1

    assert list(Thread.objects.values_list("title", flat=True)) == ["Bus fares"]
    assert OrganisationThread.objects.count() == 1


def test_a_logged_post_marks_the_thread_answered_for_that_organisation_only(
    forum, organisation, other_organisation
):
    sensitive(organisation, "Bus fares")
    sensitive(other_organisation, "Bus fares")
    store(forum, item(1, title="Bus fares", link="https://forum.example.org/t/1"))

    marked = threads_mark_posted(
        organisation_id=organisation.pk, thread_url="http://WWW.forum.example.org/t/1/"
    )

    assert marked == 1
    assert dict(
        OrganisationThread.objects.values_list("organisation_id", "has_post")
    ) == {
        organisation.pk: True,
        other_organisation.pk: False,
    }


def test_a_failing_feed_waits_longer_each_time_and_a_success_resets_it(forum):
    now = timezone.now()
    failed = FeedAnswer(ok=False, message="HTTP 500")
    waits = []
    for _ in range(12):
        feed_fetched(forum.pk, failed, organisations=[], now=now)
        forum.refresh_from_db()
        waits.append(forum.feed_retry_at - now)
    assert waits[:4] == [timedelta(hours=h) for h in (1, 2, 4, 8)]
    assert waits[-1] == timedelta(days=7)
    assert (forum.feed_failures, forum.feed_result) == (12, "HTTP 500")
    assert forum not in feeds_to_fetch(now=now)
    assert forum in feeds_to_fetch(now=now + timedelta(days=7))

    feed_fetched(
        forum.pk, FeedAnswer(ok=True, message="1 items", etag='"x"'), organisations=[]
    )
    forum.refresh_from_db()
    assert (forum.feed_failures, forum.feed_retry_at, forum.feed_etag) == (
        0,
        None,
        '"x"',
    )


def test_only_listed_entries_with_a_feed_are_fetched_least_recently_first(forum):
    CommunityFactory(feed_url="")
    CommunityFactory(
        feed_url="https://x.example.org/f", status=Community.Status.ARCHIVED
    )
    fetched = CommunityFactory(
        feed_url="https://y.example.org/f", feed_fetched_at=timezone.now()
    )

    assert list(feeds_to_fetch()) == [forum, fetched]


def test_a_feed_silent_for_six_months_makes_its_entry_due_a_review(forum):
    long_ago = timezone.now() - timedelta(days=200)
    Community.objects.filter(pk=forum.pk).update(
        listed_at=long_ago, last_engagement_at=timezone.now(), feed_new_item_at=long_ago
    )
    lively = CommunityFactory(
        listed_at=long_ago,
        last_engagement_at=timezone.now(),
        feed_url="https://z.example.org/f",
        feed_new_item_at=timezone.now(),
    )

    stale = set(communities_becoming_stale())

    assert forum in stale and lively not in stale


# Deciding -----------------------------------------------------------------


@pytest.fixture
def sensitive_match(forum, organisation):
    sensitive(organisation, "Bus fares")
    store(forum, item(1, title="Bus fares up"))
    return OrganisationThread.objects.get()


def test_a_press_officer_assigns_a_thread_and_the_colleague_is_told(
    sensitive_match, press_officer
):
    colleague = give_role(
        UserFactory(organisation=sensitive_match.organisation, full_name="Dee"),
        Role.PRESS_OFFICER,
        scope_over=[sensitive_match.organisation],
    )

    thread_decide(
        match_id=sensitive_match.pk,
        actor=press_officer,
        status="needs_response",
        assigned_to=colleague,
        note="Correct the fares figure",
        decisions_seen=0,
    )

    sensitive_match.refresh_from_db()
    assert (sensitive_match.status, sensitive_match.assigned_to) == (
        "needs_response",
        colleague,
    )
    assert ThreadDecision.objects.get().note == "Correct the fares figure"
    assert list(Notification.objects.values_list("recipient", flat=True)) == [
        colleague.pk
    ]


def test_assigning_to_oneself_tells_nobody(sensitive_match, press_officer):
    thread_decide(
        match_id=sensitive_match.pk,
        actor=press_officer,
        status="needs_response",
        assigned_to=press_officer,
        decisions_seen=0,
    )

    assert Notification.objects.count() == 0


@pytest.mark.parametrize(
    "who", ["civil_servant", "other_org_press_officer", "trainer", "admin_user"]
)
def test_only_the_organisations_press_officers_decide(sensitive_match, personas, who):
    with pytest.raises(PermissionDenied):
        thread_decide(
            match_id=sensitive_match.pk,
            actor=getattr(personas, who),
            status="no_action",
            decisions_seen=0,
        )
    assert ThreadDecision.objects.count() == 0


def test_a_thread_cannot_be_assigned_to_another_organisations_press_officer(
    sensitive_match, press_officer, other_org_press_officer
):
    with pytest.raises(ValidationError) as refused:
        thread_decide(
            match_id=sensitive_match.pk,
            actor=press_officer,
            status="needs_response",
            assigned_to=other_org_press_officer,
            decisions_seen=0,
        )

    assert "assigned_to" in refused.value.message_dict
    sensitive_match.refresh_from_db()
    assert sensitive_match.status == "new"


def test_a_decision_made_on_an_out_of_date_page_is_refused(
    sensitive_match, press_officer
):
    thread_decide(
        match_id=sensitive_match.pk,
        actor=press_officer,
        status="no_action",
        decisions_seen=0,
    )

    with pytest.raises(ValidationError, match="Someone else decided"):
        thread_decide(
            match_id=sensitive_match.pk,
            actor=press_officer,
            status="needs_response",
            assigned_to=press_officer,
            decisions_seen=0,
        )
    assert ThreadDecision.objects.count() == 1


def test_organisations_topics_lists_only_organisations_with_some(
    organisation, other_organisation
):
    follows(organisation, "Transport")

    assert [t.organisation_id for t in organisations_topics()] == [organisation.pk]


def test_each_organisations_list_keeps_its_newest_threads_and_all_that_matter(
    forum, organisation, press_officer
):
    follows(organisation, "Transport")
    sensitive(organisation, "Bus fares")
    store(
        forum,
        *(item(n, title=f"Transport news {n}", days_ago=n) for n in range(1, 7)),
        item(7, title="Transport: bus fares", days_ago=10),
        item(8, title="Transport decided", days_ago=11),
        item(
            9,
            title="Transport answered",
            link="https://forum.example.org/t/9",
            days_ago=12,
        ),
    )
    decided = OrganisationThread.objects.get(thread__title="Transport decided")
    OrganisationThread.objects.filter(pk=decided.pk).update(status="no_action")
    threads_mark_posted(
        organisation_id=organisation.pk, thread_url="https://forum.example.org/t/9"
    )

    assert conversations_trim([organisation.pk], keep=3) == 3

    assert sorted(
        OrganisationThread.objects.values_list("thread__title", flat=True)
    ) == [
        "Transport answered",
        "Transport decided",
        "Transport news 1",
        "Transport news 2",
        "Transport news 3",
        "Transport: bus fares",
    ]
    assert Thread.objects.count() == 9  # the threads stay; only the lists shrink
