import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from guidelines.services import principles_acknowledge
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.guidelines.helpers import publish_principles
from tests.training.factories import AssignmentFactory, mentor_in
from training import selectors, services
from training.models import Assignment, Course, LevelDecision, MentorCapacity, Mentoring
from training.permissions import can_see_mentoring

pytestmark = pytest.mark.django_db

IN_A_MONTH = timezone.localdate() + timedelta(days=30)


@pytest.fixture
def course(trainer):
    return Course.objects.create(
        title="Online engagement basics",
        summary="What to do first",
        format="e_learning",
        expected_minutes=45,
        required_for_level=1,
        self_confirmed=True,
        created_by=trainer,
    )


@pytest.fixture
def workshop(trainer):
    return Course.objects.create(
        title="Handling hostility",
        summary="Workshop",
        format="workshop",
        expected_minutes=120,
        required_for_level=2,
        created_by=trainer,
    )


def test_trainer_assigns_to_many_people_of_their_organisation(
    trainer, course, civil_servant, mentor
):
    created = services.assignments_create(
        course=course,
        people=[civil_servant, mentor],
        due_date=IN_A_MONTH,
        actor=trainer,
    )

    assert {a.person for a in created} == {civil_servant, mentor}
    assert Notification.objects.filter(kind="training.assigned").count() == 2


def test_a_trainer_cannot_assign_in_another_organisation(
    trainer, course, civil_servant, other_org_civil_servant
):
    with pytest.raises(PermissionDenied):
        services.assignments_create(
            course=course,
            people=[civil_servant, other_org_civil_servant],
            due_date=IN_A_MONTH,
            actor=trainer,
        )

    assert not Assignment.objects.exists()  # all or nothing


@pytest.mark.parametrize(
    "persona", ["civil_servant", "press_officer", "mentor", "admin_user"]
)
def test_people_who_are_not_trainers_cannot_assign(
    request, persona, course, civil_servant
):
    with pytest.raises(PermissionDenied):
        services.assignments_create(
            course=course,
            people=[civil_servant],
            due_date=IN_A_MONTH,
            actor=request.getfixturevalue(persona),
        )


def test_a_due_date_in_the_past_is_refused(trainer, course, civil_servant):
    with pytest.raises(ValidationError, match="today or later"):
        services.assignments_create(
            course=course,
            people=[civil_servant],
            due_date=timezone.localdate() - timedelta(days=1),
            actor=trainer,
        )


def test_self_paced_courses_complete_when_the_person_says_so(
    trainer, course, civil_servant
):
    (assignment,) = services.assignments_create(
        course=course, people=[civil_servant], due_date=IN_A_MONTH, actor=trainer
    )

    services.assignment_progress(
        assignment_id=assignment.pk, actor=civil_servant, finished=True
    )

    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.COMPLETED


def test_other_courses_wait_for_a_trainer_to_confirm(trainer, workshop, civil_servant):
    (assignment,) = services.assignments_create(
        course=workshop, people=[civil_servant], due_date=IN_A_MONTH, actor=trainer
    )
    services.assignment_progress(
        assignment_id=assignment.pk, actor=civil_servant, finished=True
    )
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.AWAITING_CONFIRMATION

    services.assignment_confirm(assignment_id=assignment.pk, actor=trainer)

    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.COMPLETED
    assert assignment.confirmed_by == trainer


def test_nobody_else_marks_someone_elses_progress(
    trainer, course, civil_servant, mentor
):
    (assignment,) = services.assignments_create(
        course=course, people=[civil_servant], due_date=IN_A_MONTH, actor=trainer
    )

    with pytest.raises(Assignment.DoesNotExist):
        services.assignment_progress(
            assignment_id=assignment.pk, actor=mentor, finished=True
        )


def test_a_finished_course_cannot_be_marked_again(trainer, workshop, civil_servant):
    (assignment,) = services.assignments_create(
        course=workshop, people=[civil_servant], due_date=IN_A_MONTH, actor=trainer
    )
    services.assignment_progress(
        assignment_id=assignment.pk, actor=civil_servant, finished=True
    )

    for finished in (False, True):
        with pytest.raises(
            services.InvalidTransition,
            match="^“Handling hostility” is already marked as finished.$",
        ):
            services.assignment_progress(
                assignment_id=assignment.pk, actor=civil_servant, finished=finished
            )
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.AWAITING_CONFIRMATION


