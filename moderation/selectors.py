"""Reads of the participation log and the review queue, scoped to the viewer."""

from django.db.models import Q, QuerySet

from training.models import Mentoring

from .models import Post, ReviewPolicy
from .permissions import posts_reviewable_by


def policy_for(organisation) -> ReviewPolicy:
    """The organisation's review policy, or the defaults (unsaved) without one."""
    return ReviewPolicy.objects.filter(
        organisation=organisation
    ).first() or ReviewPolicy(organisation=organisation)


def post_for(user, pk: int) -> Post:
    """A post the user may see: their own, one their press office reviews, or
    (read-only) one of their active mentee's. Anything else: DoesNotExist."""
    if not user.is_authenticated:
        raise Post.DoesNotExist
    mentees = Mentoring.objects.filter(mentor=user, active=True).values("mentee_id")
    reviewable = posts_reviewable_by(user).values("pk")
    visible = Post.objects.filter(
        Q(author=user) | Q(pk__in=reviewable) | Q(author_id__in=mentees)
    )
    return visible.select_related(
        "author", "organisation", "community", "claimed_by"
    ).get(pk=pk)


def review_queue_for(user) -> QuerySet[Post]:
    """Items awaiting review, highest priority first, then oldest."""
    return (
        posts_reviewable_by(user)
        .awaiting_review()
        .select_related("author", "organisation", "community", "claimed_by")
        .order_by("-priority", "submitted_at")
    )


def posts_by(user) -> QuerySet[Post]:
    return Post.objects.filter(author=user).select_related("community")
