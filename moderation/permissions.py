from django.db.models import QuerySet

from accounts.permissions import has_mfa
from accounts.roles import Role
from accounts.selectors import has_role, organisations_reviewed_by

from .models import Post


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
