"""A directory entry's feed: found on its page, offered, set, cleared, shown."""

from datetime import timedelta

import pytest
from django.utils import timezone

from communities.models import Community, CommunityChange
from communities.services import community_suggest, community_update
from communities.tasks import find_feed_task
from tests.conversations.feedserver import feed_server  # noqa: F401 (fixture)

from .factories import CommunityFactory

pytestmark = pytest.mark.django_db


def test_the_worker_finds_the_feed_the_page_announces(feed_server):  # noqa: F811
    community = CommunityFactory(url=feed_server.url("/page"))

    assert find_feed_task(community.pk) == feed_server.url("/rss")

    community.refresh_from_db()
    assert (community.feed_found_url, community.feed_url) == (
        feed_server.url("/rss"),
        "",
    )


def test_suggesting_or_changing_an_address_looks_for_its_feed(
    civil_servant, press_officer, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with django_capture_on_commit_callbacks() as suggested:
        community = community_suggest(
            actor=civil_servant,
            data={
                "name": "A forum",
                "url": "https://forum.example.org/a",
                "description": "x",
            },
        )
    with django_capture_on_commit_callbacks() as renamed:
        community_update(
            community_id=community.pk, actor=press_officer, data={"name": "Renamed"}
        )
    with django_capture_on_commit_callbacks() as moved:
        community_update(
            community_id=community.pk,
            actor=press_officer,
            data={"url": "https://forum.example.org/b"},
        )

    assert (len(suggested), len(renamed), len(moved)) == (1, 0, 1)


def test_a_curator_uses_the_found_feed_and_the_history_says_so(
    client_for, press_officer
):
    community = CommunityFactory(feed_found_url="https://forum.example.org/feed")
    client = client_for(press_officer)

    page = client.get(f"/communities/{community.pk}/").content.decode()
    response = client.post(f"/communities/{community.pk}/use-feed/", follow=True)

    assert "Its page announces" in page
    assert "feed is set" in response.content.decode()
    community.refresh_from_db()
    assert community.feed_url == "https://forum.example.org/feed"
    assert CommunityChange.objects.get(community=community).changes == {
        "feed_url": ["", "https://forum.example.org/feed"]
    }


@pytest.mark.parametrize("who", ["civil_servant", "trainer", "other_org_civil_servant"])
def test_only_curators_see_a_feeds_state_and_use_a_found_feed(
    client_for, personas, who
):
    community = CommunityFactory(
        feed_url="https://forum.example.org/feed",
        feed_found_url="https://forum.example.org/other-feed",
        feed_result="HTTP 500",
    )
    client = client_for(getattr(personas, who))

    page = client.get(f"/communities/{community.pk}/").content.decode()
    response = client.post(f"/communities/{community.pk}/use-feed/")

    assert "HTTP 500" not in page and "Its page announces" not in page
    assert response.status_code == 403
    community.refresh_from_db()
    assert community.feed_url == "https://forum.example.org/feed"


def test_using_a_found_feed_when_none_was_found_is_refused(client_for, press_officer):
    community = CommunityFactory()

    response = client_for(press_officer).post(
        f"/communities/{community.pk}/use-feed/", follow=True
    )

    assert "No feed was found on this community" in response.content.decode()
    community.refresh_from_db()
    assert community.feed_url == ""


def test_a_new_feed_address_starts_afresh(press_officer):
    community = CommunityFactory(
        feed_url="https://forum.example.org/old",
        feed_etag='"x"',
        feed_failures=5,
        feed_retry_at=timezone.now() + timedelta(days=3),
        feed_result="HTTP 500",
    )

    community_update(
        community_id=community.pk,
        actor=press_officer,
        data={"feed_url": "https://forum.example.org/new"},
    )

    community.refresh_from_db()
    assert (community.feed_etag, community.feed_failures, community.feed_retry_at) == (
        "",
        0,
        None,
    )
    assert community.feed_new_item_at is not None  # silence counts from now


@pytest.mark.parametrize(
    "feed_url, message",
    [
        ("javascript:alert(1)", "Enter a valid URL."),
        ("https://x.org:99999/feed", "Enter a web address with a valid port number."),
        ("https://example.org/" + "a" * 500, "at most 500 characters"),
    ],
)
def test_a_bad_feed_address_is_refused_on_the_field(
    client_for, press_officer, feed_url, message
):
    community = CommunityFactory(feed_url="https://forum.example.org/feed")
    form = {
        "url": community.url,
        "name": community.name,
        "description": "A description",
        "platform": "forum",
        "risk": "low",
        "feed_url": feed_url,
    }

    response = client_for(press_officer).post(
        f"/communities/{community.pk}/edit/", form
    )

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["feed_url"])
    assert Community.objects.get(pk=community.pk).feed_url == (
        "https://forum.example.org/feed"
    )
