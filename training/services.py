"""Every change to training: assignments, reminders, mentoring, levels."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import User
from accounts.permissions import can_use_role_pages
from accounts.roles import Role
from core.sanitise import PLAIN_WITH_LINKS, RICH_TEXT, clean_html
from core.states import InvalidTransition
from core.transactions import refuse_if_taken
from notifications.services import notify

from . import kinds
from .models import (
    Assignment,
    Course,
    GrantedLevel,
    Level,
    LevelDecision,
    LevelStanding,
    MentorCapacity,
    Mentoring,
    MentoringSession,
    PracticeReply,
    PracticeScenario,
    ReminderSent,
)
from .permissions import (
    can_manage_courses_for,
    can_mentor,
    can_review_practice_reply,
    can_train,
)
from .selectors import (
    active_mentee_count,
    active_mentor_of,
    capacity_of,
    days_to_complete_by_organisation,
    effective_level,
    mentors_for,
    requirements_lacking,
    startable_courses,
)
from .standings import COMPUTED_FIELDS, computed_standings, differs

REMINDER_DAYS = (30, 7, 1)
BATCH = 1000  # people recomputed (or written) at a time
STORED_FIELDS = [*COMPUTED_FIELDS, "computed_at"]
COURSE_FIELDS = (
    "organisation",
    "title",
    "summary",
    "format",
    "expected_minutes",
    "required_for_level",
    "self_confirmed",
    "link",
)


@transaction.atomic
def levels_recompute(*, person_ids, assign_courses: bool = True) -> int:
    """Write these people's stored standing from a fresh computation: the
    only writer of LevelStanding. Call it inside the transaction of the change
    to an input, after the change. Returns how many rows it corrected (rows
    it adds are not counted).

    Locks the standing rows (NO KEY: nothing else points at them), in id
    order, before reading the inputs: whichever of two changes to one person
    recomputes last reads the other's committed change, so neither leaves a
    stale row. Rows not there yet are first inserted as placeholders (a
    concurrent insert of the same row waits, then is skipped).
    """
    ids = sorted(set(person_ids))
    present = LevelStanding.objects.filter(pk__in=ids).values_list("pk", flat=True)
    if missing := set(ids) - set(present):
        placeholders = computed_standings(sorted(missing)).values()
        LevelStanding.objects.bulk_create(placeholders, ignore_conflicts=True)
    stored = LevelStanding.objects.select_for_update(no_key=True).filter(pk__in=ids)
    stored = list(stored.order_by("pk"))
    fresh = computed_standings(ids)
    now = timezone.now()
    changed = []
    for row in stored:
        if row.pk in fresh and differs(row, fresh[row.pk]):
            fresh[row.pk].computed_at = now
            changed.append(fresh[row.pk])
    LevelStanding.objects.bulk_update(changed, STORED_FIELDS, batch_size=BATCH)
    if assign_courses:
        _assign_required_courses(fresh.values())
    return len(changed)


def _assign_required_courses(standings) -> None:
    """Give each active person, automatically, the required courses they
    lack for the level they work towards and have not been assigned, due
    in their organisation's days_to_complete; tell them. Called by
    levels_recompute, so it follows every change to who needs what: joining
    or moving organisation, a course becoming required, a level raised.

    The callers hold the standings' row locks, so two runs for one person
    take turns and the second finds the first's rows; ignore_conflicts is
    for a trainer's assignment written in between (theirs stands)."""
    wanted = {(s.person_id, pk) for s in standings for pk in s.missing_course_ids}
    if not wanted:
        return
    people = {pk for pk, _ in wanted}
    existing = set(
        Assignment.objects.filter(
            person_id__in=people, course_id__in={c for _, c in wanted}
        ).values_list("person_id", "course_id")
    )
    active = dict(
        User.objects.filter(pk__in=people, is_active=True).values_list(
            "pk", "organisation_id"
        )
    )
    new = sorted((p, c) for p, c in wanted - existing if p in active)
    if not new:
        return
    days = days_to_complete_by_organisation(set(active.values()))
    today = timezone.localdate()
    rows = [
        Assignment(
            person_id=person_id,
            course_id=course_id,
            assigned_by=None,
            due_date=today + timedelta(days=days[active[person_id]]),
        )
        for person_id, course_id in new
    ]
    Assignment.objects.bulk_create(rows, ignore_conflicts=True, batch_size=BATCH)
    courses = Course.objects.in_bulk({c for _, c in new})
    told: dict = {}
    for row in rows:
        told.setdefault((row.course_id, row.due_date), []).append(row.person_id)
    for (course_id, due), person_ids in told.items():
        notify(
            recipients=User.objects.filter(pk__in=person_ids),
            kind=kinds.ASSIGNED.name,
            context={
                "course": courses[course_id].title,
                "due": due.strftime("%-d %B %Y"),
                "message": "A level you are working towards requires it, so it "
                "was assigned to you automatically.",
            },
            url=reverse("training:index"),
        )


