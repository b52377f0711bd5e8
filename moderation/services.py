"""Every transition of a post: lock, check, transition, record, notify, all at once.

Two press officers acting on one item: the row lock makes the second wait; it
then finds the post already decided and gets InvalidTransition, said plainly.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import reviewers_of
from communities.selectors import community_at
from communities.services import community_record_engagement
from conversations.services import threads_mark_posted
from core.matching import topic_matches
from core.sanitise import RICH_TEXT, clean_html
from core.states import InvalidTransition
from notifications.services import notify
from training.selectors import active_mentor_of, effective_level

from . import kinds
from .models import (
    Action,
    ClaimRequired,
    Flag,
    Post,
    PostEvent,
    PostSubmission,
    RejectionReason,
)
from .permissions import (
    can_author_post,
    can_review_post,
    claim_refusal,
    claimed_by_another,
    claims_required,
)
from .rollups import rollup_event_recorded, submitted_before
from .routing import RISK_UNKNOWN, Route, priority, route
from .selectors import (
    Policies,
    approval_lapses_at,
    fallback_reviewers,
    policy_for,
    review_fallback_for,
    sensitive_topics_of,
)

# Written when a post leaves draft, by submit or log as posted.
ROUTED_FIELDS = [
    "status",
    "fallback",
    "fallback_organisation",
    "disclosed_role",
    "route_reason",
    "sensitive_topics",
    "priority",
    "sent_at",
    "claimed_by",
    "claimed_at",
    "updated_at",
]
POST_FIELDS = [
    "community",
    "community_url",
    "thread_url",
    "purpose",
    "topic",
    "text",
    "notes",
]


def _link_community(post: Post) -> None:
    """A pasted address matching a listed community is linked to it."""
    if post.community is None and post.community_url:
        found = community_at(post.community_url)
        if found and found.status == found.Status.LISTED:
            post.community = found


def _apply(post: Post, data: dict) -> None:
    for field in POST_FIELDS:
        if field in data:
            setattr(post, field, data[field])
    post.text = clean_html(post.text, RICH_TEXT)
    _link_community(post)


def _record(
    post: Post,
    actor,
    action: str,
    old: str,
    comment="",
    reason_code="",
    submitted_at=None,
) -> PostEvent:
    """The history row for a change already saved, and the rollups the
    reports read, recounted in the same transaction."""
    event = PostEvent.objects.create(
        post=post,
        actor=actor,
        action=action,
        old_status=old,
        new_status=post.status,
        comment=comment,
        reason_code=reason_code,
        submitted_at=submitted_at,
    )
    rollup_event_recorded(post, event)
    return event


def _url(post: Post) -> str:
    return reverse("moderation:post", args=[post.pk])


def _tell_author(post: Post, kind, **context) -> None:
    notify(
        recipients=[post.author],
        kind=kind.name,
        context={"topic": post.topic, **context},
        url=_url(post),
        organisation_name=post.organisation.short_name,
        community_name=post.community.name if post.community else "",
    )


def _sensitive(post: Post) -> list[str]:
    topics = sensitive_topics_of(post.organisation)
    return topic_matches(f"{post.topic}\n{post.text}", topics)


def route_for(post: Post) -> Route:
    """The route this post would take now, from DESIGN.md's three inputs."""
    risk = post.community.risk if post.community else RISK_UNKNOWN
    return route(
        level=effective_level(post.author), risk=risk, sensitive_topics=_sensitive(post)
    )


@transaction.atomic
def post_create(*, author, data: dict) -> Post:
    """A civil servant logs a conversation and drafts their post."""
    if author.organisation_id is None:
        raise ValidationError(
            "Your account has no organisation: ask your administrator."
        )
    post = Post(author=author, organisation_id=author.organisation_id)
    _apply(post, data)
    post.save(force_insert=True)
    _record(post, author, Action.EDIT, post.status, comment="Created")
    threads_mark_posted(
        organisation_id=post.organisation_id, thread_url=post.thread_url
    )
    return post


