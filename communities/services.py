"""Every change to the directory: suggesting, curating, importing, checking.

Each service that changes an entry locks its row first, then checks the actor
may, then asks Community.next_status() for any new status. The lock is FOR NO
KEY UPDATE (rows pointing at the entry, its history and posts, are not held up)
unless the change may touch a key: an edit can change the address, and
normalised_url is unique, which PostgreSQL counts as a key.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.selectors import users_with_role
from core.states import InvalidTransition
from core.transactions import refuse_if_taken
from notifications.services import notify

from . import kinds
from .addresses import normalise_url, recognise_platform
from .models import Community, CommunityChange, Platform, PlatformPattern
from .permissions import can_curate_communities
from .selectors import communities_becoming_stale

# Fields a curator may set; a suggester sets the first few.
SUGGEST_FIELDS = [
    "name",
    "url",
    "platform",
    "description",
    "audience",
    "house_rules_url",
]
CURATE_FIELDS = [
    *SUGGEST_FIELDS,
    "approximate_size",
    "activity",
    "risk",
    "risk_note",
    "engagement_tips",
    "feed_url",
]


class DuplicateCommunity(Exception):
    def __init__(self, existing: Community):
        super().__init__(f"{existing.name} is already in the directory.")
        self.existing = existing


class DuplicatePattern(Exception):
    def __init__(self, existing: PlatformPattern):
        super().__init__("This pattern is already in the list.")
        self.existing = existing


def require_curator(actor) -> None:
    if not can_curate_communities(actor):
        raise PermissionDenied


def record_change(
    community: Community | None, actor, action: str, changes: dict | None = None
) -> None:
    """One history row; `community` is None for a change to the platform patterns."""
    CommunityChange.objects.create(
        community=community, actor=actor, action=action, changes=changes or {}
    )


def refresh_search_text(community: Community) -> None:
    areas = " ".join(a.name for a in community.policy_areas.all())
    community.search_text = f"{community.name} {community.description} {areas}"
    community.save(update_fields=["search_text"])


def apply_fields(community: Community, data: dict, fields: list[str]) -> dict:
    """Set the given fields; returns {field: [old, new]} for those that changed."""
    changes = {}
    for field in fields:
        if field not in data:
            continue
        old, new = getattr(community, field), data[field]
        if old != new:
            changes[field] = [
                str(old) if old is not None else "",
                str(new) if new is not None else "",
            ]
            setattr(community, field, new)
    if "url" in changes:
        community.normalised_url = normalise_url(community.url)
    return changes


def changed_columns(changes: dict) -> list[str]:
    """The columns to save for apply_fields' `changes`, and who curated them."""
    columns = [field for field in changes if field != "policy_areas"]
    if "url" in changes:
        columns.append("normalised_url")
    return [*columns, "curated_by"]


def _save_unique(community: Community, update_fields: list[str] | None = None) -> None:
    """Insert (no `update_fields`) or update the entry, refusing another's site."""
    existing = (
        Community.objects.filter(normalised_url=community.normalised_url)
        .exclude(pk=community.pk)
        .first()
    )
    if existing:
        raise DuplicateCommunity(existing)
    # A concurrent suggestion of the same site may still win the race.
    with refuse_if_taken(
        Community.objects.filter(normalised_url=community.normalised_url),
        DuplicateCommunity,
    ):
        community.save(update_fields=update_fields)


@transaction.atomic
def community_suggest(*, actor, data: dict, policy_areas=()) -> Community:
    """Any civil servant suggests a community; curators then list or decline it.

    Raises DuplicateCommunity (with the existing entry) for a site already there.
    """
    community = Community(suggested_by=actor, status=Community.Status.SUGGESTED)
    apply_fields(community, data, SUGGEST_FIELDS)
    if not community.platform:
        community.platform = recognise_platform(community.url) or Platform.OTHER
    community.normalised_url = normalise_url(community.url)
    _save_unique(community)
    community.policy_areas.set(policy_areas)
    refresh_search_text(community)
    record_change(community, actor, "suggested")
    _look_for_feed_later(community)
    return community