def test_starting_twice_keeps_the_course_in_progress(trainer, course, civil_servant):
    (assignment,) = services.assignments_create(
        course=course, people=[civil_servant], due_date=IN_A_MONTH, actor=trainer
    )

    for _ in range(2):
        assignment = services.assignment_progress(
            assignment_id=assignment.pk, actor=civil_servant, finished=False
        )

    assert assignment.status == Assignment.Status.IN_PROGRESS
    assert assignment.completed_at is None


def test_a_trainer_confirms_a_course_not_yet_marked_finished_but_only_once(
    trainer, workshop, civil_servant
):
    (assignment,) = services.assignments_create(
        course=workshop, people=[civil_servant], due_date=IN_A_MONTH, actor=trainer
    )

    confirmed = services.assignment_confirm(assignment_id=assignment.pk, actor=trainer)

    assert confirmed.status == Assignment.Status.COMPLETED
    assert confirmed.completed_at is not None
    with pytest.raises(
        services.InvalidTransition,
        match="^“Handling hostility” is already completed.$",
    ):
        services.assignment_confirm(assignment_id=assignment.pk, actor=trainer)


def test_a_trainer_of_another_organisation_cannot_confirm(
    trainer, workshop, civil_servant, other_organisation
):
    from accounts.roles import Role
    from tests.accounts.factories import give_role

    other_trainer = give_role(
        UserFactory(organisation=other_organisation),
        Role.TRAINER,
        scope_over=[other_organisation],
    )
    (assignment,) = services.assignments_create(
        course=workshop, people=[civil_servant], due_date=IN_A_MONTH, actor=trainer
    )

    with pytest.raises(PermissionDenied):
        services.assignment_confirm(assignment_id=assignment.pk, actor=other_trainer)


def test_reminders_at_30_7_and_1_days_then_weekly_never_twice(
    trainer, course, civil_servant
):
    today = timezone.localdate()
    services.assignments_create(
        course=course,
        people=[civil_servant],
        due_date=today + timedelta(days=40),
        actor=trainer,
    )
    Notification.objects.all().delete()

    def reminders_on(day: date) -> int:
        return services.training_reminders_send(today=day)

    due = today + timedelta(days=40)
    assert reminders_on(due - timedelta(days=31)) == 0
    assert reminders_on(due - timedelta(days=30)) == 1
    assert reminders_on(due - timedelta(days=29)) == 0  # same step: not again
    assert reminders_on(due - timedelta(days=7)) == 1
    assert reminders_on(due - timedelta(days=1)) == 1
    assert reminders_on(due) == 0
    overdue = due + timedelta(days=1)
    assert reminders_on(overdue) == 1  # overdue: once this (ISO) week
    rest_of_week = [
        day
        for day in (overdue + timedelta(days=n) for n in range(1, 7))
        if day.isocalendar()[:2] == overdue.isocalendar()[:2]
    ]
    assert [reminders_on(day) for day in rest_of_week] == [0] * len(rest_of_week)
    next_monday = overdue + timedelta(days=7 - overdue.weekday())
    assert reminders_on(next_monday) == 1  # and once the next week
    assert reminders_on(next_monday + timedelta(days=1)) == 0
    kinds = list(Notification.objects.values_list("kind", flat=True))
    assert kinds.count("training.due_soon") == 3


def test_a_late_assignment_gets_one_reminder_not_three(trainer, course, civil_servant):
    today = timezone.localdate()
    services.assignments_create(
        course=course,
        people=[civil_servant],
        due_date=today + timedelta(days=1),
        actor=trainer,
    )

    assert services.training_reminders_send(today=today) == 1
    assert services.training_reminders_send(today=today) == 0


def test_pairing_tells_both_people(pairing, mentor, civil_servant):
    told = set(
        Notification.objects.filter(kind="training.paired").values_list(
            "recipient", flat=True
        )
    )

    assert told == {mentor.pk, civil_servant.pk}


