from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.permissions import has_mfa
from accounts.roles import Role
from accounts.selectors import has_role, organisations_reviewed_by

from .models import CLAIM_LAPSES_AFTER, Action, Claims, Fallback, Post, ReviewPolicy


def posts_reviewable_by(user) -> QuerySet[Post]:
    """Posts of the organisations the press officer covers, and those sent to
    their office as another organisation's fallback; for an administrator,
    posts sent to the administrators. Never their own. One predicate for the
    queue, the counts and every decision (can_review_post)."""
    if not (user.is_authenticated and has_mfa(user)):
        return Post.objects.none()
    covered = Q(pk__in=[])
    if has_role(user, Role.PRESS_OFFICER):
        reviewed = organisations_reviewed_by(user)
        covered = Q(organisation__in=reviewed)
        if _is_a_fallback_office(user, reviewed):
            covered |= Q(
                fallback=Fallback.ORGANISATION, fallback_organisation__in=reviewed
            )
    if has_role(user, Role.ADMINISTRATOR):
        covered |= Q(fallback=Fallback.ADMINISTRATORS)
    return Post.objects.filter(covered).exclude(author=user)


def _is_a_fallback_office(user, reviewed) -> bool:
    """Whether any post was ever sent to the officer's office as another
    organisation's fallback: only then does their queue look beyond their own
    organisations. The OR that would otherwise be in every press officer's
    queue query makes PostgreSQL read far more of a large department's posts
    (the queue went from 451 to 980 ms at bench scale 10). One query on the
    small fallback index, read once per request and kept on the user object,
    as roles_of() does."""
    if not hasattr(user, "_portal_fallback_office"):
        user._portal_fallback_office = Post.objects.filter(
            fallback=Fallback.ORGANISATION, fallback_organisation__in=reviewed
        ).exists()
    return user._portal_fallback_office


def can_review_post(user, post: Post) -> bool:
    """A press officer covering the author's organisation, or the post's
    fallback reviewers (another press office, or the administrators); never
    the author."""
    if not user.is_authenticated or post.author_id == user.pk or not has_mfa(user):
        return False
    if has_role(user, Role.PRESS_OFFICER):
        offices = [post.organisation_id]
        if post.fallback == Fallback.ORGANISATION:
            offices.append(post.fallback_organisation_id)
        if organisations_reviewed_by(user).filter(pk__in=offices).exists():
            return True
    return post.fallback == Fallback.ADMINISTRATORS and has_role(
        user, Role.ADMINISTRATOR
    )


def can_author_post(user, post: Post) -> bool:
    return user.is_authenticated and post.author_id == user.pk


@dataclass(frozen=True)
class PostActions:
    """What the viewer may do to a post now: the page shows exactly these."""

    edit: bool
    reply: bool
    send: bool
    record_posted: bool
    withdraw: bool
    review: bool
    claim: bool
    release: bool
    mark_reviewed: bool
    flag: bool


def post_actions_for(user, post: Post, *, now=None) -> PostActions:
    """The post page's buttons, from the same rules the services apply: who the
    viewer is (can_author_post, can_review_post), the transitions table and
    the item's claim (under required claims only its holder decides)."""
    author = can_author_post(user, post)
    reviewer = can_review_post(user, post)
    now = now or timezone.now()
    waiting = reviewer and post.allows(Action.APPROVE)
    holder = post.claim_holder_id(now) if waiting else None
    return PostActions(
        edit=author and post.is_editable,
        reply=author and post.status == Post.Status.CHANGES_REQUESTED,
        send=author and post.allows(Action.SUBMIT),
        record_posted=author and post.allows(Action.RECORD_POSTED),
        withdraw=author and post.allows(Action.WITHDRAW),
        review=waiting and not claim_refusal(post, user, now=now),
        claim=waiting and holder is None,
        release=waiting and holder == user.pk,
        mark_reviewed=reviewer
        and post.status == Post.Status.POSTED
        and post.sampled_for_review
        and post.post_reviewed_at is None,
        flag=reviewer and post.allows(Action.FLAG),
    )


def claims_required(post: Post) -> bool:
    return ReviewPolicy.of(post.organisation_id).claims == Claims.REQUIRED


def claimed_by_another(post: Post) -> str:
    claimed = timezone.localtime(post.claimed_at)
    lapses = claimed + CLAIM_LAPSES_AFTER
    return (
        f"{post.claimed_by} claimed this at {claimed:%H:%M}: only they can decide "
        f"it until they release it or the claim lapses at {lapses:%H:%M}."
    )


def claim_refusal(post: Post, user, *, now) -> str:
    """Why the claim rule stops `user` deciding the post now, or "": the one
    rule the page's Record decision button and the deciding services share.

    Under required claims (the organisation's ReviewPolicy) only the officer
    holding the item's claim decides it, as Discourse's review queue can
    require; advisory claims only tell others someone is looking."""
    if not claims_required(post):
        return ""
    holder = post.claim_holder_id(now)
    if holder is None:
        return "Claim this item before you decide: your press office requires it."
    return "" if holder == user.pk else claimed_by_another(post)