def _in_batches(ids: list[int]):
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def levels_recompute_everyone(*, assign_courses: bool = True) -> int:
    """Recompute every person's standing, BATCH people per transaction (after
    a material change to the principles, say). Idempotent: a second run
    changes nothing. Returns how many rows it corrected. `assign_courses`
    False: store levels only (the benchmark's data, which writes its own
    assignments and must not mail thousands of people)."""
    ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
    return sum(
        levels_recompute(person_ids=batch, assign_courses=assign_courses)
        for batch in _in_batches(ids)
    )


def levels_after_grace(*, now=None) -> int:
    """Recompute everyone whose grace period has ended while their stored
    level still stands: time alone changes their level, so no other write
    would. Every few minutes (CELERY_BEAT_SCHEDULE), by the small index of
    those in grace. Returns how many rows it corrected."""
    now = now or timezone.now()
    ended = LevelStanding.objects.filter(grace_until__lte=now, level__gt=0)
    ids = list(ended.order_by("pk").values_list("pk", flat=True))
    return sum(levels_recompute(person_ids=batch) for batch in _in_batches(ids))


def _recompute_organisations(organisation_ids) -> None:
    """Recompute the staff of these organisations in this transaction; None
    (every organisation) queues everyone, after commit, for the task."""
    if None in organisation_ids:
        from .tasks import levels_recompute_everyone_task

        transaction.on_commit(levels_recompute_everyone_task.delay)
        return
    staff = User.objects.filter(organisation__in=organisation_ids).order_by("pk")
    for batch in _in_batches(list(staff.values_list("pk", flat=True))):
        levels_recompute(person_ids=batch)


@dataclass
class Drift:
    checked: int = 0
    # People whose stored standing differs from a fresh computation.
    drifted: list[int] = field(default_factory=list)
    # People with no stored standing (reads compute theirs afresh).
    missing: list[int] = field(default_factory=list)


def levels_check(*, fix: bool = False) -> Drift:
    """Compare everyone's stored standing with a fresh computation, BATCH
    people at a time; with `fix`, recompute those that differ or are missing.
    For manage.py levels_check and the nightly job."""
    drift = Drift()
    ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
    for batch in _in_batches(ids):
        stored = LevelStanding.objects.in_bulk(batch)
        fresh = computed_standings(batch)
        drift.checked += len(fresh)
        drifted = [
            pk for pk in stored if pk in fresh and differs(stored[pk], fresh[pk])
        ]
        missing = [pk for pk in fresh if pk not in stored]
        drift.drifted += drifted
        drift.missing += missing
        if fix and (drifted or missing):
            levels_recompute(person_ids=drifted + missing)
    return drift


def _require_trainer_of(actor, *people) -> None:
    for person in people:
        if not can_train(actor, person):
            raise PermissionDenied