def test_mentees_of_lists_only_the_mentors_active_pairings(
    pairing, trainer, mentor, civil_servant, organisation
):
    ended = UserFactory(organisation=organisation)
    ended_pairing = services.mentoring_create(
        mentor=mentor,
        mentee=ended,
        goals="g",
        end_date=IN_A_MONTH,
        actor=trainer,
    )
    services.mentoring_end(mentoring_id=ended_pairing.pk, actor=trainer)
    other_mentor = mentor_in(organisation)
    services.mentoring_create(
        mentor=other_mentor,
        mentee=UserFactory(organisation=organisation),
        goals="g",
        end_date=IN_A_MONTH,
        actor=trainer,
    )

    assert list(selectors.mentees_of(mentor)) == [civil_servant]
    assert list(selectors.mentees_of(civil_servant)) == []


def test_pairing_beyond_capacity_is_refused_with_a_clear_message(
    trainer, mentor, organisation
):
    MentorCapacity.objects.create(mentor=mentor, max_mentees=1)
    first, second = (
        UserFactory(organisation=organisation),
        UserFactory(organisation=organisation),
    )
    services.mentoring_create(
        mentor=mentor, mentee=first, goals="g", end_date=IN_A_MONTH, actor=trainer
    )

    with pytest.raises(ValidationError, match="already has 1 mentees, their maximum"):
        services.mentoring_create(
            mentor=mentor, mentee=second, goals="g", end_date=IN_A_MONTH, actor=trainer
        )

    assert Mentoring.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_pairings_of_one_mentee_at_once_make_exactly_one(
    trainer, mentor, civil_servant, organisation
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    mentors = [mentor, mentor_in(organisation)]
    start = threading.Barrier(2, timeout=10)
    results = []

    def pair(who):
        try:
            start.wait()
            services.mentoring_create(
                mentor=who,
                mentee=civil_servant,
                goals="g",
                end_date=IN_A_MONTH,
                actor=trainer,
            )
            results.append("paired")
        except ValidationError as error:
            results.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=pair, args=(m,)) for m in mentors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(results) == sorted(
        ["paired", f"{civil_servant} already has a mentor."]
    )
    assert Mentoring.objects.filter(mentee=civil_servant).count() == 1


def test_a_trainer_cannot_pair_across_organisations(
    trainer, mentor, other_org_civil_servant
):
    with pytest.raises(PermissionDenied):
        services.mentoring_create(
            mentor=mentor,
            mentee=other_org_civil_servant,
            goals="g",
            end_date=IN_A_MONTH,
            actor=trainer,
        )


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("mentor", True),
        ("civil_servant", True),  # the mentee
        ("trainer", True),
        ("press_officer", False),
        ("other_org_civil_servant", False),
        ("other_mentor", False),
    ],
)
def test_only_mentor_mentee_and_their_trainers_see_a_pairing(
    request, pairing, persona, sees, organisation
):
    if persona == "other_mentor":
        user = mentor_in(organisation)
        other_mentee = UserFactory(organisation=organisation)
        services.mentoring_create(
            mentor=user,
            mentee=other_mentee,
            goals="g",
            end_date=IN_A_MONTH,
            actor=request.getfixturevalue("trainer"),
        )
    else:
        user = request.getfixturevalue(persona)

    assert can_see_mentoring(user, pairing) is sees
    if not sees:
        with pytest.raises(Mentoring.DoesNotExist):
            selectors.mentoring_for(user, pairing.pk)


def test_only_the_mentor_logs_sessions_and_notes_are_cleaned(
    pairing, mentor, civil_servant, trainer
):
    session = services.mentoring_session_log(
        mentoring_id=pairing.pk,
        held_on=timezone.localdate(),
        notes='<p>Good progress</p><script>x()</script><a href="javascript:x()">l</a>',
        actor=mentor,
    )
    assert "script" not in session.notes
    assert "javascript:" not in session.notes

    for someone in (civil_servant, trainer):
        with pytest.raises(PermissionDenied):
            services.mentoring_session_log(
                mentoring_id=pairing.pk,
                held_on=timezone.localdate(),
                notes="n",
                actor=someone,
            )