def _locked(post_id: int) -> Post:
    """The post, row-locked until the transaction ends. Every service that
    changes a post and its flags locks the post first, then the flag, so two of
    them never wait on each other. no_key: the post's key never changes, and
    rows pointing at it (events, flags) may still be written meanwhile."""
    return (
        Post.objects.select_for_update(no_key=True, of=("self",))
        .select_related("author", "organisation", "community")
        .get(pk=post_id)
    )


def _author_only(post: Post, actor) -> None:
    if not can_author_post(actor, post):
        raise PermissionDenied


OWN_POST = "You cannot review your own post: another press officer must."


def _reviewer_only(post: Post, actor) -> None:
    if post.author_id == getattr(actor, "pk", None):
        # Said in true words: the refusal page shows a PermissionDenied's text.
        raise PermissionDenied(OWN_POST)
    if not can_review_post(actor, post):
        raise PermissionDenied


@transaction.atomic
def post_update(*, post_id: int, actor, data: dict) -> Post:
    post = _locked(post_id)
    _author_only(post, actor)
    if not post.is_editable:
        raise InvalidTransition(
            "Only drafts and posts sent back for changes can be edited."
        )
    _apply(post, data)
    post.save(update_fields=[*POST_FIELDS, "updated_at"])
    _record(post, actor, Action.EDIT, post.status)
    threads_mark_posted(
        organisation_id=post.organisation_id, thread_url=post.thread_url
    )
    return post


def _require_disclosure(disclosed_role) -> None:
    if disclosed_role is None:
        raise ValidationError(
            "Confirm whether you said who you work for (the principles require it "
            "where the community's rules allow)."
        )


@transaction.atomic
def post_submit(*, post_id: int, actor, disclosed_role: bool | None) -> Post:
    """The author sends a draft for press office review."""
    post = _locked(post_id)
    _author_only(post, actor)
    _require_disclosure(disclosed_role)
    old, post.status = post.status, post.next_status(Action.SUBMIT)
    decided = route_for(post)
    if not decided.can_post:
        raise ValidationError(decided.reason)
    risk = post.community.risk if post.community else RISK_UNKNOWN
    post.disclosed_role = disclosed_role
    post.route_reason = decided.reason
    post.sensitive_topics = ", ".join(_sensitive(post))[:500]
    post.priority = priority(purpose=post.purpose, risk=risk)
    post.submitted_at = timezone.now()
    post.sent_at = post.sent_at or post.submitted_at
    post.escalated_at = post.claimed_by = post.claimed_at = None
    post.fallback, post.fallback_organisation = review_fallback_for(post)
    post.save(update_fields=[*ROUTED_FIELDS, "submitted_at", "escalated_at"])
    _record(post, actor, Action.SUBMIT, old)
    _keep_submission(post)
    if post.fallback:
        notify(
            recipients=fallback_reviewers(post.fallback, post.fallback_organisation),
            kind=kinds.SENT_TO_FALLBACK.name,
            context={
                "topic": post.topic,
                "organisation": post.organisation.short_name,
            },
            url=_url(post),
            organisation_name=post.organisation.short_name,
        )
    return post


def _keep_submission(post: Post) -> None:
    PostSubmission.objects.create(
        post=post,
        topic=post.topic,
        text=post.text,
        purpose=post.purpose,
        thread_url=post.thread_url,
        community_name=post.community.name if post.community else "",
        community_url=post.community_url,
        notes=post.notes,
    )


@transaction.atomic
def post_reply(*, post_id: int, actor, text: str) -> PostEvent:
    """The author answers the press office's request for changes, in the
    post's conversation; the officer who asked is told."""
    post = _locked(post_id)
    _author_only(post, actor)
    if post.status != Post.Status.CHANGES_REQUESTED:
        raise InvalidTransition(
            "You can reply while the press office has asked for changes."
        )
    if not text.strip():
        raise ValidationError({"reply": "Write your reply."})
    asked = (
        post.events.filter(action=Action.REQUEST_CHANGES)
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )
    event = _record(post, actor, Action.REPLY, post.status, comment=text.strip())
    if asked and asked.actor:
        notify(
            recipients=[asked.actor],
            kind=kinds.REPLIED.name,
            context={"topic": post.topic, "author": actor.full_name},
            url=_url(post),
            organisation_name=post.organisation.short_name,
        )
    return event


