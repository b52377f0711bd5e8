"""Reads of the directory: browse, search, filters, look-ups."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from .addresses import normalise_url
from .models import Community, CommunityChange, PlatformPattern, PolicyArea
from .permissions import can_curate_communities

REVIEW_AFTER = timedelta(days=182)
# Each ends with the primary key: names repeat, and pages must not overlap.
SORTS = {
    "name": ("name", "pk"),
    "newest": ("-listed_at", "name", "pk"),
    "largest": ("-approximate_size", "name", "pk"),
}


@dataclass(frozen=True)
class DirectoryFilters:
    """What a directory page, download or feed is narrowed to."""

    q: str = ""
    platform: str = ""
    policy_area: PolicyArea | None = None
    risk: str = ""
    activity: str = ""
    sort: str = "name"


def _search(communities: QuerySet[Community], q: str) -> QuerySet[Community]:
    if connection.vendor == "postgresql":
        # Matches the GIN index on to_tsvector('english', search_text).
        vector = SearchVector("search_text", config="english")
        query = SearchQuery(q, config="english", search_type="websearch")
        return communities.annotate(
            search=vector, rank=SearchRank(vector, query)
        ).filter(search=query)
    for word in q.split()[:10]:  # the embedded SQLite default: every word, anywhere
        communities = communities.filter(search_text__icontains=word)
    return communities


def listed_communities(
    filters: DirectoryFilters = DirectoryFilters(),
) -> QuerySet[Community]:
    """Listed communities narrowed and sorted by `filters`; policy areas prefetched."""
    communities = Community.objects.listed().prefetch_related("policy_areas")
    if filters.platform:
        communities = communities.filter(platform=filters.platform)
    if filters.policy_area:
        communities = communities.filter(policy_areas=filters.policy_area)
    if filters.risk:
        communities = communities.filter(risk=filters.risk)
    if filters.activity:
        communities = communities.filter(activity=filters.activity)
    if filters.q:
        communities = _search(communities, filters.q)
        if connection.vendor == "postgresql" and filters.sort == "relevance":
            return communities.order_by("-rank", "name", "pk")
    return communities.order_by(*SORTS.get(filters.sort, SORTS["name"]))


def communities_newly_listed(
    filters: DirectoryFilters = DirectoryFilters(), *, limit: int = 50
) -> QuerySet[Community]:
    """The latest `limit` listed by `filters`, newest first (the Atom feed)."""
    return (
        listed_communities(filters)
        .exclude(listed_at=None)
        .order_by("-listed_at", "-pk")[:limit]
    )


def community_for(user, pk: int) -> Community:
    """A community the user may see: listed ones; others for curators and the
    person who suggested them. Raises Community.DoesNotExist otherwise."""
    communities = Community.objects.select_related("suggested_by", "curated_by")
    if not can_curate_communities(user):
        communities = communities.filter(
            Q(status=Community.Status.LISTED) | Q(suggested_by=user)
        )
    return communities.prefetch_related("policy_areas").get(pk=pk)


def changes_to(community: Community) -> QuerySet[CommunityChange]:
    """The entry's history, newest first, with who made each change."""
    return community.changes.select_related("actor")


def suggestions_to_curate() -> QuerySet[Community]:
    """Suggestions waiting for a curator, oldest first."""
    return (
        Community.objects.suggested()
        .select_related("suggested_by")
        .prefetch_related("policy_areas")
        .order_by("created_at", "pk")
    )


def community_at(url: str) -> Community | None:
    """The directory entry for this address, whatever its status, if any."""
    return Community.objects.filter(normalised_url=normalise_url(url)).first()


def communities_review_due() -> QuerySet[Community]:
    return Community.objects.listed().filter(review_due=True).order_by("name", "pk")


def communities_with_broken_links() -> QuerySet[Community]:
    """Listed entries whose address did not answer when last checked."""
    return Community.objects.listed().filter(link_ok=False).order_by("name", "pk")


def platform_patterns() -> QuerySet[PlatformPattern]:
    return PlatformPattern.objects.order_by("pattern")


def communities_becoming_stale(now=None) -> QuerySet[Community]:
    """Listed entries not reviewed for six months that either had no logged
    engagement in that time or have a feed silent that long (no new item
    since six months, or none at all since it was set and listed)."""
    cutoff = (now or timezone.now()) - REVIEW_AFTER
    silent_feed = ~Q(feed_url="") & (
        Q(feed_new_item_at__lt=cutoff) | Q(feed_new_item_at__isnull=True)
    )
    untouched = Q(last_engagement_at__isnull=True) | Q(last_engagement_at__lt=cutoff)
    return (
        Community.objects.listed()
        .filter(
            review_due=False,
            listed_at__lt=cutoff,
        )
        .filter(
            Q(last_reviewed_at__isnull=True) | Q(last_reviewed_at__lt=cutoff),
            untouched | silent_feed,
        )
    )


def feeds_to_fetch(now=None) -> QuerySet[Community]:
    """Listed entries with a feed that is not waiting after failures, the
    least recently fetched first (a run cut short by its budget resumes
    with those it missed)."""
    now = now or timezone.now()
    return (
        Community.objects.listed()
        .exclude(feed_url="")
        .filter(Q(feed_retry_at__isnull=True) | Q(feed_retry_at__lte=now))
        .order_by(F("feed_fetched_at").asc(nulls_first=True), "pk")
    )