def test_an_ended_pairing_takes_no_more_sessions(pairing, mentor, trainer):
    services.mentoring_end(mentoring_id=pairing.pk, actor=trainer)

    with pytest.raises(PermissionDenied):
        services.mentoring_session_log(
            mentoring_id=pairing.pk,
            held_on=timezone.localdate(),
            notes="n",
            actor=mentor,
        )


@pytest.fixture
def ready_person(editor, trainer, course, workshop, civil_servant):
    """Acknowledged the principles and completed the level 1 and 2 courses."""
    publish_principles(editor)
    principles_acknowledge(user=civil_servant)
    for c in (course, workshop):
        # Acknowledging assigned them the level 1 course automatically.
        a = Assignment.objects.filter(course=c, person=civil_servant).first()
        if a is None:
            (a,) = services.assignments_create(
                course=c, people=[civil_servant], due_date=IN_A_MONTH, actor=trainer
            )
        services.assignment_confirm(assignment_id=a.pk, actor=trainer)
    return civil_servant


def test_raising_to_level_2_needs_a_mentor_sign_off(ready_person, trainer, mentor):
    with pytest.raises(ValidationError, match="mentor's sign-off"):
        services.level_set(person=ready_person, level=2, reason="Ready", actor=trainer)
    pairing = services.mentoring_create(
        mentor=mentor,
        mentee=ready_person,
        goals="g",
        end_date=IN_A_MONTH,
        actor=trainer,
    )
    services.mentoring_sign_off(mentoring_id=pairing.pk, level=2, actor=mentor)

    decision = services.level_set(
        person=ready_person, level=2, reason="Signed off", actor=trainer
    )

    assert (decision.old_level, decision.new_level) == (1, 2)
    assert selectors.effective_level(ready_person) == 2
    assert Notification.objects.filter(
        recipient=ready_person, kind="training.level_changed"
    ).exists()


def test_raising_needs_the_required_courses(editor, trainer, civil_servant, workshop):
    with pytest.raises(ValidationError, match="Not met: Complete “Handling hostility”"):
        services.level_set(person=civil_servant, level=2, reason="r", actor=trainer)

    assert not LevelDecision.objects.exists()


def test_lowering_is_always_possible_and_needs_a_reason(trainer, civil_servant):
    with pytest.raises(ValidationError, match="reason"):
        services.level_set(person=civil_servant, level=0, reason=" ", actor=trainer)

    services.level_set(
        person=civil_servant, level=0, reason="Breach of principles", actor=trainer
    )

    assert selectors.granted_level(civil_servant) == 0


def test_a_trainer_cannot_change_levels_in_another_organisation(
    trainer, other_org_civil_servant
):
    with pytest.raises(PermissionDenied):
        services.level_set(
            person=other_org_civil_servant, level=0, reason="r", actor=trainer
        )


def test_no_acknowledgement_means_level_0(editor, civil_servant):
    publish_principles(editor)

    assert selectors.effective_level(civil_servant) == 0


def test_stored_levels_are_read_in_one_query_however_many_people(
    editor, organisation, django_assert_num_queries
):
    publish_principles(editor)
    few = [UserFactory(organisation=organisation).pk for _ in range(2)]
    many = few + [UserFactory(organisation=organisation).pk for _ in range(20)]
    services.levels_recompute(person_ids=many)

    with django_assert_num_queries(1):
        selectors.effective_levels(few)
    with django_assert_num_queries(1):
        assert set(selectors.effective_levels(many).values()) == {0}


def test_people_without_a_stored_standing_are_computed_in_a_fixed_few_queries(
    editor, organisation, django_assert_num_queries
):
    publish_principles(editor)
    few = [UserFactory(organisation=organisation).pk for _ in range(2)]
    many = few + [UserFactory(organisation=organisation).pk for _ in range(20)]
    selectors.effective_levels(few)  # warms the cached principles baseline

    # The stored rows, then the inputs (people, completions, who has
    # acknowledged, who acknowledged an earlier version, required courses).
    with django_assert_num_queries(6):
        selectors.effective_levels(few)
    with django_assert_num_queries(6):
        assert set(selectors.effective_levels(many).values()) == {0}


