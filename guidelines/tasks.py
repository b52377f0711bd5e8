from celery import shared_task

from .services import acknowledgement_reminders_send


@shared_task
def send_acknowledgement_reminders_task() -> int:
    return acknowledgement_reminders_send()
