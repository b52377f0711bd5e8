"""The post page's actions: one row per persona and state, from the same rules
the services apply (who the viewer is, and Post.TRANSITIONS)."""

import pytest

from moderation.models import Post
from moderation.permissions import (
    can_author_post,
    can_review_post,
    post_actions_for,
    posts_reviewable_by,
)
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
    ("press_officer", S.AWAITING_REVIEW, {"review", "claim"}),
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
    "claim",
    "release",
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


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("civil_servant", False),  # the author
        ("press_officer", True),
        ("other_org_press_officer", False),
        ("trainer", False),
        ("mentor", False),
        ("editor", False),
        ("admin_user", False),
    ],
)
def test_only_a_press_officer_covering_the_organisation_reviews(
    request, civil_servant, name, allowed
):
    post = make_post(civil_servant, status=S.AWAITING_REVIEW)
    user = request.getfixturevalue(name)

    assert can_review_post(user, post) is allowed
    assert posts_reviewable_by(user).filter(pk=post.pk).exists() is allowed


def test_a_press_officer_never_reviews_their_own_post(press_officer):
    post = make_post(press_officer, status=S.AWAITING_REVIEW)

    assert can_review_post(press_officer, post) is False
    assert not posts_reviewable_by(press_officer).filter(pk=post.pk).exists()


@pytest.mark.parametrize(
    ("name", "allowed"),
    [("civil_servant", True), ("press_officer", False), ("mentor", False)],
)
def test_only_the_author_authors_a_post(request, civil_servant, name, allowed):
    post = make_post(civil_servant)

    assert can_author_post(request.getfixturevalue(name), post) is allowed
