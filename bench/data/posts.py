"""Posts in every state, each with the history that got it there, its flag if
it was flagged, and the notifications its decisions sent the author."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Max, OuterRef, Subquery

from communities.models import Community
from moderation.models import Action, Flag, Post, PostEvent, Purpose, RejectionReason
from moderation.rollups import DECISIONS, rollup_rebuild
from notifications.models import Notification

from . import vocab
from .base import World, copy, has_field, pick_state, zipf_weights

S = Post.Status
A = Action
AUTHOR, OFFICER, SYSTEM = "author", "officer", "system"
CHUNK = 20_000

# Final state -> the path that led there: (action, new status or None when the
# status does not change, who acts, hours after the previous step).
PATHS = {
    "draft": [],
    "draft_sent_back": [
        (A.SUBMIT, S.AWAITING_REVIEW, AUTHOR, (0.1, 48)),
        (A.REQUEST_CHANGES, S.CHANGES_REQUESTED, OFFICER, (0.5, 30)),
    ],
    "awaiting_review": [(A.SUBMIT, S.AWAITING_REVIEW, AUTHOR, (0.1, 4))],
    "approved": [
        (A.SUBMIT, S.AWAITING_REVIEW, AUTHOR, (0.1, 4)),
        (A.APPROVE, S.APPROVED, OFFICER, (0.2, 12)),
    ],
    "posted_reviewed": [
        (A.SUBMIT, S.AWAITING_REVIEW, AUTHOR, (0.1, 48)),
        (A.CLAIM, None, OFFICER, (0.1, 3)),
        (A.APPROVE, S.APPROVED, OFFICER, (0.1, 20)),
        (A.RECORD_POSTED, S.POSTED, AUTHOR, (0.5, 60)),
    ],
    "posted_logged": [
        (A.LOG_POSTED, S.POSTED, AUTHOR, (0.1, 24)),
        (A.POST_REVIEW, None, OFFICER, (2, 72)),
    ],
    "rejected": [
        (A.SUBMIT, S.AWAITING_REVIEW, AUTHOR, (0.1, 48)),
        (A.REJECT, S.REJECTED, OFFICER, (0.5, 30)),
    ],
    "withdrawn_draft": [(A.WITHDRAW, S.WITHDRAWN, AUTHOR, (1, 200))],
    "withdrawn_waiting": [
        (A.SUBMIT, S.AWAITING_REVIEW, AUTHOR, (0.1, 48)),
        (A.WITHDRAW, S.WITHDRAWN, AUTHOR, (0.2, 10)),
    ],
}
PATHS["flagged"] = [
    *PATHS["posted_reviewed"],
    (A.FLAG, S.FLAGGED, OFFICER, (1, 72)),
]
PATHS["resolved"] = [
    *PATHS["flagged"],
    (A.RESPOND, None, AUTHOR, (2, 96)),
    (A.RESOLVE, S.RESOLVED, OFFICER, (24, 300)),
]
# Most posts end up approved and posted; queues and approvals are short-lived.
FINAL_STATES = [
    ("posted_reviewed", 0.45),
    ("posted_logged", 0.305),
    ("approved", 0.01),
    ("awaiting_review", 0.005),
    ("draft", 0.07),
    ("draft_sent_back", 0.02),
    ("rejected", 0.05),
    ("withdrawn_draft", 0.02),
    ("withdrawn_waiting", 0.02),
    ("flagged", 0.001),  # learning reviews stay open for days, not months
    ("resolved", 0.049),
]
RECENT = {"awaiting_review", "approved"}  # these would have moved on otherwise
PURPOSES = [
    (Purpose.ANSWER_QUESTION, 0.35),
    (Purpose.OFFER_ADVICE, 0.25),
    (Purpose.CORRECT_ERROR, 0.15),
    (Purpose.ENGAGE, 0.15),
    (Purpose.CONSULT, 0.10),
]
TELLS_AUTHOR = {  # action -> notification kind
    A.APPROVE: ("moderation.approved", "Approved: {}. You can now post it"),
    A.REQUEST_CHANGES: ("moderation.changes_requested", "Changes requested: {}"),
    A.REJECT: ("moderation.rejected", "Not approved: {}"),
    A.FLAG: ("moderation.flagged", "A post was flagged (tone): {}"),
    A.RESOLVE: ("moderation.resolved", "Learning review closed: {}"),
}
# When the post was first sent (submitted or logged); set if the model has it.
SENT_AT = has_field(Post, "sent_at")
TOPIC_ANGLES = ["question", "figures", "consultation", "service update", "advice"]


@dataclass
class Planned:
    post: Post
    steps: list = field(default_factory=list)  # (action, old, new, actor, when)


def _timeline(world: World, path, author: int, final: str) -> tuple[datetime, list]:
    """When the post was created and when each step happened, oldest first."""
    rng = world.rng
    gaps = [timedelta(hours=rng.uniform(*hours)) for *_, hours in path]
    total = sum(gaps, timedelta())
    if final in RECENT:
        created = world.now - total - timedelta(hours=rng.expovariate(1 / 6))
    else:
        earliest = max(world.now - timedelta(days=730), world.joined[author])
        latest = max(earliest, world.now - total - timedelta(minutes=5))
        created = earliest + (latest - earliest) * rng.random()
    moments, when = [], created
    for gap in gaps:
        when = min(when + gap, world.now - timedelta(seconds=1))
        moments.append(when)
    return created, moments


def _plan(world: World, author: int, community, final: str, number: int) -> Planned:
    rng = world.rng
    organisation = world.organisation_of[author]
    officer = rng.choice(world.press_officers[organisation])
    path = PATHS[final]
    created, moments = _timeline(world, path, author, final)
    sensitive = rng.random() < 0.1 and final != "posted_logged"
    word = rng.choice(rng.choice(list(vocab.AREA_WORDS.values())))
    base = community[1] if community else f"https://forum{number % 97}.example.org"
    post = Post(
        author_id=author,
        organisation_id=organisation,
        community_id=community[0] if community else None,
        community_url="" if community else base,
        thread_url=f"{base}/t/{number}",
        purpose=pick_state(rng, PURPOSES),
        topic=f"{word.capitalize()}: {rng.choice(TOPIC_ANGLES)}",
        text=f"<p>{rng.choice(vocab.POST_SENTENCES)}</p>"
        f"<p>{rng.choice(vocab.POST_SENTENCES)}</p>",
        status=S.DRAFT,
        priority=1 if sensitive else 0,
        sensitive_topics=world.sensitive_topics[organisation][0] if sensitive else "",
        created_at=created,
        updated_at=moments[-1] if moments else created,
    )
    planned = Planned(post)
    for (action, new, who, _), when in zip(path, moments, strict=True):
        actor = {AUTHOR: author, OFFICER: officer, SYSTEM: None}[who]
        old = post.status
        post.status = new or old
        planned.steps.append((action, old, post.status, actor, when))
        _apply(world, post, action, actor, when)
    return planned


def _apply(world: World, post: Post, action: str, actor, when: datetime) -> None:
    """The post's own fields after each step, as the services would set them."""
    if action in (A.SUBMIT, A.LOG_POSTED):
        post.submitted_at = when
        if SENT_AT and getattr(post, "sent_at", None) is None:
            post.sent_at = when
        post.sampled_for_review = action == A.LOG_POSTED
        post.route_reason = (
            "Your level lets you post here without review first."
            if action == A.LOG_POSTED
            else "Needs press office approval: every post at your level is reviewed."
        )
    elif action == A.CLAIM:
        post.claimed_by_id, post.claimed_at = actor, when
    elif action == A.APPROVE:
        post.approved_at = when
    elif action == A.POST_REVIEW:
        post.post_reviewed_at = when
    if post.status in (S.POSTED, S.FLAGGED, S.RESOLVED):
        post.posted_url = f"{post.thread_url}#reply"
        post.disclosed_role = True
    # The escalation job marks items waiting past the (default) target.
    waiting = post.status == S.AWAITING_REVIEW
    if waiting and post.submitted_at < world.now - timedelta(hours=12):
        post.escalated_at = post.submitted_at + timedelta(hours=8)