def _require_course_trainer(actor, organisation) -> None:
    """Trainers of the organisation; administrators (in the admin) for any
    organisation and for courses for every organisation (None)."""
    if not (
        can_manage_courses_for(actor, organisation)
        or can_use_role_pages(actor, Role.ADMINISTRATOR)
    ):
        raise PermissionDenied


def _course_values(fields: dict) -> dict:
    unknown = set(fields) - set(COURSE_FIELDS)
    if unknown:
        raise TypeError(f"Not course fields: {', '.join(sorted(unknown))}")
    return {
        name: value.strip() if name in ("title", "summary") else value
        for name, value in fields.items()
    }


@transaction.atomic
def course_create(*, actor, **fields) -> Course:
    """A trainer adds a course for one of the organisations they train; its
    level requirement, if any, applies to that organisation's staff only.

    `fields` are COURSE_FIELDS; the trainer is recorded as its author.
    """
    values = _course_values(fields)
    _require_course_trainer(actor, values.get("organisation"))
    course = Course.objects.create(**values, created_by=actor)
    if course.required_for_level is not None:
        _recompute_organisations({course.organisation_id})
    return course


@transaction.atomic
def course_update(*, course_id: int, actor, **fields) -> Course:
    """A trainer changes a course of an organisation they train (and can move
    it only to another they train). Locks the course; saves only what changed.
    """
    course = Course.objects.select_for_update(no_key=True).get(pk=course_id)
    _require_course_trainer(actor, course.organisation)
    values = _course_values(fields)
    if "organisation" in values:
        _require_course_trainer(actor, values["organisation"])
    changed = [name for name, value in values.items() if getattr(course, name) != value]
    before = (course.organisation_id, course.required_for_level)
    for name in changed:
        setattr(course, name, values[name])
    if changed:
        course.save(update_fields=changed)
    after = (course.organisation_id, course.required_for_level)
    # Who must have it, and for which level: the staff on both sides recompute.
    if before != after and (before[1], after[1]) != (None, None):
        _recompute_organisations({before[0], after[0]})
    return course


@transaction.atomic
def assignments_create(
    *, course: Course, people, due_date: date, actor
) -> list[Assignment]:
    """Assign a course to people of the organisations the trainer trains.

    Everyone must be in scope, or nothing is assigned. People who already have
    the course are left as they are; if they all have it, ValidationError says
    so. The course row is locked, so two trainers assigning it at once take
    turns; a row written past that lock is refused with a ValidationError too,
    never a database error.
    """
    people = list(people)
    _require_trainer_of(actor, *people)
    if due_date < timezone.localdate():
        raise ValidationError("The due date must be today or later.")
    # NO KEY: taking turns with other assignments of this course must not
    # block a commit whose foreign keys point at the course.
    Course.objects.select_for_update(no_key=True).get(pk=course.pk)
    existing = set(
        Assignment.objects.filter(course=course, person__in=people).values_list(
            "person_id", flat=True
        )
    )
    new = [p for p in people if p.pk not in existing]
    if people and not new:
        raise ValidationError(
            f"Everyone you chose already has “{course}”. Nothing was assigned."
        )
    with refuse_if_taken(
        Assignment.objects.filter(course=course, person__in=new),
        lambda _: ValidationError(
            f"Someone else has just assigned “{course}” to one of these people. "
            "Nothing was assigned: check the dashboard and try again."
        ),
    ):
        created = [
            Assignment.objects.create(
                course=course, person=p, assigned_by=actor, due_date=due_date
            )
            for p in new
        ]
    if created:
        notify(
            recipients=[a.person for a in created],
            kind=kinds.ASSIGNED.name,
            context={"course": course.title, "due": due_date.strftime("%-d %B %Y")},
            url=reverse("training:index"),
        )
    return created


