"""The post page's actions: one row per persona and state, from the same rules
the services apply (who the viewer is, and Post.TRANSITIONS)."""

import pytest

from moderation.models import Post
from moderation.permissions import post_actions_for
from tests.moderation.helpers import make_post

S = Post.Status
NONE: set[str] = set()

# (persona, status) -> the actions the page offers; every other one is refused.
TABLE = [
    ("civil_servant", S.DRAFT, {"edit", "send", "withdraw"}),
    ("civil_servant", S.AWAITING_REVIEW, {"withdraw"}),
    ("civil_servant", S.APPROVED, {"record_posted"}),
    ("civil_servant", S.POSTED, NONE),
    ("civil_servant", S.FLAGGED, NONE),
    ("civil_servant", S.WITHDRAWN, NONE),
    ("press_officer", S.DRAFT, NONE),
    ("press_officer", S.AWAITING_REVIEW, {"review"}),
    ("press_officer", S.APPROVED, NONE),
    ("press_officer", S.POSTED, {"mark_reviewed", "flag"}),
    ("press_officer", S.FLAGGED, NONE),
    ("other_org_press_officer", S.AWAITING_REVIEW, NONE),
    ("other_org_press_officer", S.POSTED, NONE),
    ("mentor", S.AWAITING_REVIEW, NONE),
    ("trainer", S.AWAITING_REVIEW, NONE),
    ("admin_user", S.AWAITING_REVIEW, NONE),
]
ACTIONS = {
    "edit",
    "send",
    "record_posted",
    "withdraw",
    "review",
    "mark_reviewed",
    "flag",
}


@pytest.mark.parametrize(("persona", "status", "allowed"), TABLE)
def test_post_page_offers_exactly_the_actions_the_rules_allow(
    request, civil_servant, persona, status, allowed
):
    post = make_post(civil_servant, status=status)
    actions = post_actions_for(request.getfixturevalue(persona), post)

    assert {name for name in ACTIONS if getattr(actions, name)} == allowed


def test_a_posted_item_already_read_after_the_fact_is_not_offered_again(
    civil_servant, press_officer
):
    post = make_post(civil_servant, status=S.POSTED)
    post.post_reviewed_at = post.submitted_at

    assert post_actions_for(press_officer, post).mark_reviewed is False


def test_a_post_not_sampled_for_review_is_not_offered_for_it(
    civil_servant, press_officer
):
    post = make_post(civil_servant, status=S.POSTED, sampled_for_review=False)

    assert post_actions_for(press_officer, post).mark_reviewed is False
