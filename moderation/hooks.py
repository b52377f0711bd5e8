"""What moderation adds to the pages and jobs of the apps below it.

Each function is registered in ModerationConfig.ready() into a hook point the
lower app declares (core/hooks.py), since those apps cannot import this one.
"""

from django.urls import reverse
from django.utils import timezone

from core.hooks import Link, Section
from notifications.summaries import SummarySection

from .selectors import engagement_by_organisation, queue_summary_for


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


def posts_logged_here(community) -> Section:
    """A community's page: which organisations have logged posts there."""
    return Section(
        title="Posts logged here",
        rows=[
            (name, f"{n} post{'s' if n != 1 else ''}")
            for name, n in engagement_by_organisation(community)
        ],
        empty="Nobody has logged a post here yet.",
    )


def mentee_posts_link(mentoring) -> Link:
    """A mentoring page: the mentees' posts, evidence for a sign-off."""
    return Link(
        "Read your mentees' posts",
        reverse("moderation:mentee_posts"),
        after=", as evidence when you sign off readiness.",
    )