@transaction.atomic
def assignment_self_start(*, course_id: int, actor) -> Assignment:
    """A person starts a self-paced course nobody assigned them, due in their
    organisation's days_to_complete. Course.DoesNotExist for a course they
    cannot start (not self-paced, another organisation's); started already:
    InvalidTransition, never a database error."""
    course = startable_courses(actor).get(pk=course_id)
    started = f"You already have “{course}”: it is in your courses."
    if Assignment.objects.filter(course=course, person=actor).exists():
        raise InvalidTransition(started)
    days = days_to_complete_by_organisation({actor.organisation_id})
    with refuse_if_taken(
        Assignment.objects.filter(course=course, person=actor),
        lambda _: InvalidTransition(started),
    ):
        assignment = Assignment.objects.create(
            course=course,
            person=actor,
            assigned_by=actor,
            status=Assignment.Status.IN_PROGRESS,
            due_date=timezone.localdate() + timedelta(days=days[actor.organisation_id]),
        )
    return assignment


@transaction.atomic
def assignment_progress(*, assignment_id: int, actor, finished: bool) -> Assignment:
    """The person marks their own course started or finished.

    Finishing completes a self-paced course; others wait for a trainer.
    Locks the assignment (not the course it points at).
    """
    assignment = (
        Assignment.objects.select_for_update(no_key=True, of=("self",))
        .select_related("course")
        .get(pk=assignment_id, person=actor)
    )
    if not finished:
        action = Assignment.Action.START
    elif assignment.course.self_confirmed:
        action = Assignment.Action.COMPLETE
    else:
        action = Assignment.Action.FINISH
    assignment.status = assignment.next_status(action)
    if assignment.status == Assignment.Status.COMPLETED:
        assignment.completed_at = timezone.now()
    assignment.save(update_fields=["status", "completed_at"])
    if assignment.status == Assignment.Status.COMPLETED:
        levels_recompute(person_ids=[actor.pk])
    return assignment


@transaction.atomic
def assignment_confirm(*, assignment_id: int, actor) -> Assignment:
    """A trainer of the person's organisation confirms the course is completed.
    Locks the assignment (not the person or course it points at)."""
    assignment = (
        Assignment.objects.select_for_update(no_key=True, of=("self",))
        .select_related("person", "course")
        .get(pk=assignment_id)
    )
    _require_trainer_of(actor, assignment.person)
    assignment.status = assignment.next_status(Assignment.Action.CONFIRM)
    assignment.completed_at = timezone.now()
    assignment.confirmed_by = actor
    assignment.save(update_fields=["status", "completed_at", "confirmed_by"])
    levels_recompute(person_ids=[assignment.person_id])
    return assignment


@transaction.atomic
def assignment_decline(*, assignment_id: int, reason: str, actor) -> Assignment:
    """A trainer of the person's organisation does not accept a claimed
    completion: it goes back to in progress with their reason, and the
    person is told. Locks the assignment."""
    assignment = (
        Assignment.objects.select_for_update(no_key=True, of=("self",))
        .select_related("person", "course")
        .get(pk=assignment_id)
    )
    _require_trainer_of(actor, assignment.person)
    if not reason.strip():
        raise ValidationError({"reason": "Say what is still needed."})
    assignment.status = assignment.next_status(Assignment.Action.DECLINE)
    assignment.completed_at = None
    assignment.declined_by, assignment.declined_at = actor, timezone.now()
    assignment.decline_reason = reason.strip()
    assignment.save(
        update_fields=[
            "status",
            "completed_at",
            "declined_by",
            "declined_at",
            "decline_reason",
        ]
    )
    notify(
        recipients=[assignment.person],
        kind=kinds.DECLINED.name,
        context={
            "course": assignment.course.title,
            "message": f"Your trainer's reason: {assignment.decline_reason}",
        },
        url=reverse("training:index"),
    )
    return assignment


def _reminder_steps(assignment: Assignment, today: date) -> list[str]:
    """The steps this reminder covers: the most urgent due now, and any it
    makes redundant (a course assigned 5 days before its due date gets one
    reminder, not three)."""
    days_left = (assignment.due_date - today).days
    if days_left < 0:
        year, week, _ = today.isocalendar()
        return [f"overdue-{year}-W{week:02d}"]
    return [f"due-in-{d}" for d in REMINDER_DAYS if days_left <= d]