def _history(planned: Planned, rng) -> tuple[list, list, list]:
    post = planned.post
    events, flags, notices = [], [], []
    flag = submitted = None
    for action, old, new, actor, when in planned.steps:
        submitted = when if action == A.SUBMIT else submitted
        events.append(
            PostEvent(
                post=post,
                actor_id=actor,
                action=action,
                old_status=old,
                new_status=new,
                comment="Please add a link to the guidance."
                if action == A.REQUEST_CHANGES
                else "",
                reason_code=rng.choice(RejectionReason.values)
                if action == A.REJECT
                else "",
                submitted_at=submitted if action in DECISIONS else None,
                created_at=when,
            )
        )
        if action == A.FLAG:
            flag = Flag(
                post=post,
                organisation_id=post.organisation_id,
                category=rng.choice(Flag.Category.values),
                note=rng.choice(vocab.FLAG_NOTES),
                raised_by_id=actor,
                raised_at=when,
            )
            flags.append(flag)
        elif action == A.RESPOND:
            flag.author_response, flag.responded_at = "Understood; noted.", when
        elif action == A.RESOLVE:
            flag.outcome = "Discussed with the mentor; lesson shared."
            flag.resolved_by_id, flag.resolved_at = actor, when
        if action in TELLS_AUTHOR:
            notices.append(_notice(post, action, when, rng))
    return events, flags, notices