@transaction.atomic
def post_log_posted(
    *,
    post_id: int,
    actor,
    disclosed_role: bool | None,
    posted_url: str,
    outcome: str = "",
) -> Post:
    """The author, whose level allows it here, posted and logs it.

    It may be sampled for review after the fact, as the organisation sets.
    """
    post = _locked(post_id)
    _author_only(post, actor)
    _require_disclosure(disclosed_role)
    old, post.status = post.status, post.next_status(Action.LOG_POSTED)
    decided = route_for(post)
    if not decided.can_post or decided.needs_review:
        raise ValidationError(decided.reason)
    sample = policy_for(post.organisation).post_review_sample_percent
    post.sampled_for_review = (post.pk * 37) % 100 < sample  # even, repeatable
    post.disclosed_role, post.posted_url, post.outcome = (
        disclosed_role,
        posted_url,
        outcome,
    )
    post.route_reason = decided.reason
    post.sent_at = post.sent_at or timezone.now()
    # Read after the fact by whoever would have reviewed it first.
    post.fallback, post.fallback_organisation = review_fallback_for(post)
    post.save(
        update_fields=[*ROUTED_FIELDS, "sampled_for_review", "posted_url", "outcome"]
    )
    _record(post, actor, Action.LOG_POSTED, old)
    if post.community_id:
        community_record_engagement(community_id=post.community_id)
    return post


@transaction.atomic
def post_withdraw(*, post_id: int, actor) -> Post:
    post = _locked(post_id)
    _author_only(post, actor)
    old, post.status = post.status, post.next_status(Action.WITHDRAW)
    post.save(update_fields=["status", "updated_at"])
    _record(post, actor, Action.WITHDRAW, old)
    return post


def _decide(
    post_id: int, actor, action: str, comment: str, reason_code: str = ""
) -> Post:
    post = _locked(post_id)
    _reviewer_only(post, actor)
    old, post.status = post.status, post.next_status(action)
    _require_claim(post, actor)
    if not comment.strip() and action != Action.APPROVE:
        raise ValidationError({"comment": "Add a comment for the author."})
    post.claimed_by = post.claimed_at = None
    if action == Action.APPROVE:
        post.approved_at = timezone.now()
    post.save(
        update_fields=[
            "status",
            "claimed_by",
            "claimed_at",
            "approved_at",
            "updated_at",
        ]
    )
    _record(
        post,
        actor,
        action,
        old,
        comment=comment.strip(),
        reason_code=reason_code,
        submitted_at=submitted_before(post),
    )
    return post


@transaction.atomic
def post_approve(*, post_id: int, actor, comment: str = "") -> Post:
    post = _decide(post_id, actor, Action.APPROVE, comment)
    _tell_author(post, kinds.APPROVED, comment=comment)
    return post


@transaction.atomic
def post_request_changes(*, post_id: int, actor, comment: str) -> Post:
    post = _decide(post_id, actor, Action.REQUEST_CHANGES, comment)
    _tell_author(post, kinds.CHANGES_REQUESTED, comment=comment)
    return post


@transaction.atomic
def post_reject(*, post_id: int, actor, comment: str, reason_code: str) -> Post:
    if reason_code not in RejectionReason.values:
        raise ValidationError({"reason_code": "Choose a reason for rejecting it."})
    post = _decide(post_id, actor, Action.REJECT, comment, reason_code)
    _tell_author(post, kinds.REJECTED, comment=comment)
    return post