def training_reminders_send(*, today: date | None = None) -> int:
    """Remind people of courses due in 30, 7 and 1 days, then weekly when
    overdue; never the same step twice. Returns how many reminders went."""
    today = today or timezone.localdate()
    sent = 0
    open_assignments = (
        Assignment.objects.exclude(status=Assignment.Status.COMPLETED)
        .filter(due_date__lte=today + timedelta(days=max(REMINDER_DAYS)))
        .select_related("course", "person")
    )
    for assignment in open_assignments.iterator():
        steps = _reminder_steps(assignment, today)
        with transaction.atomic():
            already = set(
                ReminderSent.objects.filter(
                    assignment=assignment, step__in=steps
                ).values_list("step", flat=True)
            )
            if not steps or set(steps) <= already:
                continue
            ReminderSent.objects.bulk_create(
                [
                    ReminderSent(assignment=assignment, step=s)
                    for s in steps
                    if s not in already
                ],
                ignore_conflicts=True,
            )
            overdue = steps[0].startswith("overdue")
            notify(
                recipients=[assignment.person],
                kind=(kinds.OVERDUE if overdue else kinds.DUE_SOON).name,
                context={
                    "course": assignment.course.title,
                    "due": assignment.due_date.strftime("%-d %B %Y"),
                },
                url=reverse("training:index"),
            )
            sent += 1
    return sent


def _lock_people(*people) -> list:
    """Lock these people's rows, always in id order so two services locking
    the same pair cannot deadlock; returns them in the order given."""
    model = type(people[0])
    # NO KEY: rows that merely point at these people (notifications, a pairing
    # being written elsewhere) can still commit; with a full FOR UPDATE their
    # deferred foreign key checks would wait for us, and we for them.
    locked = model.objects.select_for_update(no_key=True).order_by("pk")
    by_pk = {p.pk: p for p in locked.filter(pk__in=[p.pk for p in people])}
    return [by_pk[p.pk] for p in people]


@transaction.atomic
def mentoring_create(*, mentor, mentee, goals: str, end_date: date, actor) -> Mentoring:
    """Pair a mentor with a mentee (both in the trainer's scope), within the
    mentor's capacity; both are told.

    Locks the mentor (capacity) and the mentee (one active mentor), so two
    pairings at once take turns; one written past those locks is refused with
    a ValidationError too, never a database error.
    """
    _require_trainer_of(actor, mentor, mentee)
    if mentor.pk == mentee.pk:
        raise ValidationError("A person cannot mentor themselves.")
    if not mentors_for(actor).filter(pk=mentor.pk).exists():
        raise ValidationError(
            {
                "mentor": f"{mentor} is at level {effective_level(mentor)}: a "
                f"mentor must hold level {settings.MENTOR_MIN_LEVEL} or above."
            }
        )
    if end_date <= timezone.localdate():
        raise ValidationError("The end date must be in the future.")
    mentor, mentee = _lock_people(mentor, mentee)
    if active_mentee_count(mentor) >= capacity_of(mentor):
        raise ValidationError(
            f"{mentor} already has {capacity_of(mentor)} mentees, their maximum. "
            "Choose another mentor or raise their capacity."
        )
    has_mentor = Mentoring.objects.filter(mentee=mentee, active=True)
    if has_mentor.exists():
        raise ValidationError(f"{mentee} already has a mentor.")
    with refuse_if_taken(
        has_mentor, lambda _: ValidationError(f"{mentee} already has a mentor.")
    ):
        mentoring = Mentoring.objects.create(
            mentor=mentor,
            mentee=mentee,
            paired_by=actor,
            goals=goals.strip(),
            end_date=end_date,
        )
    assign_perm("training.mentor_mentee", mentor, mentoring)
    notify(
        recipients=[mentor, mentee],
        kind=kinds.PAIRED.name,
        context={"mentor": mentor.full_name, "mentee": mentee.full_name},
        url=reverse("training:mentoring", args=[mentoring.pk]),
    )
    return mentoring


