"""The community app's hook points and what it adds to others' (core/hooks.py).

PAGE_SECTIONS: sections higher apps add to a community's page (communities
cannot import them: DESIGN.md's layers). Each function gets the community and
answers a Section or None.
"""

from django.urls import reverse

from core.hooks import Hook, Section
from notifications.summaries import SummarySection

from .selectors import communities_review_due, suggestions_to_curate

PAGE_SECTIONS: Hook[Section] = Hook("sections of a community's page")


def curation_summary(user) -> SummarySection | None:
    """The press officers' weekly summary: what the directory needs from them."""
    waiting = suggestions_to_curate().count()
    due = communities_review_due().count()
    if not (waiting or due):
        return None
    return SummarySection(
        title="The community directory",
        lines=[
            f"{waiting} suggested communities waiting for a decision",
            f"{due} listed communities due a review",
        ],
        url=reverse("communities:curate"),
    )
