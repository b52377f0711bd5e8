"""The daily rollup of posts (PostDay) that reports read instead of the posts.

One rule keeps it exact: an organisation's rows for a day are only ever
replaced whole, by a fresh count of the posts it sent that day, while holding
that organisation's row lock. The services recount the post's day in the same
transaction as every change to a counted input (moderation.services._record);
`rollup_rebuild` recounts any days (the nightly job and the
`rebuild_post_rollup` command), for writes made around the services (bulk
loads, fixtures, a change of TIME_ZONE). The lock serialises recounts of one
organisation, so two of them never both insert a day's rows, and the last
recount of a day sees every change committed before it. Lock order: a service
holds its post's lock first, then takes the organisation's; the rebuild takes
only the organisation's, so the two never wait on each other in a circle.

Counted inputs: `sent_at` (its local date is the day; set once), `community`
and `purpose` (editable while a sent post is back in draft) and `status`
(posted or not). The organisation of a post never changes.
"""

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import Organisation

from .models import Action, Post, PostDay, PostEvent

POSTED = [Post.Status.POSTED, Post.Status.FLAGGED, Post.Status.RESOLVED]
DECISIONS = [Action.APPROVE, Action.REQUEST_CHANGES, Action.REJECT]


def day_of(moment: datetime) -> date:
    """The day a post counts under: the local date it was sent."""
    return timezone.localdate(moment)


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _sent_on(days: list[date] | None) -> Q:
    if days is None:
        return Q(sent_at__isnull=False)
    sent = Q(pk__in=[])
    for day in days:
        sent |= Q(sent_at__gte=_moment(day), sent_at__lt=_moment(day + timedelta(1)))
    return sent


def _fresh(organisation_id: int, days: list[date] | None) -> dict:
    """{day: {(community, purpose, posted): posts}} counted from the posts."""
    rows = (
        Post.objects.filter(_sent_on(days), organisation_id=organisation_id)
        .annotate(
            day=TruncDate("sent_at"),
            posted=ExpressionWrapper(Q(status__in=POSTED), output_field=BooleanField()),
        )
        .values_list("day", "community_id", "purpose", "posted")
        .annotate(posts=Count("pk"))
        .order_by()
    )
    counts = defaultdict(dict)
    for day, *key, posts in rows:
        counts[day][tuple(key)] = posts
    return counts


def _stored(organisation_id: int, days: list[date] | None) -> dict:
    """The same shape, from the rollup's rows."""
    rows = PostDay.objects.filter(organisation_id=organisation_id)
    if days is not None:
        rows = rows.filter(day__in=days)
    counts = defaultdict(Counter)
    for day, *key, posts in rows.values_list(
        "day", "community_id", "purpose", "posted", "posts"
    ):
        counts[day][tuple(key)] += posts  # a removed community's rows share a key
    return counts


def _recount(organisation_id: int, days: list[date] | None) -> int:
    """Replace the organisation's rows for `days` (None: every day) that differ
    from a fresh count; returns how many days differed. Call inside a
    transaction: it locks the organisation's row until the transaction ends
    (no_key: the organisation's key never changes)."""
    list(
        Organisation.objects.select_for_update(no_key=True)
        .filter(pk=organisation_id)
        .values_list("pk")
    )
    fresh, stored = _fresh(organisation_id, days), _stored(organisation_id, days)
    wrong = {
        day
        for day in fresh.keys() | stored.keys()
        if fresh.get(day, {}) != stored.get(day, {})
    }
    if wrong:
        PostDay.objects.filter(organisation_id=organisation_id, day__in=wrong).delete()
        PostDay.objects.bulk_create(
            PostDay(
                organisation_id=organisation_id,
                day=day,
                community_id=community,
                purpose=purpose,
                posted=posted,
                posts=posts,
            )
            for day in wrong
            for (community, purpose, posted), posts in fresh.get(day, {}).items()
        )
    return len(wrong)


def rollup_post_changed(post: Post, *, action: str, old_status: str) -> None:
    """After a service saved `post`, in its transaction: recount its day when
    a counted input may have changed (every change of status, every edit)."""
    if post.sent_at is None:
        return
    if action == Action.EDIT or old_status != post.status:
        _recount(post.organisation_id, [day_of(post.sent_at)])


def submitted_before(post: Post):
    """When the post's latest submission was made (its SUBMIT event), or None."""
    return (
        PostEvent.objects.filter(post=post, action=Action.SUBMIT)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def decisions_fill_submitted_at() -> int:
    """Decisions recorded around `_decide` (bulk loads, fixtures) get their
    submission time by the rule `_decide` follows: the latest submission up to
    the decision. Decisions with no submission stay empty (reports skip them)."""
    latest = (
        PostEvent.objects.filter(
            post=OuterRef("post"),
            action=Action.SUBMIT,
            created_at__lte=OuterRef("created_at"),
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return PostEvent.objects.filter(
        action__in=DECISIONS, submitted_at__isnull=True
    ).update(submitted_at=Subquery(latest))


def rollup_rebuild(*, days: list[date] | None = None) -> int:
    """Recount every organisation's rows for `days` (None: all days) and fill
    decisions' missing submission times. Idempotent; returns how many
    organisation-days were wrong (0 when only the services wrote posts). One
    transaction per organisation, so no lock is held for long."""
    decisions_fill_submitted_at()
    wrong = 0
    for organisation_id in Organisation.objects.values_list("pk", flat=True):
        with transaction.atomic():
            wrong += _recount(organisation_id, days)
    return wrong
