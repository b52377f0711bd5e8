from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.permissions import has_mfa
from accounts.roles import Role
from accounts.selectors import has_role, organisations_reviewed_by

from .models import Action, Post


def posts_reviewable_by(user) -> QuerySet[Post]:
    """Posts of the organisations the press officer covers, never their own."""
    if not (
        user.is_authenticated and has_role(user, Role.PRESS_OFFICER) and has_mfa(user)
    ):
        return Post.objects.none()
    return Post.objects.for_organisations(organisations_reviewed_by(user)).exclude(
        author=user
    )


def can_review_post(user, post: Post) -> bool:
    """A press officer covering the author's organisation, not the author."""
    return (
        user.is_authenticated
        and post.author_id != user.pk
        and has_role(user, Role.PRESS_OFFICER)
        and has_mfa(user)
        and organisations_reviewed_by(user).filter(pk=post.organisation_id).exists()
    )


def can_author_post(user, post: Post) -> bool:
    return user.is_authenticated and post.author_id == user.pk


@dataclass(frozen=True)
class PostActions:
    """What the viewer may do to a post now: the page shows exactly these."""

    edit: bool
    send: bool
    record_posted: bool
    withdraw: bool
    review: bool
    mark_reviewed: bool
    flag: bool


def post_actions_for(user, post: Post) -> PostActions:
    """The post page's buttons, from the same rules the services apply: who the
    viewer is (can_author_post, can_review_post) and the transitions table."""
    author = can_author_post(user, post)
    reviewer = can_review_post(user, post)
    return PostActions(
        edit=author and post.status == Post.Status.DRAFT,
        send=author and post.allows(Action.SUBMIT),
        record_posted=author and post.allows(Action.RECORD_POSTED),
        withdraw=author and post.allows(Action.WITHDRAW),
        review=reviewer and post.allows(Action.APPROVE),
        mark_reviewed=reviewer
        and post.status == Post.Status.POSTED
        and post.sampled_for_review
        and post.post_reviewed_at is None,
        flag=reviewer and post.allows(Action.FLAG),
    )