@transaction.atomic
def mentoring_end(*, mentoring_id: int, actor) -> Mentoring:
    mentoring = (
        Mentoring.objects.select_for_update(no_key=True)
        .select_related("mentee")
        .get(pk=mentoring_id)
    )
    _require_trainer_of(actor, mentoring.mentee)
    mentoring.active = False
    mentoring.save(update_fields=["active"])
    remove_perm("training.mentor_mentee", mentoring.mentor, mentoring)
    return mentoring


@transaction.atomic
def mentoring_session_log(*, mentoring_id: int, held_on: date, notes: str, actor):
    mentoring = Mentoring.objects.select_for_update(no_key=True).get(pk=mentoring_id)
    if not can_mentor(actor, mentoring):
        raise PermissionDenied
    if held_on > timezone.localdate():
        raise ValidationError("A session cannot be logged before it is held.")
    return MentoringSession.objects.create(
        mentoring=mentoring,
        held_on=held_on,
        notes=clean_html(notes, PLAIN_WITH_LINKS),
        logged_by=actor,
    )


@transaction.atomic
def mentoring_sign_off(*, mentoring_id: int, level: int, actor) -> Mentoring:
    """The mentor signs the mentee off as ready for `level` (2 or 3), never
    above the level they hold themselves."""
    mentoring = Mentoring.objects.select_for_update(no_key=True).get(pk=mentoring_id)
    if not can_mentor(actor, mentoring):
        raise PermissionDenied
    if level not in (Level.TRUSTED, Level.SPOKESPERSON):
        raise ValidationError({"level": "Mentors sign off readiness for level 2 or 3."})
    if level > (own := effective_level(actor)):
        raise ValidationError(
            {"level": f"You hold level {own}: you can sign off up to level {own} only."}
        )
    mentoring.signed_off_level = level
    mentoring.signed_off_at = timezone.now()
    mentoring.save(update_fields=["signed_off_level", "signed_off_at"])
    levels_recompute(person_ids=[mentoring.mentee_id])
    return mentoring


@transaction.atomic
def mentor_capacity_set(*, mentor, max_mentees: int, actor) -> MentorCapacity:
    """How many mentees a mentor can take; set by their trainers."""
    _require_trainer_of(actor, mentor)
    record, _ = MentorCapacity.objects.select_for_update(no_key=True).get_or_create(
        mentor=mentor
    )
    record.max_mentees = max_mentees
    record.save(update_fields=["max_mentees"])
    return record


@transaction.atomic
def level_set(*, person, level: int, reason: str, actor) -> LevelDecision:
    """A trainer raises or lowers a person's discretion level, with a reason.

    Raising needs the courses required up to the new level and, for level 2
    and above, a mentor's sign-off; lowering is always possible.
    """
    _require_trainer_of(actor, person)
    return _level_record(
        person=person, level=level, reason=reason, actor=actor, checked=True
    )


@transaction.atomic
def level_place(*, person, level: int, reason: str, actor) -> LevelDecision:
    """An administrator places a person at a level without a mentor's
    sign-off: how an organisation gets its first mentors (nobody could sign
    them off). Their effective level still needs the required courses and
    the acknowledged principles (compute_level)."""
    if not can_use_role_pages(actor, Role.ADMINISTRATOR):
        raise PermissionDenied
    return _level_record(
        person=person, level=level, reason=reason, actor=actor, checked=False
    )


