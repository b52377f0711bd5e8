from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.states import InvalidTransition, Transitions

USER = settings.AUTH_USER_MODEL
# A claim tells other officers someone is looking; it lapses after this long.
CLAIM_LAPSES_AFTER = timedelta(minutes=30)


class Purpose(models.TextChoices):
    CORRECT_ERROR = "correct_error", "Correct a factual error"
    ANSWER_QUESTION = "answer_question", "Answer a question"
    OFFER_ADVICE = "offer_advice", "Offer advice"
    CONSULT = "consult", "Consult"
    ENGAGE = "engage", "Engage"


class Action(models.TextChoices):
    SUBMIT = "submit", "Submitted for review"
    LOG_POSTED = "log_posted", "Posted and logged (no review needed first)"
    WITHDRAW = "withdraw", "Withdrawn"
    APPROVE = "approve", "Approved"
    REQUEST_CHANGES = "request_changes", "Changes requested"
    REJECT = "reject", "Rejected"
    RECORD_POSTED = "record_posted", "Recorded as posted"
    EXPIRE = "expire", "Approval expired"
    FLAG = "flag", "Flagged"
    RESOLVE = "resolve", "Resolved"
    # Events that do not change the status:
    EDIT = "edit", "Edited"
    CLAIM = "claim", "Claimed for review"
    RELEASE = "release", "Claim released"
    POST_REVIEW = "post_review", "Reviewed after posting"
    ESCALATE = "escalate", "Escalated: waiting past the target"
    RESPOND = "respond", "Author answered the flag"
    REPLY = "reply", "Author replied"


class Fallback(models.TextChoices):
    """Who reviews a post when nobody in its organisation's press office can:
    its only press officer wrote it, or the office has nobody able to review
    (a press officer with two-factor authentication)."""

    ADMINISTRATORS = "administrators", "The portal's administrators"
    ORGANISATION = "organisation", "Another organisation's press office"


class Claims(models.TextChoices):
    ADVISORY = "advisory", "Advisory: a claim tells other officers someone is looking"
    REQUIRED = (
        "required",
        (
            "Required: only the officer who claimed an item decides it, until they "
            "release it or the claim lapses"
        ),
    )


class ClaimRequired(InvalidTransition):
    """Refused because another officer holds the item's claim, or because
    claims are required and the officer does not hold it: the message says
    which, and the page keeps what they typed."""


class PostQuerySet(models.QuerySet):
    def awaiting_review(self):
        return self.filter(status=Post.Status.AWAITING_REVIEW)

    def for_organisations(self, organisations):
        return self.filter(organisation__in=organisations)

    def needing_review_after_posting(self):
        return self.filter(
            status=Post.Status.POSTED,
            sampled_for_review=True,
            post_reviewed_at__isnull=True,
        )


