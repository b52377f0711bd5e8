"""Telling people things: the outbox, email delivery, digests, the inbox.

The rest of the portal calls notify() inside its own transaction and never
thinks about Celery or email: nothing is sent for a transaction that rolls
back, and a broker outage delays emails without losing any.
"""

import logging
from collections.abc import Iterable
from datetime import timedelta
from functools import partial
from itertools import groupby

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import emails
from .kinds import get_kind
from .models import Notification, NotificationPreference

logger = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 5
# Emails still pending this long after they were written were not queued (the
# broker was down) or their worker died: the sweep queues them again.
SWEEP_GRACE = timedelta(minutes=2)
# How long a send may be under way before the sweep takes it for dead (its
# worker killed mid-send) and tries again: far longer than EMAIL_TIMEOUT.
SEND_TIMEOUT = timedelta(minutes=10)
SWEEP_BATCH = 2000
EMAILS_PER_TASK = 100
CHUNK = 5000  # rows per query when a notice goes to many people


class Delivery:
    SENT = "sent"
    SKIPPED = "skipped"  # already sent, locked by another worker, or not pending
    RETRY = "retry"
    FAILED = "failed"
    NOT_SENT = "not_sent"


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min... after the 1st, 2nd, 3rd, 4th failure."""
    return timedelta(seconds=30 * 2 ** max(attempts - 1, 0))


def notify(
    *,
    recipients: Iterable,
    kind: str,
    context: dict | None = None,
    url: str = "",
    organisation_name: str = "",
    community_name: str = "",
) -> list[Notification]:
    """Write one notification per active recipient, in the caller's transaction.

    `context` holds plain JSON values for the subject and the email templates.
    Emails go out after the commit, except to people who chose the daily digest.
    """
    context = dict(context or {})
    subject = get_kind(kind).subject.format_map(context)[:200]
    people = {u.pk: u for u in recipients if u.is_active}
    digest_ids = _digest_user_ids(list(people))
    rows = Notification.objects.bulk_create(
        [
            Notification(
                recipient=person,
                kind=kind,
                subject=subject,
                context=context,
                url=url,
                organisation_name=organisation_name,
                community_name=community_name,
                email_status=(
                    Notification.Email.IN_DIGEST
                    if person.pk in digest_ids
                    else Notification.Email.PENDING
                ),
            )
            for person in people.values()
        ],
        batch_size=CHUNK,
    )
    pending = [n.pk for n in rows if n.email_status == Notification.Email.PENDING]
    if pending:
        transaction.on_commit(partial(enqueue_emails, pending))
    return rows


def _digest_user_ids(user_ids: list[int]) -> set[int]:
    """Who among these people chose the daily digest (chunked: notices can go
    to every person in the portal, past PostgreSQL's limit on parameters)."""
    chosen = set()
    for start in range(0, len(user_ids), CHUNK):
        chosen.update(
            NotificationPreference.objects.filter(
                user_id__in=user_ids[start : start + CHUNK],
                email_frequency=NotificationPreference.Frequency.DAILY_DIGEST,
            ).values_list("user_id", flat=True)
        )
    return chosen


def enqueue_emails(notification_ids: list[int]) -> None:
    """Hand the emails to Celery; if the broker is down, leave them to the sweep.

    One task carries up to EMAILS_PER_TASK emails: a notice to everyone in an
    organisation is a few tasks, not thousands.
    """
    from .tasks import deliver_notifications_task

    for start in range(0, len(notification_ids), EMAILS_PER_TASK):
        try:
            deliver_notifications_task.delay(
                notification_ids[start : start + EMAILS_PER_TASK]
            )
        except Exception:
            logger.warning(
                "Could not queue %d notification email(s); the sweep will send them",
                len(notification_ids) - start,
                exc_info=True,
            )
            return


def notification_deliver(*, notification_id: int) -> str:
    """Send one notification's email: at least once, and once in every case but one.

    The row is locked (skipping rows another worker holds) and re-checked, and
    the attempt is recorded and committed before the SMTP conversation
    starts: a task run twice, or two workers racing, send one email, and a try
    under way is left alone. A worker that dies after the mail server accepted
    the email but before the portal recorded it leaves the attempt open; the
    sweep sends it again once SEND_TIMEOUT has passed (longer than any send
    can take), with the same Message-ID. Failures are kept on the row; after
    MAX_EMAIL_ATTEMPTS it is marked failed for administrators.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(
                no_key=True, skip_locked=True, of=("self",)
            )
            .select_related("recipient")
            .filter(pk=notification_id, email_status=Notification.Email.PENDING)
            .first()
        )
        if notification is None:
            return Delivery.SKIPPED
        started = notification.email_attempt_started_at
        now = timezone.now()
        if started is not None and now - started < SEND_TIMEOUT:
            return Delivery.SKIPPED  # another worker is sending it now
        if not notification.recipient.is_active:
            notification.email_status = Notification.Email.NOT_SENT
            notification.save(update_fields=["email_status"])
            return Delivery.NOT_SENT
        notification.email_attempts += 1
        notification.email_attempt_started_at = now
        notification.save(update_fields=["email_attempts", "email_attempt_started_at"])
    try:
        emails.send_notification(notification)
    except Exception as error:
        return _record_failure(notification, error)
    Notification.objects.filter(pk=notification.pk).update(
        email_status=Notification.Email.SENT,
        email_sent_at=timezone.now(),
        email_retry_at=None,
        email_attempt_started_at=None,
    )
    return Delivery.SENT


def _record_failure(notification: Notification, error: Exception) -> str:
    logger.warning("Email for notification %s failed: %r", notification.pk, error)
    notification.email_attempt_started_at = None
    notification.email_last_error = f"{error.__class__.__name__}: {error}"[:2000]
    if notification.email_attempts >= MAX_EMAIL_ATTEMPTS:
        notification.email_status = Notification.Email.FAILED
        notification.email_retry_at = None
        outcome = Delivery.FAILED
    else:
        notification.email_retry_at = timezone.now() + retry_delay(
            notification.email_attempts
        )
        outcome = Delivery.RETRY
    notification.save(
        update_fields=[
            "email_status",
            "email_attempts",
            "email_last_error",
            "email_retry_at",
            "email_attempt_started_at",
        ]
    )
    return outcome


def notifications_sweep() -> int:
    """Queue again every email still pending after the grace period."""
    now = timezone.now()
    ids = list(
        Notification.objects.email_due(created_before=now - SWEEP_GRACE, now=now)
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    if ids:
        enqueue_emails(ids)
    return len(ids)


def _digest_groups(rows: list[Notification]) -> list[dict]:
    """Items grouped by organisation and community, not by event."""

    def where(n: Notification) -> str:
        parts = [p for p in (n.organisation_name, n.community_name) if p]
        return ", ".join(parts) or "Other updates"

    ordered = sorted(rows, key=lambda n: (where(n) == "Other updates", where(n)))
    return [
        {"title": title, "items": list(items)}
        for title, items in groupby(ordered, key=where)
    ]


def digest_send(*, user_id: int) -> int:
    """Send one person everything waiting for their digest, in one email.

    Returns how many items it carried. If sending fails nothing is marked, so
    the items wait for the next try.
    """
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(
                no_key=True, skip_locked=True, of=("self",)
            )
            .select_related("recipient")
            .filter(recipient_id=user_id, email_status=Notification.Email.IN_DIGEST)
            .order_by("created_at")
        )
        if not rows:
            return 0
        recipient = rows[0].recipient
        ids = [n.pk for n in rows]
        if not recipient.is_active:
            Notification.objects.filter(pk__in=ids).update(
                email_status=Notification.Email.NOT_SENT
            )
            return 0
        emails.send_digest(
            recipient=recipient,
            groups=_digest_groups(rows),
            count=len(rows),
            items=(min(ids), max(ids)),
        )
        Notification.objects.filter(pk__in=ids).update(
            email_status=Notification.Email.SENT,
            email_sent_at=timezone.now(),
            email_attempts=F("email_attempts") + 1,
        )
        return len(rows)


def digest_recipient_ids() -> list[int]:
    return list(
        Notification.objects.filter(email_status=Notification.Email.IN_DIGEST)
        .values_list("recipient_id", flat=True)
        .distinct()
    )


@transaction.atomic
def notification_mark_read(*, notification_id: int, actor) -> Notification:
    """Mark one of the actor's own notifications read.

    Raises Notification.DoesNotExist for anyone else's, exactly as for a
    notification that does not exist.
    """
    notification = (
        Notification.objects.for_recipient(actor)
        .select_for_update(no_key=True)
        .get(pk=notification_id)
    )
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor) -> int:
    return (
        Notification.objects.for_recipient(actor)
        .unread()
        .update(read_at=timezone.now())
    )


@transaction.atomic
def preference_set(*, user, email_frequency: str) -> NotificationPreference:
    """Choose immediate emails or a daily digest.

    Switching to immediate sends what was waiting for the digest straight away.
    """
    preference, _ = NotificationPreference.objects.select_for_update(
        no_key=True
    ).get_or_create(user=user)
    preference.email_frequency = NotificationPreference.Frequency(email_frequency)
    preference.save(update_fields=["email_frequency", "updated_at"])
    if email_frequency == NotificationPreference.Frequency.IMMEDIATE:
        waiting = Notification.objects.for_recipient(user).filter(
            email_status=Notification.Email.IN_DIGEST
        )
        ids = list(waiting.values_list("pk", flat=True))
        if ids:
            waiting.update(email_status=Notification.Email.PENDING)
            transaction.on_commit(partial(enqueue_emails, ids))
    return preference


@transaction.atomic
def notifications_retry_failed(*, notification_ids: Iterable[int]) -> int:
    """Give failed emails a fresh set of attempts (administrators' admin action)."""
    failed = Notification.objects.filter(
        pk__in=list(notification_ids), email_status=Notification.Email.FAILED
    )
    ids = list(failed.values_list("pk", flat=True))
    failed.update(
        email_status=Notification.Email.PENDING, email_attempts=0, email_retry_at=None
    )
    if ids:
        transaction.on_commit(partial(enqueue_emails, ids))
    return len(ids)