@transaction.atomic
def community_update(
    *, community_id: int, actor, data: dict, policy_areas=None
) -> Community:
    """Curators edit any entry; every change is kept in its history."""
    # no_key=False (as before): a new address changes normalised_url, a unique
    # key. Upgrading a weaker lock to that later could deadlock with a
    # transaction that points a row at the entry and then updates it.
    community = Community.objects.select_for_update(no_key=False).get(pk=community_id)
    require_curator(actor)
    changes = apply_fields(community, data, CURATE_FIELDS)
    if policy_areas is not None:
        old = sorted(a.name for a in community.policy_areas.all())
        new = sorted(a.name for a in policy_areas)
        if old != new:
            changes["policy_areas"] = [", ".join(old), ", ".join(new)]
            community.policy_areas.set(policy_areas)
    if "feed_url" in changes:
        _feed_state_reset(community)
    if changes:
        community.curated_by = actor
        columns = changed_columns(changes)
        if "feed_url" in changes:
            columns += FEED_STATE_FIELDS
        _save_unique(community, update_fields=columns)
        refresh_search_text(community)
        record_change(community, actor, "edited", changes)
    if "url" in changes:
        _look_for_feed_later(community)
    return community


def _look_for_feed_later(community: Community) -> None:
    """After the commit, a worker reads the page at the entry's address for
    the feed it announces (tasks.find_feed_task), to offer it to curators."""
    from .tasks import find_feed_task  # tasks import this module

    community_id = community.pk
    transaction.on_commit(lambda: find_feed_task.delay(community_id))


def _feed_state_reset(community: Community) -> None:
    """A new feed address starts afresh: no validators, failures or wait,
    and its six months of silence count from now."""
    community.feed_etag = community.feed_modified = community.feed_result = ""
    community.feed_fetched_at = community.feed_retry_at = None
    community.feed_failures = 0
    community.feed_new_item_at = timezone.now() if community.feed_url else None


FEED_STATE_FIELDS = [
    "feed_etag",
    "feed_modified",
    "feed_result",
    "feed_fetched_at",
    "feed_retry_at",
    "feed_failures",
    "feed_new_item_at",
]


def feed_found_record(*, community_id: int, url: str) -> None:
    """The feed the entry's page announces ("" for none), offered to curators."""
    Community.objects.filter(pk=community_id).update(feed_found_url=url[:500])


@transaction.atomic
def community_use_found_feed(*, community_id: int, actor) -> Community:
    """A curator takes the feed found on the entry's page as its feed."""
    community = Community.objects.select_for_update(no_key=True).get(pk=community_id)
    require_curator(actor)
    if not community.feed_found_url:
        raise InvalidTransition("No feed was found on this community's page.")
    changes = {"feed_url": [community.feed_url, community.feed_found_url]}
    community.feed_url = community.feed_found_url
    _feed_state_reset(community)
    community.curated_by = actor
    community.save(update_fields=["feed_url", "curated_by", *FEED_STATE_FIELDS])
    record_change(community, actor, "edited", changes)
    return community


FEED_RETRY_FIRST = timedelta(hours=1)
FEED_RETRY_LONGEST = timedelta(days=7)


def feed_answer_record(
    community: Community, answer, *, new_items: int, now=None
) -> None:
    """The fetcher's answer for one feed (communities.feeds.FeedAnswer), in
    the caller's transaction with the entry's row locked. A failing feed
    waits before it is fetched again: an hour, doubling, at most a week."""
    now = now or timezone.now()
    community.feed_fetched_at = now
    community.feed_result = answer.message[:200]
    if answer.ok:
        community.feed_failures = 0
        community.feed_retry_at = None
        community.feed_etag, community.feed_modified = answer.etag, answer.modified
        if new_items:
            community.feed_new_item_at = now
    else:
        community.feed_failures = min(community.feed_failures + 1, 1000)
        wait = FEED_RETRY_FIRST * 2 ** min(community.feed_failures - 1, 16)
        community.feed_retry_at = now + min(wait, FEED_RETRY_LONGEST)
    community.save(update_fields=FEED_STATE_FIELDS)


def _transition(community_id: int, actor, action: str) -> Community:
    """Lock the entry, check the actor curates, and move it by `action`
    (InvalidTransition when Community.TRANSITIONS does not allow it now)."""
    community = Community.objects.select_for_update(no_key=True).get(pk=community_id)
    require_curator(actor)
    community.status = community.next_status(action)
    community.curated_by = actor
    return community


@transaction.atomic
def community_list(*, community_id: int, actor) -> Community:
    """Put a suggestion (or an archived entry) in the directory; tell the suggester."""
    community = _transition(community_id, actor, Community.Action.LIST)
    now = timezone.now()
    community.listed_at = community.listed_at or now
    community.last_reviewed_at = now
    community.review_due = False
    community.save(
        update_fields=[
            "status",
            "curated_by",
            "listed_at",
            "last_reviewed_at",
            "review_due",
        ]
    )
    record_change(community, actor, "listed")
    if community.suggested_by and community.suggested_by != actor:
        notify(
            recipients=[community.suggested_by],
            kind=kinds.SUGGESTION_LISTED.name,
            context={"name": community.name, "message": "Thank you for suggesting it."},
            url=reverse("communities:detail", args=[community.pk]),
        )
    return community


