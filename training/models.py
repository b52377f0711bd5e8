from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from guardian.models import UserObjectPermissionBase

from core.states import Transitions

USER = settings.AUTH_USER_MODEL


class Level(models.IntegerChoices):
    """Discretion levels (DESIGN.md): how much a person may post unreviewed."""

    NOT_READY = 0, "0: not ready"
    SUPERVISED = 1, "1: supervised"
    TRUSTED = 2, "2: trusted"
    SPOKESPERSON = 3, "3: spokesperson"


class Course(models.Model):
    class Format(models.TextChoices):
        E_LEARNING = "e_learning", "E-learning"
        WORKSHOP = "workshop", "Workshop"
        SHADOWING = "shadowing", "Shadowing"
        OTHER = "other", "Other"

    title = models.CharField(max_length=200)
    summary = models.TextField(max_length=2000)
    format = models.CharField(max_length=20, choices=Format.choices)
    expected_minutes = models.PositiveIntegerField(help_text="Expected duration")
    required_for_level = models.PositiveSmallIntegerField(
        choices=Level.choices[1:], null=True, blank=True
    )
    # Self-paced e-learning: the person confirms completion themselves, and
    # can start it without being assigned it.
    self_confirmed = models.BooleanField(default=False)
    # Where to take it (an e-learning module, a booking page): https only.
    link = models.URLField(
        max_length=500,
        blank=True,
        validators=[
            # Its own code: under a form's "invalid" its message would be lost.
            URLValidator(
                schemes=["https"], message="Enter an https:// address.", code="https"
            )
        ],
        help_text="Where to take it: an e-learning module or a booking page.",
    )
    # Whose staff the course (and any level requirement) is for. Empty: every
    # organisation, which only administrators set (in the admin).
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses",
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["required_for_level", "title"]

    def __str__(self) -> str:
        return self.title


class Assignment(Transitions, models.Model):
    class Status(models.TextChoices):
        ASSIGNED = "assigned", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        AWAITING_CONFIRMATION = (
            "awaiting_confirmation",
            "Waiting for a trainer to confirm",
        )
        COMPLETED = "completed", "Completed"

    class Action(models.TextChoices):
        START = "start", "Marked as started"
        FINISH = "finish", "Marked as finished"  # a trainer confirms it
        COMPLETE = "complete", "Completed"  # finished, self-paced: no trainer
        CONFIRM = "confirm", "Confirmed by a trainer"
        DECLINE = "decline", "Sent back by a trainer"

    # (status, action) -> new status. Starting again is harmless (a second
    # click); a trainer may confirm a course the person has not marked finished.
    TRANSITIONS = {
        (Status.ASSIGNED, Action.START): Status.IN_PROGRESS,
        (Status.IN_PROGRESS, Action.START): Status.IN_PROGRESS,
        (Status.ASSIGNED, Action.FINISH): Status.AWAITING_CONFIRMATION,
        (Status.IN_PROGRESS, Action.FINISH): Status.AWAITING_CONFIRMATION,
        (Status.ASSIGNED, Action.COMPLETE): Status.COMPLETED,
        (Status.IN_PROGRESS, Action.COMPLETE): Status.COMPLETED,
        (Status.ASSIGNED, Action.CONFIRM): Status.COMPLETED,
        (Status.IN_PROGRESS, Action.CONFIRM): Status.COMPLETED,
        (Status.AWAITING_CONFIRMATION, Action.CONFIRM): Status.COMPLETED,
        # The trainer does not accept the claimed completion: back to work,
        # with their reason, and the person can mark it finished again.
        (Status.AWAITING_CONFIRMATION, Action.DECLINE): Status.IN_PROGRESS,
    }

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="assignments"
    )
    person = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="assignments"
    )
    # None: assigned automatically, because a level the person works towards
    # requires it; the person themselves: they started a self-paced course.
    assigned_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField()
    status = models.CharField(
        max_length=30, choices=Status.choices, default=Status.ASSIGNED
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The latest claimed completion a trainer declined: who, when and why.
    declined_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "person"], name="assign_course_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["due_date"],
                condition=~Q(status="completed"),
                name="open_assignments_by_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} for {self.person_id}"

    def refusal(self, action: str) -> str:
        if action == self.Action.CONFIRM:
            return f"“{self.course}” is already completed."
        if action == self.Action.DECLINE:
            if self.status == self.Status.COMPLETED:
                return f"“{self.course}” is already confirmed as completed."
            return f"“{self.course}” is not marked as finished: nothing to decline."
        return f"“{self.course}” is already marked as finished."

    @property
    def is_overdue(self) -> bool:
        return (
            self.status != self.Status.COMPLETED
            and self.due_date < timezone.localdate()
        )

    @property
    def is_awaiting_confirmation(self) -> bool:
        return self.status == self.Status.AWAITING_CONFIRMATION


class TrainingPolicy(models.Model):
    """An organisation's training settings (administrators, in the admin);
    an organisation without a row has the defaults."""

    DEFAULT_DAYS_TO_COMPLETE = 30

    organisation = models.OneToOneField(
        "accounts.Organisation",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="training_policy",
    )
    days_to_complete = models.PositiveSmallIntegerField(
        default=DEFAULT_DAYS_TO_COMPLETE,
        help_text="Days people have to complete a course assigned to them "
        "automatically (because a level they work towards requires it).",
    )

    class Meta:
        verbose_name_plural = "training policies"

    def __str__(self) -> str:
        return f"Training policy of {self.organisation}"


