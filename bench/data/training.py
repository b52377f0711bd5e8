"""Courses, training assignments in every state, mentoring pairs."""

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from training.models import (
    Assignment,
    Course,
    MentorCapacity,
    Mentoring,
    MentoringSession,
    MentoringUserObjectPermission,
)

from .base import World, bulk, days_ago, later, pick_state

ASSIGNMENT_STATES = [
    (Assignment.Status.COMPLETED, 0.50),
    (Assignment.Status.IN_PROGRESS, 0.20),
    (Assignment.Status.ASSIGNED, 0.25),
    (Assignment.Status.AWAITING_CONFIRMATION, 0.05),
]
GLOBAL_COURSES = [
    # title, format, minutes, required for level, self-confirmed
    ("Principles in practice", Course.Format.E_LEARNING, 45, None, True),
    ("Trusted participation", Course.Format.WORKSHOP, 180, 2, False),
    ("Speaking for the organisation", Course.Format.WORKSHOP, 240, 3, False),
    ("Writing for online communities", Course.Format.E_LEARNING, 60, None, True),
    ("Handling hostile threads", Course.Format.WORKSHOP, 120, None, False),
    ("Shadowing the press office", Course.Format.SHADOWING, 480, None, False),
]


def create_courses(world: World) -> dict:
    """Returns {organisation id or None: [course ids]}."""
    author = world.administrators[0]
    rows = [
        Course(
            title=title,
            summary=f"{title}: what to do and why.",
            format=format_,
            expected_minutes=minutes,
            required_for_level=level,
            self_confirmed=self_confirmed,
            created_by_id=author,
            created_at=world.now - timedelta(days=1000),
        )
        for title, format_, minutes, level, self_confirmed in GLOBAL_COURSES
    ]
    for organisation in world.organisations:
        for title in ("Local induction", "Our sensitive topics"):
            rows.append(
                Course(
                    title=f"{title} ({organisation.short_name})",
                    summary="For our own staff.",
                    format=Course.Format.OTHER,
                    expected_minutes=90,
                    organisation=organisation,
                    created_by_id=world.trainers[organisation.pk][0],
                    created_at=days_ago(world, 400, 1000),
                )
            )
    courses: dict = {}
    for course in bulk(Course, rows):
        courses.setdefault(course.organisation_id, []).append(course)
    return courses


def _assignment(world: World, person: int, course: Course, status: str):
    rng = world.rng
    organisation = world.organisation_of[person]
    trainer = rng.choice(world.trainers[organisation])
    created = max(days_ago(world, 0, 400), world.joined[person])
    done = status == Assignment.Status.COMPLETED
    return Assignment(
        course_id=course.pk,
        person_id=person,
        assigned_by_id=trainer,
        due_date=(created + timedelta(days=rng.uniform(14, 90))).date(),
        status=status,
        completed_at=later(world, created, 1, 24 * 60) if done else None,
        confirmed_by_id=None if course.self_confirmed or not done else trainer,
        created_at=created,
    )


def create_assignments(world: World, courses: dict, count: int) -> None:
    """People granted level 2 or 3 mostly completed the course their level
    needs; the rest of the assignments are spread at random."""
    rng = world.rng
    by_level = {c.required_for_level: c for c in courses[None] if c.required_for_level}
    rows, taken = [], set()
    for person, level in world.granted_levels.items():
        for needed in range(2, level + 1):
            if len(rows) < count // 2:
                status = "completed" if rng.random() < 0.9 else "in_progress"
                rows.append(_assignment(world, person, by_level[needed], status))
                taken.add((by_level[needed].pk, person))
    people = list(world.organisation_of)
    states = [state for state, _ in ASSIGNMENT_STATES]
    spread = 0
    while len(rows) < count:
        person = rng.choice(people)
        options = courses[None] + courses.get(world.organisation_of[person], [])
        course = rng.choice(options)
        if (course.pk, person) in taken:
            continue
        taken.add((course.pk, person))
        # The first few cover every state, however small the scale.
        if spread < len(states):
            status, spread = states[spread], spread + 1
        else:
            status = pick_state(rng, ASSIGNMENT_STATES)
        rows.append(_assignment(world, person, course, status))
    bulk(Assignment, rows)


def create_mentoring(world: World) -> None:
    """About 2% of people have a mentor from their own organisation."""
    rng = world.rng
    permission = Permission.objects.get(
        codename="mentor_mentee",
        content_type=ContentType.objects.get_for_model(Mentoring),
    )
    pairs, mentors = [], set()
    for organisation_id, staff in world.staff.items():
        seniors = [u for u in staff if world.granted_levels.get(u) == 3]
        if not seniors:
            continue
        for mentee in rng.sample(staff, max(1, len(staff) // 50)):
            mentor = rng.choice(seniors)
            if mentor == mentee:
                continue
            mentors.add(mentor)
            created = max(days_ago(world, 10, 300), world.joined[mentee])
            pairs.append(
                Mentoring(
                    mentor_id=mentor,
                    mentee_id=mentee,
                    paired_by_id=world.trainers[organisation_id][0],
                    goals="Post unsupervised in low-risk forums.",
                    end_date=(created + timedelta(days=120)).date(),
                    created_at=created,
                )
            )
    pairs = bulk(Mentoring, pairs)
    bulk(MentorCapacity, [MentorCapacity(mentor_id=m, max_mentees=3) for m in mentors])
    bulk(
        MentoringUserObjectPermission,
        [
            MentoringUserObjectPermission(
                user_id=p.mentor_id, permission=permission, content_object=p
            )
            for p in pairs
        ],
    )
    bulk(
        MentoringSession,
        [
            MentoringSession(
                mentoring=p,
                held_on=(p.created_at + timedelta(days=14 * n)).date(),
                notes="Went through two recent threads together.",
                logged_by_id=p.mentor_id,
                created_at=p.created_at + timedelta(days=14 * n),
            )
            for p in pairs
            for n in (1, 2)
        ],
    )