class Post(Transitions, models.Model):
    """One contribution to an external conversation, from draft to lesson learned."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_REVIEW = "awaiting_review", "Awaiting review"
        # Sent back by the press office: the author revises and sends again.
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"
        POSTED = "posted", "Posted"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"
        FLAGGED = "flagged", "Flagged"
        RESOLVED = "resolved", "Resolved"

    # (status, action) -> new status: the lifecycle in DESIGN.md, in one place.
    TRANSITIONS = {
        (Status.DRAFT, Action.SUBMIT): Status.AWAITING_REVIEW,
        (Status.DRAFT, Action.LOG_POSTED): Status.POSTED,
        (Status.DRAFT, Action.WITHDRAW): Status.WITHDRAWN,
        (Status.AWAITING_REVIEW, Action.APPROVE): Status.APPROVED,
        (Status.AWAITING_REVIEW, Action.REQUEST_CHANGES): Status.CHANGES_REQUESTED,
        (Status.CHANGES_REQUESTED, Action.SUBMIT): Status.AWAITING_REVIEW,
        (Status.CHANGES_REQUESTED, Action.LOG_POSTED): Status.POSTED,
        (Status.CHANGES_REQUESTED, Action.WITHDRAW): Status.WITHDRAWN,
        (Status.AWAITING_REVIEW, Action.REJECT): Status.REJECTED,
        (Status.AWAITING_REVIEW, Action.WITHDRAW): Status.WITHDRAWN,
        (Status.APPROVED, Action.RECORD_POSTED): Status.POSTED,
        (Status.APPROVED, Action.EXPIRE): Status.DRAFT,
        (Status.POSTED, Action.FLAG): Status.FLAGGED,
        (Status.FLAGGED, Action.RESOLVE): Status.RESOLVED,
    }

    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="posts")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="posts"
    )
    community = models.ForeignKey(
        "communities.Community",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    community_url = models.URLField(max_length=500, blank=True)
    thread_url = models.URLField(max_length=500)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    topic = models.CharField(max_length=200)
    text = models.TextField(help_text="Cleaned HTML (core.sanitise.RICH_TEXT)")
    notes = models.TextField(max_length=2000, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    disclosed_role = models.BooleanField(
        null=True, help_text="The author confirmed they said who they work for"
    )
    # Decided by the routing rule when submitted or logged.
    route_reason = models.CharField(max_length=300, blank=True)
    sensitive_topics = models.CharField(max_length=500, blank=True)
    # Logged as posted without review first, and drawn by the organisation's
    # sample (ReviewPolicy.post_review_sample_percent) to be read afterwards.
    sampled_for_review = models.BooleanField(default=False)
    priority = models.PositiveSmallIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # When it first left draft (sent for review, or logged as posted): the date
    # reports and the transparency return count it under.
    sent_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Sent when nobody in its own press office but the author could review
    # it: who reviews it instead (its organisation's ReviewPolicy, copied).
    fallback = models.CharField(max_length=20, choices=Fallback.choices, blank=True)
    fallback_organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    posted_url = models.URLField(max_length=500, blank=True)
    outcome = models.TextField(max_length=2000, blank=True)
    post_reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["organisation", "-priority", "submitted_at"],
                condition=Q(status="awaiting_review"),
                name="review_queue",
            ),
            models.Index(fields=["author", "-created_at"], name="my_log"),
            models.Index(fields=["organisation", "sent_at"], name="reports"),
            # The press office's live counts: what it acts on, a few hundred
            # rows in an organisation of a hundred thousand posts.
            models.Index(
                fields=["organisation", "status"],
                condition=Q(status__in=["awaiting_review", "approved"]),
                name="live_posts",
            ),
            # After-the-fact review: sampled self-posts not yet read.
            models.Index(
                fields=["organisation", "created_at"],
                condition=Q(
                    status="posted",
                    sampled_for_review=True,
                    post_reviewed_at__isnull=True,
                ),
                name="after_the_fact",
            ),
            # The few posts sent to another press office or the administrators.
            models.Index(
                fields=["fallback_organisation"],
                condition=~Q(fallback=""),
                name="fallback_posts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        """The author may change it: a draft, or sent back for changes."""
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)

    def claim_holder_id(self, now) -> int | None:
        """Who holds the item's claim now: None if nobody, or it lapsed."""
        held = self.claimed_at and now - self.claimed_at < CLAIM_LAPSES_AFTER
        return self.claimed_by_id if held else None

    def refusal(self, action: str) -> str:
        return (
            f"This post is {self.get_status_display().lower()}: it cannot be "
            f"{Action(action).label.lower()} now."
        )


class PostEvent(models.Model):
    """Append-only history: every transition and decision, who, when and why."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        USER, null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    old_status = models.CharField(max_length=20, choices=Post.Status.choices)
    new_status = models.CharField(max_length=20, choices=Post.Status.choices)
    comment = models.TextField(max_length=2000, blank=True)
    reason_code = models.CharField(max_length=40, blank=True)
    # On a decision (approve, request changes, reject): when the post's latest
    # submission was made, for the "time to a decision" report.
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # Reports: decisions in a date range, and each one's submission.
            models.Index(fields=["action", "created_at"], name="event_action_time"),
            models.Index(
                fields=["post", "action", "created_at"], name="event_post_action"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.action}"

    @property
    def reason_label(self) -> str:
        """The rejection reason as people read it, not its stored code."""
        try:
            return RejectionReason(self.reason_code).label
        except ValueError:
            return self.reason_code.replace("_", " ")


class PostSubmission(models.Model):
    """What the author sent, as it was, each time they sent it for review: the
    reviewer of a resubmission sees what changed since the last one."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="submissions")
    topic = models.CharField(max_length=200)
    text = models.TextField(help_text="Cleaned HTML, as the post had it")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    thread_url = models.URLField(max_length=500)
    community_name = models.CharField(max_length=200, blank=True)
    community_url = models.URLField(max_length=500, blank=True)
    notes = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["post", "-created_at"], name="submission_latest")
        ]

    def __str__(self) -> str:
        return f"{self.post_id} sent {self.created_at:%Y-%m-%d %H:%M}"


