"""Reads of the participation log and the review queue, scoped to the viewer."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, F, Min, Q, QuerySet, Sum

from accounts.permissions import can_use_role_pages
from accounts.roles import Role
from accounts.selectors import (
    able_reviewers_of,
    organisations_reviewed_by,
    users_with_role,
    with_two_factor,
)
from guidelines.diff import compare
from training.selectors import level_decisions_of, level_standing_of, mentees_of

from .models import (
    CLAIM_LAPSES_AFTER,
    Action,
    Fallback,
    Flag,
    Post,
    PostDay,
    PostEvent,
    PostSubmission,
    ReviewPolicy,
)
from .permissions import posts_reviewable_by


def policy_for(organisation) -> ReviewPolicy:
    """The organisation's review policy, or the defaults (unsaved) without one."""
    return ReviewPolicy.of(organisation.pk)


def review_fallback_for(post: Post) -> tuple[str, object]:
    """Who reviews the post if it is sent now: ("", None) when someone in its
    own press office other than its author can; else its organisation's
    policy fallback, as (Fallback, the press office's organisation or None).
    A fallback press office with nobody able either (but the author) passes
    it on to the administrators: a post is never sent where nobody reviews."""
    author = Q(pk=post.author_id)
    if able_reviewers_of(post.organisation).exclude(author).exists():
        return "", None
    policy = policy_for(post.organisation)
    office = policy.fallback_organisation
    if (
        policy.fallback == Fallback.ORGANISATION
        and office is not None
        and able_reviewers_of(office).exclude(author).exists()
    ):
        return Fallback.ORGANISATION, office
    return Fallback.ADMINISTRATORS, None


def sent_to_administrators() -> QuerySet[Post]:
    """Posts waiting for the administrators' review (their fallback index)."""
    return Post.objects.awaiting_review().filter(fallback=Fallback.ADMINISTRATORS)


def fallback_name(fallback: str, organisation) -> str:
    """Who a fallback is, in words: "" for the post's own press office."""
    if fallback == Fallback.ORGANISATION:
        return f"the press office of {organisation.name}"
    if fallback == Fallback.ADMINISTRATORS:
        return "the portal's administrators"
    return ""


def fallback_reviewers(fallback: str, organisation) -> QuerySet:
    """The people a post sent to this fallback waits for."""
    if fallback == Fallback.ORGANISATION:
        return able_reviewers_of(organisation)
    return with_two_factor(users_with_role(Role.ADMINISTRATOR))


class Policies(dict):
    """Each organisation's review policy, looked up once: for periodic jobs
    that walk posts of many organisations."""

    def __missing__(self, organisation_id: int) -> ReviewPolicy:
        self[organisation_id] = policy = ReviewPolicy.of(organisation_id)
        return policy


def approval_lapses_at(post: Post, policies: Policies | None = None):
    """When an approved post's approval lapses (its organisation's window
    after the approval) and it goes back to draft; None unless approved."""
    if post.status != Post.Status.APPROVED or post.approved_at is None:
        return None
    policy = (policies if policies is not None else Policies())[post.organisation_id]
    return post.approved_at + timedelta(days=policy.approval_window_days)


def last_change_of(post: Post) -> PostEvent | None:
    """The post's latest change of state, with who made it."""
    return (
        post.events.exclude(old_status=F("new_status"))
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )


# The events that carry what the press office and the author said to each
# other about a post: its conversation, in order.
CONVERSATION = [Action.REQUEST_CHANGES, Action.REPLY, Action.APPROVE, Action.REJECT]


def conversation_of(post: Post) -> list[PostEvent]:
    return list(
        post.events.filter(action__in=CONVERSATION)
        .exclude(comment="")
        .select_related("actor")
    )


@dataclass(frozen=True)
class Resubmission:
    """What changed between the author's last two submissions for review."""

    previous: PostSubmission
    lines: list[tuple[str, str]]  # guidelines.diff.compare's (change, text)
    fields: list[tuple[str, str, str]]  # (label, before, after), changed only