class ReminderSent(models.Model):
    """One row per reminder step, so the same step is never sent twice."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="+"
    )
    step = models.CharField(max_length=30)  # "due-in-30", ..., "overdue-2026-W47"
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "step"], name="remind_once_per_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.step}"


class GrantedLevel(models.Model):
    """The level a trainer granted; the effective level may be lower (selectors)."""

    person = models.OneToOneField(
        USER, on_delete=models.CASCADE, related_name="granted_level"
    )
    level = models.PositiveSmallIntegerField(
        choices=Level.choices, default=Level.SUPERVISED
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.person_id}: {self.level}"


class LevelStanding(models.Model):
    """A person's discretion level as it stands, and what stands between them
    and the level they work towards (standings.computed_standings decides it
    with levels.compute_level). Written only by services.levels_recompute, in
    the transaction of every change to an input; every page, report and the
    routing rule read it. levels_check compares it with a fresh computation.
    """

    person = models.OneToOneField(
        USER, primary_key=True, on_delete=models.CASCADE, related_name="level_standing"
    )
    # The person's organisation, copied: counts by organisation and level read
    # this table's index alone.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    granted = models.PositiveSmallIntegerField(choices=Level.choices)
    acknowledged = models.BooleanField()
    # Not acknowledged, but they acknowledged the version before a material
    # change: their level stands until this deadline (then 0, written by
    # levels_after_grace within minutes).
    grace_until = models.DateTimeField(null=True, blank=True)
    # The level granted while they fall short of it, else the next one up;
    # None at level 3. What follows is what they lack for it.
    target_level = models.PositiveSmallIntegerField(
        choices=Level.choices, null=True, blank=True
    )
    missing_course_ids = models.JSONField(default=list, blank=True)
    practice_needed = models.PositiveSmallIntegerField(default=0)
    sign_off_needed = models.BooleanField(default=False)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["organisation", "level"], name="standing_by_org_level"
            ),
            # Who has yet to acknowledge the current principles: the home
            # page's count, without looking at everyone who has.
            models.Index(
                fields=["organisation"],
                condition=Q(acknowledged=False),
                name="standing_unacknowledged",
            ),
            # Whose grace period has ended: the few still at a level.
            models.Index(
                fields=["grace_until"],
                condition=Q(grace_until__isnull=False, level__gt=0),
                name="standing_in_grace",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: level {self.level}"


class LevelDecision(models.Model):
    """Append-only history of every level change, with who and why."""

    person = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="level_decisions"
    )
    old_level = models.PositiveSmallIntegerField(choices=Level.choices)
    new_level = models.PositiveSmallIntegerField(choices=Level.choices)
    reason = models.CharField(max_length=500)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.old_level} → {self.new_level}"


class MentorCapacity(models.Model):
    mentor = models.OneToOneField(
        USER, on_delete=models.CASCADE, related_name="mentor_capacity"
    )
    max_mentees = models.PositiveSmallIntegerField(default=3)

    class Meta:
        verbose_name_plural = "mentor capacities"

    def __str__(self) -> str:
        return f"{self.mentor_id}: {self.max_mentees}"


class Mentoring(models.Model):
    """A trainer paired a mentor with a mentee, with goals and an end date."""

    mentor = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="mentees_as_mentor"
    )
    mentee = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="mentorings"
    )
    paired_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    goals = models.TextField(max_length=2000)
    end_date = models.DateField()
    active = models.BooleanField(default=True)
    signed_off_level = models.PositiveSmallIntegerField(
        choices=Level.choices, null=True, blank=True
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("mentor_mentee", "Mentor the mentee of this pairing")]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"], condition=Q(active=True), name="one_active_mentor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor_id} mentors {self.mentee_id}"


class MentoringSession(models.Model):
    mentoring = models.ForeignKey(
        Mentoring, on_delete=models.CASCADE, related_name="sessions"
    )
    held_on = models.DateField()
    # Private to mentor, mentee and trainers of the mentee's organisation.
    notes = models.TextField(max_length=5000)
    logged_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Session {self.held_on} ({self.mentoring_id})"


class MentoringUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Mentoring, on_delete=models.CASCADE)


class PracticeScenario(models.Model):
    """A realistic thread and situation trainees practise replying to, inside."""

    title = models.CharField(max_length=200)
    thread = models.TextField(help_text="Cleaned HTML (core.sanitise.RICH_TEXT)")
    situation = models.TextField(max_length=2000)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class PracticeReply(Transitions, models.Model):
    """A trainee's draft reply, reviewed by their mentor the way the press
    office would. Mistakes here are lessons, not incidents."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for your mentor"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"

    class Action(models.TextChoices):
        REVISE = "revise", "Revised and sent again"
        APPROVE = "approve", "Approved"
        REQUEST_CHANGES = "request_changes", "Changes requested"

    # (status, action) -> new status. A new reply starts as SUBMITTED.
    TRANSITIONS = {
        (Status.CHANGES_REQUESTED, Action.REVISE): Status.SUBMITTED,
        (Status.SUBMITTED, Action.APPROVE): Status.APPROVED,
        (Status.SUBMITTED, Action.REQUEST_CHANGES): Status.CHANGES_REQUESTED,
    }

    scenario = models.ForeignKey(
        PracticeScenario, on_delete=models.CASCADE, related_name="replies"
    )
    trainee = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="practice_replies"
    )
    text = models.TextField(help_text="Cleaned HTML (core.sanitise.PLAIN_WITH_LINKS)")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    reviewer = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(max_length=2000, blank=True)
    submitted_at = models.DateTimeField(auto_now=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "practice replies"
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "trainee"], name="one_reply_per_scenario"
            )
        ]

    def __str__(self) -> str:
        return f"{self.trainee_id} on {self.scenario_id}"

    def refusal(self, action: str) -> str:
        if action != self.Action.REVISE:
            return "This reply has already been reviewed."
        if self.status == self.Status.SUBMITTED:
            return "Your reply is already with your mentor."
        return "Your reply was approved: there is nothing to revise."
