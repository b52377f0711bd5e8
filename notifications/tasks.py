"""Thin Celery wrappers: ids in, the service does the work and re-checks state."""

from collections import Counter

from celery import shared_task

from . import services
from .summaries import weekly_summaries_send


@shared_task(bind=True, max_retries=services.MAX_EMAIL_ATTEMPTS - 1)
def deliver_notifications_task(self, notification_ids: list[int]) -> dict:
    """Send each notification's email; those that failed are tried again later."""
    outcomes = {
        pk: services.notification_deliver(notification_id=pk) for pk in notification_ids
    }
    retry = [
        pk for pk, outcome in outcomes.items() if outcome == services.Delivery.RETRY
    ]
    # In-process (embedded) runs leave retries to the sweep instead of blocking.
    if retry and not self.request.is_eager and self.request.retries < self.max_retries:
        delay = services.retry_delay(self.request.retries + 1)
        raise self.retry(args=[retry], countdown=delay.total_seconds())
    return dict(Counter(outcomes.values()))


@shared_task
def sweep_pending_notifications_task() -> int:
    return services.notifications_sweep()


@shared_task(bind=True, max_retries=3, default_retry_delay=300)
def send_digest_task(self, user_id: int) -> int:
    try:
        return services.digest_send(user_id=user_id)
    except Exception as error:
        raise self.retry(exc=error) from error


@shared_task
def send_daily_digests_task() -> int:
    user_ids = services.digest_recipient_ids()
    for user_id in user_ids:
        send_digest_task.delay(user_id)
    return len(user_ids)


@shared_task
def send_weekly_summaries_task() -> int:
    return weekly_summaries_send()
