"""The periodic job end to end against the tests' feed server: in-process,
by the management command, and through a real Celery worker."""

import pytest
from django.core.management import call_command

from communities.models import Community
from conversations.models import OrganisationThread, Thread
from conversations.tasks import fetch_feeds_task
from tests.communities.factories import CommunityFactory
from tests.notifications.test_worker import needs_redis, wait_for

from .factories import follows, sensitive


def feeds(server, *paths) -> dict[str, Community]:
    return {
        path: CommunityFactory(name=f"Feed {path}", feed_url=server.url(path))
        for path in paths
    }


@pytest.mark.django_db
def test_one_run_stores_what_is_good_and_records_what_is_not(
    feed_server, settings, organisation
):
    settings.FEED_TIMEOUT = 2.0  # the slow feed takes 3 s
    settings.FEED_MAX_BYTES = 1024 * 1024
    follows(organisation, "Transport")
    sensitive(organisation, "Rail fares")
    entries = feeds(
        feed_server,
        "/rss",
        "/atom",
        "/json",
        "/error",
        "/html",
        "/bomb",
        "/slow",
        "/hostile",
        "/dates",
        "/duplicates",
        "/malformed",
    )

    result = fetch_feeds_task()

    state = {
        path: (c.feed_result, c.feed_failures)
        for path, c in (
            (path, Community.objects.get(pk=c.pk)) for path, c in entries.items()
        )
    }
    # Every feed's state first: a failure then shows what each one answered.
    assert state == {
        "/rss": ("1 items", 0),
        "/atom": ("1 items", 0),
        "/json": ("1 items", 0),
        "/error": ("HTTP 500", 1),
        "/html": ("not a feed: neither RSS, Atom nor JSON Feed", 1),
        "/bomb": ("too large: over 1024 KB", 1),
        "/slow": ("no answer within 2 s", 1),
        "/hostile": ("2 items", 0),
        "/dates": ("3 items", 0),
        "/duplicates": ("1 items", 0),  # one guid, kept once
        "/malformed": ("0 items", 0),  # read as far as it goes: nothing whole
    }
    assert result == {"feeds": 11, "fetched": 11, "new_threads": 7}
    titles = set(Thread.objects.values_list("title", flat=True))
    assert titles == {
        "Bus timetables in the county",
        "School admissions appeal",
        "Rail fares rising",
        "Bus fares",  # the hostile one, its script gone
        "From the future",
        "No date at all",
        "Same guid 0",
    }
    assert OrganisationThread.objects.filter(sensitive=True).get().thread.title == (
        "Rail fares rising"
    )


@pytest.mark.django_db
def test_an_unchanged_feed_stores_nothing_on_the_next_run(feed_server):
    feeds(feed_server, "/conditional")

    first, second = fetch_feeds_task(), fetch_feeds_task()

    assert (first["new_threads"], second["new_threads"]) == (3, 0)
    assert Community.objects.get().feed_result == "not changed"
    assert feed_server.seen[-1][1]["If-None-Match"] == '"v1"'


@pytest.mark.django_db
def test_the_run_stops_at_its_budget_and_the_missed_go_first_next_time(
    feed_server, settings
):
    settings.FEED_BUDGET = 0.5
    settings.FEED_CONCURRENCY = 1
    feed_server.slow_seconds = 1
    entries = feeds(feed_server, "/slow", "/rss")

    assert fetch_feeds_task()["fetched"] == 0
    assert list(Community.objects.filter(feed_fetched_at__isnull=False)) == []
    assert entries  # both wait for the next run, unfetched


@pytest.mark.django_db
def test_the_command_fetches_every_feed_on_demand(feed_server, capsys):
    feeds(feed_server, "/rss", "/json")

    call_command("fetch_feeds")

    assert capsys.readouterr().out.strip() == "2 of 2 feeds fetched, 2 new threads."


@needs_redis
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_fetches_the_feeds_and_stores_the_threads(
    feed_server, worker, organisation
):
    follows(organisation, "Transport")
    feeds(feed_server, "/rss", "/error")

    fetch_feeds_task.delay()

    assert wait_for(lambda: Community.objects.filter(feed_result="HTTP 500").exists())
    assert wait_for(lambda: Thread.objects.filter(title__startswith="Bus").exists())


@pytest.mark.django_db
def test_an_entry_deleted_while_its_feed_was_fetched_does_not_stop_the_run(
    feed_server,
):
    from communities.feeds import FeedAnswer
    from conversations.tasks import _store_answer

    gone = CommunityFactory()
    gone_id = gone.pk
    gone.delete()

    assert _store_answer(gone_id, FeedAnswer(ok=True, message="1 items"), []) == 0
