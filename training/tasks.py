import logging

from celery import shared_task

from .services import (
    levels_after_grace,
    levels_check,
    levels_recompute_everyone,
    training_reminders_send,
)

log = logging.getLogger(__name__)


@shared_task
def send_training_reminders_task() -> int:
    return training_reminders_send()


@shared_task
def levels_recompute_everyone_task() -> int:
    return levels_recompute_everyone()


@shared_task
def levels_after_grace_task() -> int:
    return levels_after_grace()


@shared_task
def levels_check_task() -> int:
    """The nightly drift check: logs, then repairs, any stored standing that
    differs from a fresh computation, and adds those missing. Returns how
    many differed."""
    drift = levels_check(fix=True)
    if drift.drifted:
        log.warning(
            "Level drift: %d of %d people's stored standing differed (now fixed)",
            len(drift.drifted),
            drift.checked,
        )
    if drift.missing:
        log.info("Level standings added for %d people", len(drift.missing))
    return len(drift.drifted)
