"""Demo courses, an assignment, a mentoring pairing and a practice scenario."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from guidelines.services import principles_acknowledge

from .models import Assignment, Course, Level, PracticeScenario
from .services import (
    assignment_confirm,
    assignment_progress,
    assignments_create,
    course_create,
    level_place,
    mentoring_create,
    scenario_create,
)

COURSES = [
    ("Principles in practice", "e_learning", 45, 1, True),
    ("Handling hostile threads", "workshop", 120, 2, False),
    ("Speaking for the department", "workshop", 180, 3, False),
    ("Shadowing a press officer", "shadowing", 240, None, False),
]

THREAD = """
<p><strong>Local_Dad_77:</strong> Just read that the new bus franchise will cost
every household £400 a year. Outrageous!</p>
<p><strong>MoorsideMum:</strong> Where did you see that? Sounds too high.</p>
<p><strong>Local_Dad_77:</strong> Everyone's saying it on the community page.</p>
"""


@transaction.atomic
def seed_training(*, trainer, mentor, trainee, administrator) -> None:
    if Course.objects.exists():
        return
    courses = [
        course_create(
            title=title,
            summary=f"{title}: what to do, with worked examples.",
            format=format_,
            expected_minutes=minutes,
            required_for_level=level,
            self_confirmed=self_confirmed,
            organisation=trainer.organisation,
            actor=trainer,
        )
        for title, format_, minutes, level, self_confirmed in COURSES
    ]
    today = timezone.localdate()
    # Creating the courses assigned the level 1 course to everyone of the
    # organisation automatically. The trainee has done it and is working
    # towards level 2.
    principles_course = Assignment.objects.get(course=courses[0], person=trainee)
    assignment_progress(
        assignment_id=principles_course.pk, actor=trainee, finished=True
    )
    assignments_create(
        course=courses[1],
        people=[trainee],
        due_date=today + timedelta(days=14),
        actor=trainer,
    )
    # The mentor holds level 2, as a mentor must: the courses up to it done,
    # the principles acknowledged, placed there by an administrator (the
    # first mentors of an organisation have nobody to sign them off).
    own = Assignment.objects.get(course=courses[0], person=mentor)
    assignment_progress(assignment_id=own.pk, actor=mentor, finished=True)
    (workshop,) = assignments_create(
        course=courses[1], people=[mentor], due_date=today, actor=trainer
    )
    assignment_confirm(assignment_id=workshop.pk, actor=trainer)
    principles_acknowledge(user=mentor)
    level_place(
        person=mentor,
        level=Level.TRUSTED,
        reason="An experienced digital engagement lead: our first mentor.",
        actor=administrator,
    )
    mentoring_create(
        mentor=mentor,
        mentee=trainee,
        goals="Build confidence replying to factual errors; ready for level 2.",
        end_date=today + timedelta(days=90),
        actor=trainer,
    )
    if not PracticeScenario.objects.exists():
        scenario_create(
            title="A wrong figure is spreading",
            thread=THREAD,
            situation="You work on the bus franchise. The published estimate is "
            "£1.20 a household a month. Draft a reply to the thread.",
            actor=trainer,
        )