@transaction.atomic
def community_decline(*, community_id: int, actor, reason: str) -> Community:
    """Decline a suggestion with a reason the suggester is told."""
    community = _transition(community_id, actor, Community.Action.DECLINE)
    community.decline_reason = reason.strip()
    community.save(update_fields=["status", "curated_by", "decline_reason"])
    record_change(
        community, actor, "declined", {"reason": ["", community.decline_reason]}
    )
    if community.suggested_by and community.suggested_by != actor:
        notify(
            recipients=[community.suggested_by],
            kind=kinds.SUGGESTION_DECLINED.name,
            context={
                "name": community.name,
                "message": f"The reason: {community.decline_reason}",
            },
            url=reverse("communities:detail", args=[community.pk]),
        )
    return community


@transaction.atomic
def community_archive(*, community_id: int, actor) -> Community:
    """Take a listed entry out of the directory; it can be listed again."""
    community = _transition(community_id, actor, Community.Action.ARCHIVE)
    community.save(update_fields=["status", "curated_by"])
    record_change(community, actor, "archived")
    return community


@transaction.atomic
def community_mark_reviewed(*, community_id: int, actor) -> Community:
    """A curator confirms the entry is still right: it is fresh for six months."""
    community = Community.objects.select_for_update(no_key=True).get(pk=community_id)
    require_curator(actor)
    community.last_reviewed_at = timezone.now()
    community.review_due = False
    community.curated_by = actor
    community.save(update_fields=["last_reviewed_at", "review_due", "curated_by"])
    record_change(community, actor, "reviewed")
    return community


def community_record_engagement(*, community_id: int, when=None) -> None:
    """Called by the participation log when a post is logged in this community."""
    Community.objects.filter(pk=community_id).update(
        last_engagement_at=when or timezone.now(), review_due=False
    )


def _tell_curators(kind, count: int, url: str) -> None:
    notify(
        recipients=users_with_role(Role.PRESS_OFFICER),
        kind=kind.name,
        context={"count": count},
        url=url,
    )


@transaction.atomic
def communities_flag_review_due() -> int:
    """Mark entries untouched for six months as review due and tell curators."""
    ids = list(communities_becoming_stale().values_list("pk", flat=True))
    if ids:
        Community.objects.filter(pk__in=ids).update(review_due=True)
        _tell_curators(
            kinds.REVIEW_DUE, len(ids), reverse("communities:curate") + "#review-due"
        )
    return len(ids)


@transaction.atomic
def link_results_record(results: dict[int, tuple[bool, str]]) -> list[int]:
    """Store each checked community's answer; returns those that stopped answering."""
    now = timezone.now()
    stopped = []
    checked = Community.objects.select_for_update(no_key=True).filter(
        pk__in=list(results)
    )
    for community in checked:
        ok, detail = results[community.pk]
        if community.link_ok is not False and not ok:
            stopped.append(community.pk)
        community.link_ok, community.link_result, community.link_checked_at = (
            ok,
            detail[:200],
            now,
        )
        community.save(update_fields=["link_ok", "link_result", "link_checked_at"])
    if stopped:
        _tell_curators(
            kinds.LINKS_BROKEN,
            len(stopped),
            reverse("communities:curate") + "#broken-links",
        )
    return stopped


@transaction.atomic
def platform_pattern_add(*, actor, pattern: str, platform: str) -> PlatformPattern:
    """A curator adds a pattern (kept lower case); DuplicatePattern if it is
    already in the list. The history keeps who added it."""
    require_curator(actor)
    pattern = pattern.strip().lower()
    taken = PlatformPattern.objects.filter(pattern=pattern)
    if existing := taken.first():
        raise DuplicatePattern(existing)
    with refuse_if_taken(taken, DuplicatePattern):  # someone added it a moment ago
        added = PlatformPattern.objects.create(pattern=pattern, platform=platform)
    record_change(
        None,
        actor,
        "pattern added",
        {"pattern": ["", pattern], "platform": ["", platform]},
    )
    return added


@transaction.atomic
def platform_pattern_remove(*, actor, pattern_id: int) -> None:
    """A curator removes a pattern; the history keeps what it was. Raises
    PlatformPattern.DoesNotExist when it is already gone. The row is deleted, so
    its lock is the full FOR UPDATE."""
    pattern = PlatformPattern.objects.select_for_update(no_key=False).get(pk=pattern_id)
    require_curator(actor)
    record_change(
        None,
        actor,
        "pattern removed",
        {"pattern": [pattern.pattern, ""], "platform": [pattern.platform, ""]},
    )
    pattern.delete()