def changes_since_last_submission(post: Post) -> Resubmission | None:
    """None unless the post was sent for review at least twice."""
    latest = list(post.submissions.order_by("-created_at", "-pk")[:2])
    if len(latest) < 2:
        return None
    new, old = latest
    fields = [
        (label, before, after)
        for label, before, after in (
            ("Purpose", old.get_purpose_display(), new.get_purpose_display()),
            ("Thread", old.thread_url, new.thread_url),
            (
                "Community",
                old.community_name or old.community_url,
                new.community_name or new.community_url,
            ),
            ("Notes", old.notes, new.notes),
        )
        if before != after
    ]
    lines = compare(old.topic, old.text, new.topic, new.text)
    return Resubmission(old, lines, fields)


def post_for(user, pk: int) -> Post:
    """A post the user may see: their own, one their press office reviews, or
    (read-only) one of their active mentee's, once it has left draft (a post
    sent back with changes requested has, as has one whose approval lapsed).
    A draft never sent is its author's alone. Anything else: DoesNotExist,
    the same as a post that is not there."""
    if not user.is_authenticated:
        raise Post.DoesNotExist
    mentees = mentees_of(user).values("pk")
    reviewable = posts_reviewable_by(user).values("pk")
    visible = Post.objects.filter(
        Q(author=user)
        | Q(sent_at__isnull=False) & (Q(pk__in=reviewable) | Q(author_id__in=mentees))
    )
    return visible.select_related(
        "author", "organisation", "community", "claimed_by"
    ).get(pk=pk)


def flag_for(user, pk: int) -> Flag:
    """A flag on a post the user may see (post_for); anything else: DoesNotExist."""
    flag = Flag.objects.get(pk=pk)
    flag.post = post_for(user, flag.post_id)
    return flag


def review_queue_for(
    user, *, organisation=None, purpose: str = "", risk: str = ""
) -> QuerySet[Post]:
    """Items awaiting review, highest priority first, then oldest; optionally
    only one organisation's, purpose or community risk."""
    posts = posts_reviewable_by(user).awaiting_review()
    if organisation:
        posts = posts.filter(organisation=organisation)
    if purpose:
        posts = posts.filter(purpose=purpose)
    if risk:
        posts = posts.filter(community__risk=risk)
    # pk last: a stable order, so no item appears on two pages.
    return posts.select_related(
        "author", "organisation", "community", "claimed_by"
    ).order_by("-priority", "submitted_at", "pk")


def live_counts_for(user, *, now) -> list[tuple[str, int]]:
    """What the press office has to act on: the states it works, never every
    post it ever reviewed, so the count costs the same in year one and ten.
    Reads the live rows through the partial indexes on awaiting and approved
    posts and on open flags."""
    claimed_since = now - CLAIM_LAPSES_AFTER
    counts = (
        posts_reviewable_by(user)
        .filter(status__in=[Post.Status.AWAITING_REVIEW, Post.Status.APPROVED])
        .aggregate(
            waiting=Count("pk", filter=Q(status=Post.Status.AWAITING_REVIEW)),
            claimed=Count(
                "pk",
                filter=Q(
                    status=Post.Status.AWAITING_REVIEW, claimed_at__gte=claimed_since
                ),
            ),
            approved=Count("pk", filter=Q(status=Post.Status.APPROVED)),
        )
    )
    return [
        ("Awaiting review", counts["waiting"]),
        ("Being looked at now", counts["claimed"]),
        ("Approved, not yet posted", counts["approved"]),
        ("Open learning reviews", open_flags_for(user).count()),
    ]


def posts_after_posting_for(user) -> QuerySet[Post]:
    """Self-posted items sampled for review and not yet read, oldest first."""
    return (
        posts_reviewable_by(user)
        .needing_review_after_posting()
        .select_related("author", "community")
        .order_by("created_at", "pk")
    )