def _level_record(*, person, level: int, reason: str, actor, checked: bool):
    """Grant `level` (refusing a raise that lacks its requirements when
    `checked`), record the decision, recompute, tell the person."""
    if not reason.strip():
        raise ValidationError({"reason": "Give a reason for the change."})
    if level not in Level.values:
        raise ValidationError({"level": "Choose a level from 0 to 3."})
    record, _ = GrantedLevel.objects.select_for_update(no_key=True).get_or_create(
        person=person
    )
    old = record.level
    if checked and level > old and (lacking := requirements_lacking(person, level)):
        raise ValidationError(
            {
                "level": f"{person} cannot be raised to level {level} yet. "
                f"Not met: {'; '.join(lacking)}."
            }
        )
    record.level = level
    record.save(update_fields=["level", "updated_at"])
    levels_recompute(person_ids=[person.pk])
    decision = LevelDecision.objects.create(
        person=person,
        old_level=old,
        new_level=level,
        reason=reason.strip(),
        decided_by=actor,
    )
    notify(
        recipients=[person],
        kind=kinds.LEVEL_CHANGED.name,
        context={
            "level": Level(level).label,
            "message": f"The reason: {decision.reason}",
        },
        url=reverse("training:index"),
    )
    return decision


@transaction.atomic
def scenario_create(
    *, title: str, thread: str, situation: str, actor
) -> PracticeScenario:
    """Trainers write practice scenarios; every trainee can practise on them."""
    if not can_use_role_pages(actor, Role.TRAINER):
        raise PermissionDenied
    return PracticeScenario.objects.create(
        title=title.strip(),
        thread=clean_html(thread, RICH_TEXT),
        situation=situation.strip(),
        created_by=actor,
    )


@transaction.atomic
def practice_reply_submit(*, scenario_id: int, text: str, actor) -> PracticeReply:
    """A trainee drafts (or revises) their reply; their mentor is told.

    The same reply sent twice at once: the second is refused with
    InvalidTransition, never a database error.
    """
    scenario = PracticeScenario.objects.get(pk=scenario_id)
    reply = (
        PracticeReply.objects.select_for_update(no_key=True)
        .filter(scenario=scenario, trainee=actor)
        .first()
    )
    text = clean_html(text, PLAIN_WITH_LINKS)
    if reply:  # a revision, when the mentor asked for changes
        reply.status = reply.next_status(PracticeReply.Action.REVISE)
        reply.text = text
        reply.save(update_fields=["text", "status", "submitted_at"])
    else:
        with refuse_if_taken(  # the same first reply sent twice at once: one wins
            PracticeReply.objects.filter(scenario=scenario, trainee=actor),
            lambda _: InvalidTransition("Your reply is already with your mentor."),
        ):
            reply = PracticeReply.objects.create(
                scenario=scenario, trainee=actor, text=text
            )
    mentor = active_mentor_of(actor)
    if mentor:
        notify(
            recipients=[mentor],
            kind=kinds.PRACTICE_SUBMITTED.name,
            context={"trainee": actor.full_name, "scenario": scenario.title},
            url=reverse("training:practice_reply", args=[reply.pk]),
        )
    return reply


@transaction.atomic
def practice_reply_review(*, reply_id: int, approve: bool, comment: str, actor):
    """The trainee's mentor approves, or asks for changes with a comment."""
    reply = (
        PracticeReply.objects.select_for_update(no_key=True, of=("self",))
        .select_related("trainee", "scenario")
        .get(pk=reply_id)
    )
    if not can_review_practice_reply(actor, reply):
        raise PermissionDenied
    status = reply.next_status(
        PracticeReply.Action.APPROVE
        if approve
        else PracticeReply.Action.REQUEST_CHANGES
    )
    if not approve and not comment.strip():
        raise ValidationError("Say what to change.")
    reply.status = status
    reply.comment, reply.reviewer, reply.reviewed_at = (
        comment.strip(),
        actor,
        timezone.now(),
    )
    reply.save(update_fields=["status", "comment", "reviewer", "reviewed_at"])
    if approve:
        levels_recompute(person_ids=[reply.trainee_id])
    notify(
        recipients=[reply.trainee],
        kind=kinds.PRACTICE_REVIEWED.name,
        context={
            "scenario": reply.scenario.title,
            "outcome": reply.get_status_display().lower(),
        },
        url=reverse("training:practice_reply", args=[reply.pk]),
    )
    return reply
