"""Every change to the directory: suggesting, curating, importing, checking."""

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
from .models import Community, CommunityChange, Platform
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
]


class DuplicateCommunity(Exception):
    def __init__(self, existing: Community):
        super().__init__(f"{existing.name} is already in the directory.")
        self.existing = existing



def require_curator(actor) -> None:
    if not can_curate_communities(actor):
        raise PermissionDenied


def record_change(community, actor, action: str, changes: dict | None = None) -> None:
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


def _save_unique(community: Community) -> None:
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
        community.save()


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
    return community


@transaction.atomic
def community_update(
    *, community_id: int, actor, data: dict, policy_areas=None
) -> Community:
    """Curators edit any entry; every change is kept in its history."""
    require_curator(actor)
    community = Community.objects.select_for_update().get(pk=community_id)
    changes = apply_fields(community, data, CURATE_FIELDS)
    if policy_areas is not None:
        old = sorted(a.name for a in community.policy_areas.all())
        new = sorted(a.name for a in policy_areas)
        if old != new:
            changes["policy_areas"] = [", ".join(old), ", ".join(new)]
            community.policy_areas.set(policy_areas)
    if changes:
        community.curated_by = actor
        _save_unique(community)
        refresh_search_text(community)
        record_change(community, actor, "edited", changes)
    return community


def _transition(community_id: int, actor, allowed_from: set, to: str) -> Community:
    require_curator(actor)
    community = Community.objects.select_for_update().get(pk=community_id)
    if community.status not in allowed_from:
        raise InvalidTransition(
            f"{community.name} is {community.get_status_display().lower()}: "
            "someone may have dealt with it already."
        )
    community.status = to
    community.curated_by = actor
    return community


@transaction.atomic
def community_list(*, community_id: int, actor) -> Community:
    """Put a suggestion (or an archived entry) in the directory; tell the suggester."""
    community = _transition(
        community_id,
        actor,
        {Community.Status.SUGGESTED, Community.Status.ARCHIVED},
        Community.Status.LISTED,
    )
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
    community = _transition(
        community_id, actor, {Community.Status.SUGGESTED}, Community.Status.DECLINED
    )
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
    community = _transition(
        community_id, actor, {Community.Status.LISTED}, Community.Status.ARCHIVED
    )
    community.save(update_fields=["status", "curated_by"])
    record_change(community, actor, "archived")
    return community


@transaction.atomic
def community_mark_reviewed(*, community_id: int, actor) -> Community:
    """A curator confirms the entry is still right: it is fresh for six months."""
    require_curator(actor)
    community = Community.objects.select_for_update().get(pk=community_id)
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
    for community in Community.objects.select_for_update().filter(pk__in=list(results)):
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