class PostDay(models.Model):
    """How many posts an organisation sent on one day (local time, the date of
    `Post.sent_at`), by community, purpose and whether they went out: the
    figures reports read instead of counting posts. Only moderation.rollups
    (and the migration that filled it) writes it; every row counts at least
    one post."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    # As on the post: a community removed from the directory leaves its posts
    # "not in the directory", here too.
    community = models.ForeignKey(
        "communities.Community",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    # Posted, flagged or resolved: it appeared in the conversation.
    posted = models.BooleanField()
    posts = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "day"], name="post_day_reports"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} on {self.day}: {self.posts}"


class DecisionDay(models.Model):
    """How long an organisation's decisions of one day (local time, the date
    of the decision) waited since their submission: a count per wait, in
    tenths of an hour, exactly as the "time to a decision" report shows it.
    The report reads these rows instead of the decisions; a percentile of
    the rounded waits is the rounded percentile, since rounding keeps order.
    Only moderation.rollups (and the migration that filled it) writes it."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    waited_tenths = models.IntegerField()  # hours to one decimal place, times 10
    decisions = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "day"], name="decision_day_reports"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} on {self.day}: {self.decisions}"


class RejectionReason(models.TextChoices):
    INACCURATE = "inaccurate", "Inaccurate or unsupported"
    OFF_POLICY = "off_policy", "Goes beyond published policy"
    POLITICAL = "political", "Not politically impartial"
    WRONG_PLACE = "wrong_place", "Wrong community or moment"
    PRESS_MATTER = "press_matter", "A matter for the press office"


class Flag(models.Model):
    """A flag on a posted item opens a short learning review."""

    class Category(models.TextChoices):
        FACTUAL_ERROR = "factual_error", "Factual error spreading"
        TONE = "tone", "Tone"
        BREACH = "breach", "Breach of principles"
        PRESS_FOLLOW_UP = "press_follow_up", "Needs press follow-up"
        GOOD_PRACTICE = "good_practice", "Good practice"

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="flags")
    # The post's organisation, copied when the flag is raised (a post never
    # changes organisation): open flags are counted by organisation on the
    # partial index below without visiting every post.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    note = models.TextField(max_length=2000)
    raised_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    author_response = models.TextField(max_length=2000, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(max_length=2000, blank=True)
    resolved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        indexes = [
            # Open learning reviews: few, however many flags were ever raised.
            models.Index(
                fields=["organisation", "-raised_at"],
                condition=Q(resolved_at__isnull=True),
                name="open_flags",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} on {self.post_id}"


class ReviewPolicy(models.Model):
    """An organisation's press-office settings (defaults apply without a row)."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="review_policy"
    )
    target_working_hours = models.PositiveSmallIntegerField(default=4)
    approval_window_days = models.PositiveSmallIntegerField(default=3)
    post_review_sample_percent = models.PositiveSmallIntegerField(
        default=100, help_text="Share of self-posted items reviewed after the fact"
    )
    fallback = models.CharField(
        "Who reviews when nobody else here can",
        max_length=20,
        choices=Fallback.choices,
        default=Fallback.ADMINISTRATORS,
        help_text="A post goes there when the organisation's only press officer "
        "wrote it, or its press office has nobody able to review.",
    )
    fallback_organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Their press office",
        help_text="When another organisation's press office reviews (a "
        "central one, say).",
    )
    claims = models.CharField(
        max_length=10, choices=Claims.choices, default=Claims.ADVISORY
    )

    class Meta:
        verbose_name_plural = "review policies"

    def __str__(self) -> str:
        return f"Review policy for {self.organisation}"

    @classmethod
    def of(cls, organisation_id: int) -> "ReviewPolicy":
        """The organisation's policy, or the defaults (unsaved) without one."""
        return cls.objects.filter(organisation_id=organisation_id).first() or cls(
            organisation_id=organisation_id
        )

    def clean(self):
        if self.fallback == Fallback.ORGANISATION:
            if self.fallback_organisation_id is None:
                raise ValidationError(
                    {"fallback_organisation": "Choose whose press office reviews."}
                )
            if self.fallback_organisation_id == self.organisation_id:
                raise ValidationError(
                    {"fallback_organisation": "Choose another organisation."}
                )
        elif self.fallback_organisation_id is not None:
            raise ValidationError(
                {
                    "fallback_organisation": "Leave this empty: the administrators "
                    "review, not another press office."
                }
            )
