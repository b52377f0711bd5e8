"""A person's standing computed afresh from its inputs.

The one computation behind the stored LevelStanding rows: levels_recompute
(services) writes what it answers, levels_check compares it with what is
stored, and reads fall back to it for a person who has no row yet. The level
itself is levels.compute_level's, still the only rule.
"""

from django.conf import settings
from django.db.models import Count, Max, OuterRef, Subquery
from django.utils import timezone

from accounts.models import User
from guidelines.selectors import (
    acknowledged_earlier_ids,
    acknowledged_user_ids,
    acknowledgement_baseline,
    acknowledgement_deadline,
)

from .levels import compute_level
from .models import (
    Assignment,
    Course,
    GrantedLevel,
    Level,
    LevelStanding,
    Mentoring,
    PracticeReply,
)

# The fields a fresh computation decides: a stored row differing in any of
# them is drift.
COMPUTED_FIELDS = (
    "organisation_id",
    "level",
    "granted",
    "acknowledged",
    "grace_until",
    "target_level",
    "missing_course_ids",
    "practice_needed",
    "sign_off_needed",
)


def required_courses_by_organisation() -> dict:
    """{organisation id or None: {level: {course ids}}}; None is every organisation."""
    required: dict = {}
    rows = Course.objects.exclude(required_for_level=None).values_list(
        "pk", "organisation_id", "required_for_level"
    )
    for pk, organisation_id, level in rows:
        required.setdefault(organisation_id, {}).setdefault(level, set()).add(pk)
    return required


def _required_for(required: dict, organisation_id) -> dict[int, set[int]]:
    merged: dict[int, set[int]] = {}
    for key in (None, organisation_id):
        for level, courses in required.get(key, {}).items():
            merged.setdefault(level, set()).update(courses)
    return merged


def _per_person(queryset, person_field: str, aggregate):
    """A correlated subquery: `aggregate` over the person's rows, or None.
    Granted level, approved practice and sign-off ride on the query for the
    people themselves, so a computation costs four queries in all (five when someone has
    not acknowledged the current principles)."""
    rows = queryset.filter(**{person_field: OuterRef("pk")}).order_by()
    return Subquery(
        rows.values(person_field).annotate(value=aggregate).values("value")[:1]
    )


def _inputs(user_ids: list[int]) -> dict:
    """Every input of the rule for these people, in four queries (five when
    someone has not acknowledged)."""
    people = User.objects.filter(pk__in=user_ids).annotate(
        granted=_per_person(GrantedLevel.objects, "person", Max("level")),
        practice=_per_person(
            PracticeReply.objects.filter(status=PracticeReply.Status.APPROVED),
            "trainee",
            Count("pk"),
        ),
        signed_off=_per_person(Mentoring.objects, "mentee", Max("signed_off_level")),
    )
    completed: dict[int, set[int]] = {}
    for person_id, course_id in Assignment.objects.filter(
        person_id__in=user_ids, status=Assignment.Status.COMPLETED
    ).values_list("person_id", "course_id"):
        completed.setdefault(person_id, set()).add(course_id)
    rows = people.values_list(
        "pk", "organisation_id", "granted", "practice", "signed_off", "date_joined"
    )
    acknowledged = acknowledged_user_ids(user_ids)
    people_inputs = {
        pk: (organisation_id, granted, practice or 0, signed_off or 0, joined)
        for pk, organisation_id, granted, practice, signed_off, joined in rows
    }
    return {
        "people": people_inputs,
        "completed": completed,
        "acknowledged": acknowledged,
        # Their grace period's end: for those who acknowledged the version
        # before the current one (a query only when someone has not).
        "grace": _grace_periods(
            {pk: p[-1] for pk, p in people_inputs.items() if pk not in acknowledged}
        ),
        "required": required_courses_by_organisation(),
        "now": timezone.now(),
    }


def _grace_periods(unacknowledged: dict) -> dict:
    """{person id: deadline} for those of `unacknowledged` ({person id: date
    joined}) who acknowledged an earlier version of the principles."""
    baseline = acknowledgement_baseline()
    if baseline is None or not unacknowledged:
        return {}
    earlier = acknowledged_earlier_ids(unacknowledged)
    return {
        pk: acknowledgement_deadline(baseline, joined)
        for pk, joined in unacknowledged.items()
        if pk in earlier
    }


def practice_needed_for(level: int) -> int:
    """Approved practice replies needed for `level` (and every level below)."""
    return max(
        (n for step, n in settings.PRACTICE_REPLIES_REQUIRED.items() if step <= level),
        default=0,
    )


def _target(level: int, granted: int) -> int | None:
    """The level the person works towards: the one granted while they fall
    short of it, else the next one up (None at the top)."""
    if level < granted:
        return granted
    return granted + 1 if granted < Level.SPOKESPERSON else None


def _standing(pk: int, inputs: dict) -> LevelStanding:
    organisation_id, granted, approved, signed_off, _ = inputs["people"][pk]
    if granted is None:
        granted = Level.SUPERVISED
    completed = inputs["completed"].get(pk, set())
    required = _required_for(inputs["required"], organisation_id)
    grace_until = inputs["grace"].get(pk)
    level = compute_level(
        granted=granted,
        acknowledged=pk in inputs["acknowledged"],
        grace_until=grace_until,
        now=inputs["now"],
        completed_courses=completed,
        required_courses=required,
        approved_practice=approved,
        practice_required=settings.PRACTICE_REPLIES_REQUIRED,
    )
    target = _target(level, granted)
    standing = LevelStanding(
        person_id=pk,
        organisation_id=organisation_id,
        level=level,
        granted=granted,
        acknowledged=pk in inputs["acknowledged"],
        grace_until=grace_until,
        target_level=target,
    )
    if target is not None:
        needed = set().union(*(required.get(s, set()) for s in range(1, target + 1)))
        standing.missing_course_ids = sorted(needed - completed)
        standing.practice_needed = max(0, practice_needed_for(target) - approved)
        # A mentor's sign-off is asked for only to raise the level granted.
        standing.sign_off_needed = (
            target > granted and target >= Level.TRUSTED and signed_off < target
        )
    return standing


def computed_standings(user_ids) -> dict[int, LevelStanding]:
    """Each existing person's standing as the rule gives it now (unsaved
    rows), in four or five queries however many people; ids of nobody are left out."""
    user_ids = list(user_ids)
    inputs = _inputs(user_ids)
    return {pk: _standing(pk, inputs) for pk in user_ids if pk in inputs["people"]}


def differs(stored: LevelStanding, fresh: LevelStanding) -> bool:
    return any(
        getattr(stored, name) != getattr(fresh, name) for name in COMPUTED_FIELDS
    )
