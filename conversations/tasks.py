import logging

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError

from communities.feeds import fetch_feed
from communities.linkcheck import run_bounded
from communities.models import Community
from communities.selectors import feeds_to_fetch

from . import services

logger = logging.getLogger(__name__)


@shared_task
def fetch_feeds_task() -> dict:
    """Fetch every listed community's feed that is not waiting after failures
    (FEED_CONCURRENCY at a time, each within FEED_TIMEOUT, the run within
    FEED_BUDGET: the rest go first next time, being the least recently
    fetched), then store the new threads and each feed's state."""
    feeds = {
        pk: (url, etag, modified)
        for pk, url, etag, modified in feeds_to_fetch().values_list(
            "pk", "feed_url", "feed_etag", "feed_modified"
        )
    }
    answers = run_bounded(
        lambda feed: fetch_feed(
            feed[0],
            etag=feed[1],
            modified=feed[2],
            timeout=settings.FEED_TIMEOUT,
            max_bytes=settings.FEED_MAX_BYTES,
            max_items=settings.FEED_MAX_ITEMS,
        ),
        feeds,
        concurrency=settings.FEED_CONCURRENCY,
        budget=settings.FEED_BUDGET,
    )
    organisations = services.organisations_topics()
    new = sum(
        _store_answer(pk, answer, organisations) for pk, answer in answers.items()
    )
    if new:
        services.conversations_trim([o.organisation_id for o in organisations])
    return {"feeds": len(feeds), "fetched": len(answers), "new_threads": new}


@shared_task
def forget_old_threads_task() -> int:
    return services.threads_forget()


@shared_task
def match_again_task(organisation_id: int) -> int:
    return services.threads_match_again(organisation_id)


def _store_answer(community_id: int, answer, organisations) -> int:
    """One feed's answer stored in its own transaction: an entry deleted while
    the run fetched it, or a database error on one feed, is logged and the
    run goes on with the others."""
    try:
        return services.feed_fetched(community_id, answer, organisations=organisations)
    except Community.DoesNotExist:
        return 0
    except DatabaseError:
        logger.exception("feed of community %s not stored", community_id)
        return 0