@transaction.atomic
def post_record_posted(
    *, post_id: int, actor, posted_url: str, outcome: str = ""
) -> Post:
    """After approval, the author records where it appeared and what came of it."""
    post = _locked(post_id)
    _author_only(post, actor)
    old, post.status = post.status, post.next_status(Action.RECORD_POSTED)
    post.posted_url, post.outcome = posted_url, outcome
    post.save(update_fields=["status", "posted_url", "outcome", "updated_at"])
    _record(post, actor, Action.RECORD_POSTED, old)
    if post.community_id:
        community_record_engagement(community_id=post.community_id)
    return post


def _require_claim(post: Post, actor) -> None:
    if refusal := claim_refusal(post, actor, now=timezone.now()):
        raise ClaimRequired(refusal)


@transaction.atomic
def post_claim(*, post_id: int, actor) -> Post:
    """Mark who is looking at an item; another officer's claim lapses in 30 min."""
    post = _locked(post_id)
    _reviewer_only(post, actor)
    if post.status != Post.Status.AWAITING_REVIEW:
        raise InvalidTransition("Only items awaiting review can be claimed.")
    now = timezone.now()
    if post.claim_holder_id(now) not in (None, actor.pk):
        if claims_required(post):
            raise ClaimRequired(claimed_by_another(post))
        raise ClaimRequired(
            f"{post.claimed_by} is already looking at this (since "
            f"{timezone.localtime(post.claimed_at):%H:%M})."
        )
    post.claimed_by, post.claimed_at = actor, now
    post.save(update_fields=["claimed_by", "claimed_at", "updated_at"])
    _record(post, actor, Action.CLAIM, post.status)
    return post


@transaction.atomic
def post_release(*, post_id: int, actor) -> Post:
    """The officer holding an item's claim lets it go: anyone may claim it."""
    post = _locked(post_id)
    _reviewer_only(post, actor)
    if post.claim_holder_id(timezone.now()) != actor.pk:
        raise InvalidTransition("You do not hold a claim on this item.")
    post.claimed_by = post.claimed_at = None
    post.save(update_fields=["claimed_by", "claimed_at", "updated_at"])
    _record(post, actor, Action.RELEASE, post.status)
    return post


@transaction.atomic
def post_mark_reviewed(*, post_id: int, actor) -> Post:
    """A self-posted item was read after the fact and needs nothing more."""
    post = _locked(post_id)
    _reviewer_only(post, actor)
    if post.status != Post.Status.POSTED or not post.sampled_for_review:
        raise InvalidTransition("Only self-posted items are reviewed after the fact.")
    post.post_reviewed_at = timezone.now()
    post.save(update_fields=["post_reviewed_at", "updated_at"])
    _record(post, actor, Action.POST_REVIEW, post.status)
    return post


@transaction.atomic
def post_flag(*, post_id: int, actor, category: str, note: str) -> Flag:
    """Flag a posted item: a learning review starts; the author and their
    mentor are told."""
    post = _locked(post_id)
    _reviewer_only(post, actor)
    if category not in Flag.Category.values:
        raise ValidationError("Choose a category.")
    if not note.strip():
        raise ValidationError("Say what happened, for the learning review.")
    old, post.status = post.status, post.next_status(Action.FLAG)
    post.post_reviewed_at = post.post_reviewed_at or timezone.now()
    post.save(update_fields=["status", "post_reviewed_at", "updated_at"])
    flag = Flag.objects.create(
        post=post,
        organisation_id=post.organisation_id,
        category=category,
        note=note.strip(),
        raised_by=actor,
    )
    _record(post, actor, Action.FLAG, old, comment=note.strip(), reason_code=category)
    mentor = active_mentor_of(post.author)
    notify(
        recipients=[post.author, *([mentor] if mentor else [])],
        kind=kinds.FLAGGED.name,
        context={"topic": post.topic, "category": flag.get_category_display()},
        url=_url(post),
    )
    return flag


def _flag_locked(flag_id: int) -> Flag:
    """The flag and its post, both locked: the post first, as every service
    does (see _locked), so flag and post services never deadlock."""
    post_id = Flag.objects.values_list("post_id", flat=True).get(pk=flag_id)
    post = _locked(post_id)
    flag = Flag.objects.select_for_update(no_key=True).get(pk=flag_id)
    flag.post = post
    return flag


