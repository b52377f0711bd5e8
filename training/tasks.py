from celery import shared_task

from .services import training_reminders_send


@shared_task
def send_training_reminders_task() -> int:
    return training_reminders_send()
