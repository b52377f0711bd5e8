"""What conversations adds to the apps below it (core/hooks.py)."""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.summaries import SummarySection

from .selectors import sensitive_counts_for


def sensitive_threads_summary(user) -> SummarySection | None:
    """The press officers' weekly summary: the week's sensitive threads."""
    counts = sensitive_counts_for(user, since=timezone.now() - timedelta(days=7))
    if not counts["sensitive"]:
        return None
    return SummarySection(
        title="Conversations touching sensitive topics",
        lines=[
            f"{counts['sensitive']} new this week",
            f"{counts['needing_response']} marked as needing a response",
            f"{counts['answered']} with a post logged in response",
        ],
        url=reverse("conversations:monitoring"),
    )


def match_again_later(*, organisation) -> None:
    """accounts.hooks.ORGANISATION_SAVED: its topics may have changed, so a
    worker matches the kept threads to it again after the commit."""
    from .tasks import match_again_task

    organisation_id = organisation.pk
    transaction.on_commit(lambda: match_again_task.delay(organisation_id))