def test_a_trainer_cannot_confirm_or_level_themselves(trainer, workshop, organisation):
    from accounts.roles import Role
    from tests.accounts.factories import give_role

    colleague = give_role(
        UserFactory(organisation=organisation), Role.TRAINER, scope_over=[organisation]
    )
    (assignment,) = services.assignments_create(
        course=workshop, people=[trainer], due_date=IN_A_MONTH, actor=colleague
    )

    with pytest.raises(PermissionDenied):
        services.assignment_confirm(assignment_id=assignment.pk, actor=trainer)
    with pytest.raises(PermissionDenied):
        services.level_set(person=trainer, level=3, reason="I am ready", actor=trainer)


def test_an_organisations_course_requirement_applies_to_its_staff_only(
    trainer, organisation, other_organisation, civil_servant, other_org_civil_servant
):
    Course.objects.create(
        title="Our basics",
        summary="s",
        format="workshop",
        expected_minutes=5,
        required_for_level=1,
        organisation=organisation,
        created_by=trainer,
    )

    levels = selectors.effective_levels([civil_servant.pk, other_org_civil_servant.pk])

    assert levels == {civil_servant.pk: 0, other_org_civil_servant.pk: 1}


def test_reminders_run_on_the_29th_of_february(trainer, course, civil_servant):
    services.assignments_create(
        course=course, people=[civil_servant], due_date=IN_A_MONTH, actor=trainer
    )

    assert services.training_reminders_send(today=date(2028, 2, 29)) >= 0


COURSE = {
    "title": "  Replying well  ",
    "summary": "How to reply. ",
    "format": "e_learning",
    "expected_minutes": 30,
    "required_for_level": 1,
    "self_confirmed": True,
}


def test_a_trainer_adds_a_course_for_their_organisation_as_its_author(
    trainer, organisation
):
    course = services.course_create(actor=trainer, organisation=organisation, **COURSE)

    course.refresh_from_db()
    assert (course.title, course.summary) == ("Replying well", "How to reply.")
    assert course.created_by == trainer
    assert course.organisation == organisation


@pytest.mark.parametrize("persona", ["civil_servant", "mentor", "press_officer"])
def test_people_who_are_not_trainers_cannot_add_courses(request, persona, organisation):
    with pytest.raises(PermissionDenied):
        services.course_create(
            actor=request.getfixturevalue(persona),
            organisation=organisation,
            **COURSE,
        )
    assert not Course.objects.exists()


@pytest.mark.parametrize("where", ["other_organisation", "everyone"])
def test_a_trainer_cannot_add_courses_outside_their_organisations(
    request, trainer, where
):
    organisation = request.getfixturevalue(where) if where != "everyone" else None

    with pytest.raises(PermissionDenied):
        services.course_create(actor=trainer, organisation=organisation, **COURSE)
    assert not Course.objects.exists()


def test_a_trainer_changes_their_organisations_course(trainer, organisation):
    course = services.course_create(actor=trainer, organisation=organisation, **COURSE)

    services.course_update(
        course_id=course.pk,
        actor=trainer,
        organisation=organisation,
        **{**COURSE, "title": "Replying better ", "required_for_level": 2},
    )

    course.refresh_from_db()
    assert (course.title, course.required_for_level) == ("Replying better", 2)
    assert course.created_by == trainer  # the author stays the author


@pytest.mark.parametrize("move_to", ["other_organisation", "everyone"])
def test_a_trainer_cannot_move_a_course_out_of_their_organisations(
    request, trainer, organisation, move_to
):
    course = services.course_create(actor=trainer, organisation=organisation, **COURSE)
    target = request.getfixturevalue(move_to) if move_to != "everyone" else None

    with pytest.raises(PermissionDenied):
        services.course_update(course_id=course.pk, actor=trainer, organisation=target)
    course.refresh_from_db()
    assert course.organisation == organisation


