"""Training's hook points, and what it adds to others' (core/hooks.py).

MENTORING_LINKS: links higher apps add to a mentoring page for its mentor
(moderation adds the mentees' posts). Each function gets the mentoring and
answers a Link or None.

overdue_training_summary: training's section of the trainers' weekly summary
(notifications/summaries.py), registered in TrainingConfig.ready().

standing_after_acknowledgement, standings_after_principles_change and
standing_after_placement keep the stored discretion levels right when the
guidelines and accounts change them (guidelines/hooks.py, accounts/hooks.py),
registered in TrainingConfig.ready().
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.hooks import Hook, Link
from notifications.summaries import SummarySection

from .selectors import open_training_counts_for
from .services import levels_recompute
from .tasks import levels_recompute_everyone_task

MENTORING_LINKS: Hook[Link] = Hook("links on a mentoring page, for the mentor")


def overdue_training_summary(trainer) -> SummarySection | None:
    """The trainers' weekly summary: in the organisations they train, how many
    courses are overdue and how many finished ones wait for their confirmation.
    None when both are 0."""
    overdue, awaiting = open_training_counts_for(trainer, today=timezone.localdate())
    if not (overdue or awaiting):
        return None
    return SummarySection(
        title="Training in the organisations you train",
        lines=[
            f"{overdue} overdue assignments",
            f"{awaiting} finished courses waiting for your confirmation",
        ],
        url=reverse("training:dashboard"),
    )


def standing_after_acknowledgement(person) -> None:
    levels_recompute(person_ids=[person.pk])


def standings_after_principles_change() -> None:
    # Everyone must acknowledge again: too many to recompute in the request.
    transaction.on_commit(levels_recompute_everyone_task.delay)


def standing_after_placement(person) -> None:
    levels_recompute(person_ids=[person.pk])