def posts_by(
    user, *, status: str = "", community=None, since=None, until=None
) -> QuerySet[Post]:
    """The author's own log, newest first, optionally filtered."""
    posts = Post.objects.filter(author=user).select_related("community")
    if status:
        posts = posts.filter(status=status)
    if community:
        posts = posts.filter(community=community)
    if since:
        posts = posts.filter(created_at__date__gte=since)
    if until:
        posts = posts.filter(created_at__date__lte=until)
    return posts.order_by("-created_at")


def sensitive_topics_of(organisation) -> dict[str, list[str]]:
    """The organisation's sensitive topics, each with its other wordings, as
    core.matching.topic_matches and routing.highlight take them."""
    return {
        name: alternatives.splitlines()
        for name, alternatives in organisation.sensitive_topics.values_list(
            "name", "alternatives"
        )
    }


@dataclass(frozen=True)
class AuthorRecord:
    """What a reviewer weighs about a post's author, beside the post."""

    standing: object  # training's LevelStanding: their level now
    latest_decision: object  # their trainer's latest level decision, or None
    recent_posts: list[Post]  # their last few posts sent, not this one
    recent_flags: list[Flag]


def author_record_for(post: Post) -> AuthorRecord:
    """A handful of indexed queries, whatever the author's history."""
    author = post.author
    return AuthorRecord(
        standing=level_standing_of(author),
        latest_decision=level_decisions_of(author).first(),
        recent_posts=list(
            Post.objects.filter(author=author, sent_at__isnull=False)
            .exclude(pk=post.pk)
            .select_related("community")
            .order_by("-created_at")[:5]
        ),
        recent_flags=list(
            Flag.objects.filter(post__author=author)
            .select_related("post")
            .order_by("-raised_at")[:5]
        ),
    )


def unsent_counts_of(user) -> dict[str, int]:
    """The author's drafts and posts sent back for changes, by status."""
    return dict(
        Post.objects.filter(
            author=user,
            status__in=[Post.Status.DRAFT, Post.Status.CHANGES_REQUESTED],
        )
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )


def queue_summary_for(user) -> list[dict]:
    """Per organisation covered: items waiting and when the oldest was sent."""
    return list(
        posts_reviewable_by(user)
        .awaiting_review()
        .values("organisation__short_name")
        .annotate(waiting=Count("pk"), oldest=Min("submitted_at"))
        .order_by("organisation__short_name")
    )


def open_flags_for(user) -> QuerySet[Flag]:
    """Learning reviews still open on posts the officer reviews, newest first.

    Filtered by the organisation each flag keeps (the open-flags index), not
    by a list of every post the office ever reviewed.
    """
    if not can_use_role_pages(user, Role.PRESS_OFFICER):
        return Flag.objects.none()
    return (
        Flag.objects.filter(
            resolved_at__isnull=True,
            organisation__in=organisations_reviewed_by(user),
        )
        .exclude(post__author=user)
        .select_related("post", "post__author")
        .order_by("-raised_at", "-pk")
    )


def recent_decisions_for(user, *, since) -> QuerySet[Post]:
    """The author's posts decided on since `since` (approved, sent back, rejected)."""
    return Post.objects.filter(
        author=user,
        events__action__in=[Action.APPROVE, Action.REQUEST_CHANGES, Action.REJECT],
        events__created_at__gte=since,
    ).distinct()


def posts_of_mentees(mentor) -> QuerySet[Post]:
    """Read-only evidence for a mentor signing off readiness."""
    mentees = mentees_of(mentor).values("pk")
    return (
        Post.objects.filter(author_id__in=mentees)
        .exclude(status=Post.Status.DRAFT)
        .select_related("author", "community")
        .order_by("-created_at")
    )


def engagement_by_organisation(community) -> list[tuple[str, int]]:
    """Which organisations have logged posts in a community (posted, flagged or
    resolved), and how many: read from the daily rollup, all days."""
    return list(
        PostDay.objects.filter(community=community, posted=True)
        .values("organisation__name")
        .annotate(n=Sum("posts"))
        .order_by("-n", "organisation__name")
        .values_list("organisation__name", "n")
    )
