"""The daily rollups reports read instead of the posts and their decisions:
PostDay (posts sent, by community, purpose and whether they went out) and
DecisionDay (decisions, by how long each waited since its submission).

One rule keeps them exact: an organisation's rows for a day are only ever
replaced whole, by a fresh count of what it did that day, while holding that
organisation's row lock. The services recount the day in the same
transaction as every change to a counted input (moderation.services._record
calls `rollup_event_recorded`); `rollup_rebuild` recounts any days (the
nightly job and the `rebuild_post_rollup` command), for writes made around
the services (bulk loads, fixtures, a change of TIME_ZONE). The lock
serialises recounts of one organisation, so two of them never both insert a
day's rows, and the last recount of a day sees every change committed before
it. Lock order: a service holds its post's lock first, then takes the
organisation's; the rebuild takes only the organisation's, so the two never
wait on each other in a circle.

Counted inputs: a post's `sent_at` (its local date is the day; set once),
`community` and `purpose` (editable while a sent post is back in draft) and
`status` (posted or not); a decision's `created_at` (its local date is the
day) and `submitted_at`, both set once when the decision is recorded. The
organisation of a post never changes.
"""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import models, transaction
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

from .models import Action, DecisionDay, Post, PostDay, PostEvent

POSTED = [Post.Status.POSTED, Post.Status.FLAGGED, Post.Status.RESOLVED]
DECISIONS = [Action.APPROVE, Action.REQUEST_CHANGES, Action.REJECT]


def day_of(moment: datetime) -> date:
    """The day a post or decision counts under: its local date."""
    return timezone.localdate(moment)


def waited_tenths(decided_at: datetime, submitted_at: datetime) -> int:
    """A decision's wait as the report shows it, in tenths of an hour: the
    hours rounded to one place by Python (as the report rounded them before
    it read this rollup, so no figure moves by a tenth), times ten."""
    hours = round((decided_at - submitted_at).total_seconds() / 3600, 1)
    return round(hours * 10)


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _on(field: str, days: list[date] | None) -> Q:
    """`field` (a moment) falls on one of the local `days` (None: any day)."""
    if days is None:
        return Q(**{f"{field}__isnull": False})
    on = Q(pk__in=[])
    for day in days:
        on |= Q(
            **{
                f"{field}__gte": _moment(day),
                f"{field}__lt": _moment(day + timedelta(1)),
            }
        )
    return on


def _fresh_posts(organisation_id: int, days: list[date] | None) -> dict:
    """{day: {(community, purpose, posted): posts}} counted from the posts."""
    rows = (
        Post.objects.filter(_on("sent_at", days), organisation_id=organisation_id)
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


def _fresh_decisions(organisation_id: int, days: list[date] | None) -> dict:
    """{day: {(waited tenths,): decisions}} counted from the decisions. The
    waits are rounded here, in Python, for the reason `waited_tenths` gives;
    a day's decisions are a few hundred at most."""
    rows = PostEvent.objects.filter(
        _on("created_at", days),
        action__in=DECISIONS,
        post__organisation_id=organisation_id,
        submitted_at__isnull=False,
    ).values_list("created_at", "submitted_at")
    counts = defaultdict(Counter)
    for decided_at, submitted_at in rows.iterator(chunk_size=5000):
        counts[day_of(decided_at)][(waited_tenths(decided_at, submitted_at),)] += 1
    return counts


@dataclass(frozen=True)
class _Rollup:
    model: type[models.Model]
    key_fields: tuple[str, ...]
    count_field: str
    fresh: Callable[[int, list[date] | None], dict]

    def stored(self, organisation_id: int, days: list[date] | None) -> dict:
        """The shape `fresh` returns, from the rollup's rows."""
        rows = self.model.objects.filter(organisation_id=organisation_id)
        if days is not None:
            rows = rows.filter(day__in=days)
        counts = defaultdict(Counter)
        for day, *key, n in rows.values_list("day", *self.key_fields, self.count_field):
            counts[day][tuple(key)] += n  # a removed community's rows share a key
        return counts

    def recount(self, organisation_id: int, days: list[date] | None) -> int:
        """Replace the organisation's rows for `days` that differ from a fresh
        count; returns how many days differed. The caller holds the
        organisation's lock (`_lock`)."""
        fresh, stored = (
            self.fresh(organisation_id, days),
            self.stored(organisation_id, days),
        )
        wrong = {
            day
            for day in fresh.keys() | stored.keys()
            if fresh.get(day, {}) != stored.get(day, {})
        }
        if wrong:
            self.model.objects.filter(
                organisation_id=organisation_id, day__in=wrong
            ).delete()
            self.model.objects.bulk_create(
                self.model(
                    organisation_id=organisation_id,
                    day=day,
                    **dict(zip(self.key_fields, key, strict=True)),
                    **{self.count_field: n},
                )
                for day in wrong
                for key, n in fresh.get(day, {}).items()
            )
        return len(wrong)


POST_DAYS = _Rollup(
    PostDay, ("community_id", "purpose", "posted"), "posts", _fresh_posts
)
DECISION_DAYS = _Rollup(DecisionDay, ("waited_tenths",), "decisions", _fresh_decisions)


def _lock(organisation_id: int) -> None:
    """The organisation's row lock, until the transaction ends (no_key: the
    organisation's key never changes)."""
    list(
        Organisation.objects.select_for_update(no_key=True)
        .filter(pk=organisation_id)
        .values_list("pk")
    )


def rollup_event_recorded(post: Post, event: PostEvent) -> None:
    """After a service saved `post` and recorded `event`, in its transaction:
    recount the post's day when a counted input may have changed (every
    change of status, every edit), and the decision's day for a decision."""
    posts_changed = post.sent_at is not None and (
        event.action == Action.EDIT or event.old_status != post.status
    )
    decided = event.action in DECISIONS and event.submitted_at is not None
    if posts_changed or decided:
        _lock(post.organisation_id)
    if posts_changed:
        POST_DAYS.recount(post.organisation_id, [day_of(post.sent_at)])
    if decided:
        DECISION_DAYS.recount(post.organisation_id, [day_of(event.created_at)])


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
    """Recount both rollups of every organisation for `days` (None: all days),
    after filling decisions' missing submission times. Idempotent; returns
    how many organisation-days were wrong, over both (0 when only the
    services wrote). One transaction per organisation, so no lock is held
    for long."""
    decisions_fill_submitted_at()
    wrong = 0
    for organisation_id in Organisation.objects.values_list("pk", flat=True):
        with transaction.atomic():
            _lock(organisation_id)
            wrong += POST_DAYS.recount(organisation_id, days)
            wrong += DECISION_DAYS.recount(organisation_id, days)
    return wrong
