from django.urls import reverse

from notifications.summaries import SummarySection

from .selectors import communities_review_due, suggestions_to_curate


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