def _notice(post: Post, action: str, when: datetime, rng) -> Notification:
    kind, subject = TELLS_AUTHOR[action]
    return Notification(
        recipient_id=post.author_id,
        kind=kind,
        subject=subject.format(post.topic)[:200],
        context={"topic": post.topic},
        url=f"/log/{post.pk}/",
        created_at=when,
        read_at=when + timedelta(hours=5) if rng.random() < 0.85 else None,
        email_status=Notification.Email.SENT,
        email_attempts=1,
        email_sent_at=when + timedelta(seconds=30),
    )


def create_posts(world: World, count: int, log) -> None:
    rng = world.rng
    active = [u for u in world.organisation_of if u not in world.inactive]
    posters = rng.sample(active, max(1, int(len(active) * 0.6)))
    weights = zipf_weights(len(posters), 0.6)
    finals = [s for s, _ in FINAL_STATES]
    final_weights = [w for _, w in FINAL_STATES]
    for start in range(0, count, CHUNK):
        size = min(CHUNK, count - start)
        authors = rng.choices(posters, weights=weights, k=size)
        states = rng.choices(finals, weights=final_weights, k=size)
        if start == 0:  # every state at any scale, however small
            states[: len(finals)] = finals
        places = rng.choices(
            world.communities, cum_weights=world.community_weights, k=size
        )
        plans = [
            _plan(world, a, None if rng.random() < 0.08 else c, s, start + i)
            for i, (a, c, s) in enumerate(zip(authors, places, states, strict=True))
        ]
        copy(Post, [p.post for p in plans])
        events, flags, notices = [], [], []
        for planned in plans:
            e, f, n = _history(planned, rng)
            events += e
            flags += f
            notices += n
        copy(PostEvent, events)
        copy(Flag, flags)
        copy(Notification, notices)
        log(f"  posts {start + size:,} of {count:,}")
    _record_engagement()
    rollup_rebuild()  # the daily rollup the reports read, as the services keep it


def _record_engagement() -> None:
    """communities.services keeps last_engagement_at; here in one statement."""
    latest = (
        Post.objects.filter(
            community=OuterRef("pk"), status__in=[S.POSTED, S.FLAGGED, S.RESOLVED]
        )
        .order_by()
        .values("community")
        .annotate(latest=Max("submitted_at"))
        .values("latest")
    )
    Community.objects.update(last_engagement_at=Subquery(latest[:1]))
