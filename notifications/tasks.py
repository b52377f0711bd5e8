"""Thin Celery wrappers: ids in, the service does the work and re-checks state."""

from celery import shared_task

from . import services
from .summaries import weekly_summaries_send


@shared_task(bind=True, max_retries=services.MAX_EMAIL_ATTEMPTS - 1)
def deliver_notification_task(self, notification_id: int) -> str:
    outcome = services.notification_deliver(notification_id=notification_id)
    if outcome == services.Delivery.RETRY and not self.request.is_eager:
        delay = services.retry_delay(self.request.retries + 1)
        raise self.retry(countdown=delay.total_seconds())
    # In-process (embedded) runs leave a retry to the sweep instead of blocking.
    return outcome


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