def test_a_trainer_of_another_organisation_cannot_change_a_course(
    trainer, organisation, other_organisation
):
    from accounts.roles import Role
    from tests.accounts.factories import give_role

    course = services.course_create(actor=trainer, organisation=organisation, **COURSE)
    other_trainer = give_role(
        UserFactory(organisation=other_organisation),
        Role.TRAINER,
        scope_over=[other_organisation],
    )

    with pytest.raises(PermissionDenied):
        services.course_update(
            course_id=course.pk, actor=other_trainer, title="Hijacked"
        )
    course.refresh_from_db()
    assert course.title == "Replying well"


def _open_assignment(course, person, trainer, *, due_in_days: int, finish=False):
    """An open assignment due in `due_in_days` (negative: overdue), finished by
    the person and waiting for a trainer if `finish`."""
    return AssignmentFactory(
        course=course,
        person=person,
        assigned_by=trainer,
        due_date=timezone.localdate() + timedelta(days=due_in_days),
        status=Assignment.Status.AWAITING_CONFIRMATION
        if finish
        else Assignment.Status.ASSIGNED,
    )


def test_trainers_weekly_summary_counts_overdue_and_awaiting_confirmation(
    trainer,
    workshop,
    civil_servant,
    mentor,
    other_org_civil_servant,
    django_capture_on_commit_callbacks,
):
    from django.core import mail

    from accounts.roles import Role
    from notifications.summaries import weekly_summaries_send
    from tests.accounts.factories import give_role

    _open_assignment(workshop, civil_servant, trainer, due_in_days=-3)
    _open_assignment(workshop, mentor, trainer, due_in_days=5, finish=True)
    other_trainer = give_role(
        UserFactory(organisation=other_org_civil_servant.organisation),
        Role.TRAINER,
        scope_over=[other_org_civil_servant.organisation],
    )
    _open_assignment(
        workshop, other_org_civil_servant, other_trainer, due_in_days=-1, finish=True
    )

    with django_capture_on_commit_callbacks(execute=True):
        weekly_summaries_send()

    (email,) = [m for m in mail.outbox if m.to == [trainer.email]]
    assert "1 overdue assignments" in email.body
    assert "1 finished courses waiting for your confirmation" in email.body
    assert "/training/manage/" in email.body
    (other,) = [m for m in mail.outbox if m.to == [other_trainer.email]]
    assert "1 overdue assignments" in other.body
    assert "1 finished courses waiting for your confirmation" in other.body


def test_trainers_weekly_summary_says_nothing_when_nothing_is_open(
    trainer, course, civil_servant, other_org_civil_servant
):
    from training.hooks import overdue_training_summary

    (assignment,) = services.assignments_create(
        course=course, people=[civil_servant], due_date=IN_A_MONTH, actor=trainer
    )
    services.assignment_progress(  # self-paced: completed, nothing to confirm
        assignment_id=assignment.pk, actor=civil_servant, finished=True
    )
    _open_assignment(course, other_org_civil_servant, trainer, due_in_days=-3)

    assert overdue_training_summary(trainer) is None


def test_trainers_weekly_summary_never_counts_their_own_course_to_confirm(
    trainer, workshop, organisation
):
    from accounts.roles import Role
    from tests.accounts.factories import give_role
    from training.hooks import overdue_training_summary

    colleague = give_role(
        UserFactory(organisation=organisation),
        Role.TRAINER,
        scope_over=[organisation],
    )
    _open_assignment(workshop, trainer, colleague, due_in_days=5, finish=True)

    assert overdue_training_summary(trainer) is None
    assert overdue_training_summary(colleague).lines == [
        "0 overdue assignments",
        "1 finished courses waiting for your confirmation",
    ]


def test_trainers_weekly_summary_counts_in_one_query_however_many_are_open(
    trainer, workshop, organisation, django_assert_num_queries
):
    from training.selectors import open_training_counts_for

    today = timezone.localdate()
    _open_assignment(
        workshop, UserFactory(organisation=organisation), trainer, due_in_days=-2
    )
    with django_assert_num_queries(1):
        assert open_training_counts_for(trainer, today=today) == (1, 0)
    for _ in range(5):
        _open_assignment(
            workshop, UserFactory(organisation=organisation), trainer, due_in_days=-2
        )
    with django_assert_num_queries(1):
        assert open_training_counts_for(trainer, today=today) == (6, 0)
