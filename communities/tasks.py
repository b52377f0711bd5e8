from celery import shared_task
from django.conf import settings

from . import services
from .feeds import discover_feed
from .linkcheck import check_many
from .models import Community


@shared_task
def check_links_task() -> int:
    """Check every listed community's address; tell curators of new failures."""
    urls = dict(Community.objects.listed().values_list("pk", "url"))
    results = check_many(
        urls,
        timeout=settings.LINK_CHECK_TIMEOUT,
        concurrency=settings.LINK_CHECK_CONCURRENCY,
        budget=settings.LINK_CHECK_BUDGET,
    )
    services.link_results_record(results)
    return len(results)


@shared_task
def flag_review_due_task() -> int:
    return services.communities_flag_review_due()


@shared_task
def find_feed_task(community_id: int) -> str:
    """Read the entry's page for the feed it announces; offer it to curators."""
    community = Community.objects.filter(pk=community_id).first()
    if community is None:
        return ""
    found = discover_feed(
        community.url,
        timeout=settings.LINK_CHECK_TIMEOUT,
        max_bytes=settings.FEED_MAX_BYTES,
    )
    services.feed_found_record(community_id=community_id, url=found)
    return found