@transaction.atomic
def flag_respond(*, flag_id: int, actor, response: str) -> Flag:
    flag = _flag_locked(flag_id)
    _author_only(flag.post, actor)
    if flag.resolved_at:
        raise InvalidTransition("This learning review is closed.")
    if not response.strip():
        raise ValidationError("Write your answer.")
    flag.author_response, flag.responded_at = response.strip(), timezone.now()
    flag.save(update_fields=["author_response", "responded_at"])
    _record(
        flag.post, actor, Action.RESPOND, flag.post.status, comment=flag.author_response
    )
    return flag


@transaction.atomic
def flag_resolve(*, flag_id: int, actor, outcome: str) -> Flag:
    """The officer records what was learned; the post is resolved."""
    flag = _flag_locked(flag_id)
    post = flag.post
    _reviewer_only(post, actor)
    if not outcome.strip():
        raise ValidationError("Record the outcome of the learning review.")
    old, post.status = post.status, post.next_status(Action.RESOLVE)
    post.save(update_fields=["status", "updated_at"])
    flag.outcome, flag.resolved_by, flag.resolved_at = (
        outcome.strip(),
        actor,
        timezone.now(),
    )
    flag.save(update_fields=["outcome", "resolved_by", "resolved_at"])
    _record(post, actor, Action.RESOLVE, old, comment=flag.outcome)
    _tell_author(post, kinds.RESOLVED, outcome=flag.outcome)
    return flag


def _working_hours_between(start, end) -> float:
    """Hours between two moments counted only Monday-Friday, 09:00-17:00 local."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    hours, cursor = 0.0, start
    while cursor < end:
        step = min(
            end, cursor.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        )
        if cursor.weekday() < 5 and 9 <= cursor.hour < 17:
            hours += (step - cursor).total_seconds() / 3600
        cursor = step
    return hours


def posts_escalate(*, now=None) -> int:
    """Mark items waiting past their organisation's target and tell the
    organisation's other press officers."""
    now = now or timezone.now()
    escalated, policies = 0, Policies()
    waiting = Post.objects.awaiting_review().filter(escalated_at__isnull=True)
    for post in waiting.only("pk", "organisation_id", "submitted_at").iterator():
        target = policies[post.organisation_id].target_working_hours
        if _working_hours_between(post.submitted_at, now) < target:
            continue
        with transaction.atomic():
            post = _locked(post.pk)
            if post.status != Post.Status.AWAITING_REVIEW or post.escalated_at:
                continue
            post.escalated_at = now
            post.save(update_fields=["escalated_at", "updated_at"])
            _record(post, None, Action.ESCALATE, post.status)
            reviewers = (
                fallback_reviewers(post.fallback, post.fallback_organisation)
                if post.fallback
                else reviewers_of(post.organisation)
            )
            notify(
                recipients=reviewers.exclude(
                    pk__in=[post.author_id, post.claimed_by_id or 0]
                ),
                kind=kinds.ESCALATED.name,
                context={"topic": post.topic, "hours": target},
                url=_url(post),
                organisation_name=post.organisation.short_name,
            )
            escalated += 1
    return escalated


def approvals_expire(*, now=None) -> int:
    """Approvals not posted within the organisation's window go back to draft:
    conversations move on, so the author must resubmit."""
    now = now or timezone.now()
    expired, policies = 0, Policies()
    approved = Post.objects.filter(status=Post.Status.APPROVED)
    fields = ("pk", "status", "organisation_id", "approved_at")
    for post in approved.only(*fields).iterator():
        lapses = approval_lapses_at(post, policies)
        if lapses and lapses < now:
            with transaction.atomic():
                post = _locked(post.pk)
                if post.status != Post.Status.APPROVED:
                    continue
                old, post.status = post.status, post.next_status(Action.EXPIRE)
                post.save(update_fields=["status", "updated_at"])
                _record(post, None, Action.EXPIRE, old)
                _tell_author(post, kinds.EXPIRED)
                expired += 1
    return expired
