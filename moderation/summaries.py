from django.urls import reverse
from django.utils import timezone

from notifications.summaries import SummarySection

from .selectors import queue_summary_for


def queue_summary(user) -> SummarySection | None:
    """The press officers' weekly summary: queue size and oldest item."""
    rows = queue_summary_for(user)
    if not rows:
        return None
    now = timezone.now()
    return SummarySection(
        title="Your review queue",
        lines=[
            f"{r['organisation__short_name']}: {r['waiting']} waiting, the oldest "
            f"for {(now - r['oldest']).days} days"
            for r in rows
        ],
        url=reverse("moderation:queue"),
    )
