import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from core.hooks import Hook
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.guidelines.races import conflicting_row_in_flight
from tests.training.factories import AssignmentFactory, at_level, mentor_in
from training import services
from training import views as training_views
from training.models import (
    Assignment,
    Course,
    LevelDecision,
    Mentoring,
    MentoringSession,
)

pytestmark = pytest.mark.django_db

NEXT_MONTH = (timezone.localdate() + timedelta(days=30)).isoformat()


@pytest.fixture
def course(trainer):
    return Course.objects.create(
        title="Engagement basics",
        summary="s",
        format="workshop",
        expected_minutes=60,
        required_for_level=1,
        created_by=trainer,
    )


TRAINER_PAGES = [
    ("get", "/training/manage/"),
    ("get", "/training/manage/dashboard.csv"),
    ("get", "/training/people/"),
    ("get", "/training/people.csv"),
    ("get", "/training/courses/"),
    ("post", "/training/courses/"),
    ("get", "/training/assign/"),
    ("post", "/training/assign/"),
    ("get", "/training/mentoring/new/"),
    ("post", "/training/mentoring/new/"),
    ("get", "/training/people/{person}/"),
    ("post", "/training/people/{person}/level/"),
]


@pytest.mark.parametrize(("method", "path"), TRAINER_PAGES)
@pytest.mark.parametrize(
    "persona", ["civil_servant", "mentor", "press_officer", "editor", "admin_user"]
)
def test_trainer_pages_refuse_people_without_the_role(
    request, client, civil_servant, method, path, persona
):
    client.force_login(request.getfixturevalue(persona))

    response = getattr(client, method)(
        path.format(person=civil_servant.pk), {"title": "x", "level": 0, "reason": "r"}
    )

    assert response.status_code == 403
    assert not Course.objects.exists()
    assert not LevelDecision.objects.exists()


@pytest.mark.parametrize(("method", "path"), TRAINER_PAGES + [("get", "/training/")])
def test_training_pages_send_anonymous_people_to_sign_in(client, method, path):
    response = getattr(client, method)(path.format(person=1))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_trainer_adds_a_course(client, trainer):
    client.force_login(trainer)

    response = client.post(
        "/training/courses/",
        {
            "title": "Replying well",
            "summary": "How",
            "format": "e_learning",
            "expected_minutes": 30,
            "required_for_level": 1,
            "self_confirmed": "on",
            "organisation": trainer.organisation_id,
        },
    )

    assert response.status_code == 302
    course = Course.objects.get()
    assert course.self_confirmed
    assert course.created_by == trainer


def test_trainer_edits_their_organisations_course(client, trainer, organisation):
    course = services.course_create(
        actor=trainer,
        organisation=organisation,
        title="Replying well",
        summary="How",
        format="e_learning",
        expected_minutes=30,
        required_for_level=None,
        self_confirmed=False,
    )
    client.force_login(trainer)

    response = client.post(
        f"/training/courses/{course.pk}/edit/",
        {
            "organisation": organisation.pk,
            "title": "Replying better",
            "summary": "How",
            "format": "workshop",
            "expected_minutes": 45,
            "required_for_level": 1,
        },
    )

    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.title, course.format, course.required_for_level) == (
        "Replying better",
        "workshop",
        1,
    )
    assert course.created_by == trainer


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"title": "x" * 201}, "at most 200 characters"),
        ({"expected_minutes": "abc"}, "Enter a whole number."),
        ({"expected_minutes": "0"}, "between 1 and 10,000"),
        ({"format": "podcast"}, "Select a valid choice."),
        ({"required_for_level": "7"}, "Select a valid choice."),
        ({"link": "http://learning.example.gov.uk/"}, "Enter an https:// address."),
        ({"link": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"link": "https://example.gov.uk/" + "x" * 500}, "at most 500 characters"),
        (
            {"title": "<script>alert(1)</script>", "link": "ftp://x"},
            "Enter a valid URL",
        ),
    ],
)
def test_bad_course_input_is_a_400_and_saves_nothing(client, trainer, data, message):
    client.force_login(trainer)
    full = {
        "organisation": trainer.organisation_id,
        "title": "T",
        "summary": "S",
        "format": "workshop",
        "expected_minutes": "30",
        **data,
    }

    response = client.post("/training/courses/", full)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Course.objects.exists()


def test_trainer_assigns_a_course_to_several_people(
    client, trainer, course, civil_servant, mentor
):
    client.force_login(trainer)

    response = client.post(
        "/training/assign/",
        {
            "course": course.pk,
            "people": [civil_servant.pk, mentor.pk],
            "due_date": NEXT_MONTH,
        },
    )

    assert response.status_code == 302
    assert Assignment.objects.count() == 2


@pytest.mark.parametrize(
    "overrides",
    [
        {"people": []},
        {"due_date": "2001-01-01"},
        {"due_date": "not a date"},
        {"course": "999999"},
        {"people": ["{other}"]},  # someone of another organisation
    ],
)
def test_bad_assignments_are_a_400_and_assign_nothing(
    client, trainer, course, civil_servant, other_org_civil_servant, overrides
):
    client.force_login(trainer)
    data = {"course": course.pk, "people": [civil_servant.pk], "due_date": NEXT_MONTH}
    for key, value in overrides.items():
        data[key] = (
            [v.format(other=other_org_civil_servant.pk) for v in value]
            if isinstance(value, list)
            else value
        )

    response = client.post("/training/assign/", data)

    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert not Assignment.objects.exists()


def test_assigning_the_same_course_twice_says_so_and_changes_nothing(
    client, trainer, course, civil_servant, mentor
):
    client.force_login(trainer)
    data = {
        "course": course.pk,
        "people": [civil_servant.pk, mentor.pk],
        "due_date": NEXT_MONTH,
    }
    client.post("/training/assign/", data)
    before = list(Assignment.objects.values_list("pk", "due_date"))

    response = client.post("/training/assign/", {**data, "due_date": "2099-01-01"})

    assert response.status_code == 400
    assert "already has “Engagement basics”" in response.content.decode()
    assert list(Assignment.objects.values_list("pk", "due_date")) == before
    assert Notification.objects.filter(kind="training.assigned").count() == 2


@pytest.mark.django_db(transaction=True)
def test_an_assignment_made_at_the_same_moment_is_a_400_not_a_500(
    client, trainer, course, civil_servant, mentor
):
    client.force_login(trainer)

    with conflicting_row_in_flight(
        lambda: Assignment.objects.create(
            course=course,
            person=civil_servant,
            assigned_by=trainer,
            due_date=timezone.localdate(),
        )
    ):
        response = client.post(
            "/training/assign/",
            {
                "course": course.pk,
                "people": [mentor.pk, civil_servant.pk],
                "due_date": NEXT_MONTH,
            },
        )

    assert response.status_code == 400
    assert "Someone else has just assigned" in response.content.decode()
    by_trainers = Assignment.objects.exclude(assigned_by=None)  # not automatic
    assert list(by_trainers.values_list("person", flat=True)) == [
        civil_servant.pk
    ]  # all or nothing: the other trainer's only
    assert not Notification.objects.filter(
        kind="training.assigned", recipient=civil_servant
    ).exists()


def test_the_person_marks_progress_and_nobody_else_can(
    client, trainer, course, civil_servant, mentor
):
    (assignment,) = services.assignments_create(
        course=course,
        people=[civil_servant],
        due_date=timezone.localdate() + timedelta(days=5),
        actor=trainer,
    )

    client.force_login(mentor)
    assert (
        client.post(
            f"/training/assignments/{assignment.pk}/progress/", {"finish": "1"}
        ).status_code
        == 404
    )
    client.force_login(civil_servant)
    assert (
        client.get(f"/training/assignments/{assignment.pk}/progress/").status_code
        == 405
    )
    response = client.post(
        f"/training/assignments/{assignment.pk}/progress/", {"finish": "1"}, follow=True
    )

    assert "a trainer will confirm it" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.AWAITING_CONFIRMATION


def test_a_trainer_of_another_organisation_gets_a_404_confirming(
    client, trainer, other_org_press_officer, course, civil_servant, other_organisation
):
    from accounts.roles import Role
    from tests.accounts.factories import give_role

    other_trainer = give_role(
        UserFactory(organisation=other_organisation),
        Role.TRAINER,
        scope_over=[other_organisation],
    )
    (assignment,) = services.assignments_create(
        course=course,
        people=[civil_servant],
        due_date=timezone.localdate() + timedelta(days=5),
        actor=trainer,
    )
    client.force_login(other_trainer)

    assert (
        client.post(f"/training/assignments/{assignment.pk}/confirm/").status_code
        == 404
    )
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.ASSIGNED


def test_pairing_beyond_capacity_says_so(client, trainer, mentor, organisation):
    from training.models import MentorCapacity

    MentorCapacity.objects.create(mentor=mentor, max_mentees=0)
    mentee = UserFactory(organisation=organisation)
    client.force_login(trainer)

    response = client.post(
        "/training/mentoring/new/",
        {
            "mentor": mentor.pk,
            "mentee": mentee.pk,
            "goals": "g",
            "end_date": NEXT_MONTH,
        },
    )

    assert response.status_code == 400
    assert "their maximum" in response.content.decode()
    assert not Mentoring.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_mentor_paired_at_the_same_moment_is_a_400_not_a_500(
    client, trainer, mentor, civil_servant, organisation
):
    other_mentor = UserFactory(organisation=organisation)
    client.force_login(trainer)

    with conflicting_row_in_flight(
        lambda: Mentoring.objects.create(
            mentor=other_mentor,
            mentee=civil_servant,
            paired_by=trainer,
            goals="First",
            end_date=timezone.localdate() + timedelta(days=9),
        )
    ):
        response = client.post(
            "/training/mentoring/new/",
            {
                "mentor": mentor.pk,
                "mentee": civil_servant.pk,
                "goals": "Second",
                "end_date": NEXT_MONTH,
            },
        )

    assert response.status_code == 400
    assert f"{civil_servant} already has a mentor." in response.content.decode()
    assert list(Mentoring.objects.values_list("mentor", flat=True)) == [other_mentor.pk]
    assert not mentor.has_perm("training.mentor_mentee", Mentoring.objects.get())
    assert not Notification.objects.filter(kind="training.paired").exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("mentor", 200),
        ("civil_servant", 200),
        ("trainer", 200),
        ("press_officer", 404),
        ("other_org_civil_servant", 404),
    ],
)
def test_a_mentoring_record_is_private(request, client, pairing, persona, status):
    MentoringSession.objects.create(
        mentoring=pairing,
        held_on=timezone.localdate(),
        notes="<p>Private note</p>",
        logged_by=pairing.mentor,
    )
    client.force_login(request.getfixturevalue(persona))

    response = client.get(f"/training/mentoring/{pairing.pk}/")

    assert response.status_code == status
    assert ("Private note" in response.content.decode()) is (status == 200)


def test_the_mentor_is_pointed_to_their_mentees_posts(client, pairing, mentor):
    client.force_login(mentor)

    content = client.get(f"/training/mentoring/{pairing.pk}/").content.decode()

    assert "Read your mentees&#x27; posts" in content
    assert f'href="{reverse("moderation:mentee_posts")}"' in content


def test_the_mentoring_page_works_with_no_app_adding_links(
    client, monkeypatch, pairing, mentor
):
    # Training sits below moderation (DESIGN.md): its page must not depend on it.
    monkeypatch.setattr(training_views, "MENTORING_LINKS", Hook("none"))
    client.force_login(mentor)

    response = client.get(f"/training/mentoring/{pairing.pk}/")

    assert response.status_code == 200
    assert "Log a session" in response.content.decode()
    assert "mentees&#x27; posts" not in response.content.decode()


def test_another_mentor_cannot_open_someone_elses_record(
    client, trainer, pairing, organisation
):
    other_mentor, other_mentee = (
        mentor_in(organisation),
        UserFactory(organisation=organisation),
    )
    services.mentoring_create(
        mentor=other_mentor,
        mentee=other_mentee,
        goals="g",
        end_date=timezone.localdate() + timedelta(days=9),
        actor=trainer,
    )
    client.force_login(other_mentor)

    assert client.get(f"/training/mentoring/{pairing.pk}/").status_code == 404
    assert (
        client.post(
            f"/training/mentoring/{pairing.pk}/sessions/",
            {"held_on": timezone.localdate().isoformat(), "notes": "x"},
        ).status_code
        == 404
    )


def test_the_mentee_cannot_log_sessions_or_sign_off(client, pairing, civil_servant):
    client.force_login(civil_servant)

    assert (
        client.post(
            f"/training/mentoring/{pairing.pk}/sessions/",
            {"held_on": timezone.localdate().isoformat(), "notes": "x"},
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/training/mentoring/{pairing.pk}/sign-off/", {"level": 2}
        ).status_code
        == 403
    )
    assert not MentoringSession.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"held_on": "", "notes": "x"}, "This field is required."),
        ({"held_on": "2999-01-01", "notes": "x"}, "before it is held"),
        ({"held_on": "today", "notes": "x"}, "Enter a valid date."),
        ({"held_on": "2026-01-01", "notes": "x" * 5001}, "at most 5000 characters"),
    ],
)
def test_bad_sessions_are_a_400_and_save_nothing(
    client, pairing, mentor, data, message
):
    client.force_login(mentor)

    response = client.post(f"/training/mentoring/{pairing.pk}/sessions/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MentoringSession.objects.exists()


def test_level_change_refused_without_courses_explains_why(
    client, trainer, course, civil_servant
):
    client.force_login(trainer)

    response = client.post(
        f"/training/people/{civil_servant.pk}/level/", {"level": 2, "reason": "Keen"}
    )

    assert response.status_code == 400
    assert "Not met: Complete “Engagement basics”" in response.content.decode()
    assert not LevelDecision.objects.exists()


def test_level_page_for_someone_outside_scope_is_a_404(
    client, trainer, other_org_civil_servant
):
    client.force_login(trainer)

    assert (
        client.get(f"/training/people/{other_org_civil_servant.pk}/").status_code == 404
    )
    assert (
        client.post(
            f"/training/people/{other_org_civil_servant.pk}/level/",
            {"level": 0, "reason": "r"},
        ).status_code
        == 404
    )
    assert not LevelDecision.objects.exists()


def test_dashboard_counts_people_and_exports_the_same_numbers(
    client, trainer, civil_servant, mentor, other_org_civil_servant
):
    client.force_login(trainer)

    page = client.get("/training/manage/").content.decode()
    response = client.get("/training/manage/dashboard.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))

    assert 'href="/training/manage/dashboard.csv"' in page
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert list(rows[0]) == [
        "organisation",
        "level_0",
        "level_1",
        "level_2",
        "level_3",
        "overdue",
        "waiting_for_mentor",
        "awaiting_confirmation",
    ]
    assert other_org_civil_servant.organisation.name not in page
    assert [r["organisation"] for r in rows] == [trainer.organisation.name]
    # The page itself no longer answers ?format=csv: the download has its URL.
    old = client.get("/training/manage/?format=csv")
    assert old["Content-Type"].startswith("text/html")
    staff = trainer.organisation.staff.count()
    assert sum(int(rows[0][f"level_{n}"]) for n in range(4)) == staff


def test_dashboard_query_count_does_not_grow_with_people(
    client, trainer, course, organisation, queries
):
    def more(n: int) -> None:
        """3n more people: n overdue and n mentees at level 1 (the level
        nobody is granted above), n mentors at level 2, so every list grows."""
        people = [UserFactory(organisation=organisation) for _ in range(3 * n)]
        Course.objects.filter(pk=course.pk).update(required_for_level=None)
        services.levels_recompute(person_ids=[p.pk for p in people])
        services.assignments_create(
            course=course,
            people=people[:n],
            due_date=timezone.localdate(),
            actor=trainer,
        )
        Assignment.objects.filter(person__in=people[:n]).update(
            due_date=timezone.localdate() - timedelta(days=1)
        )
        for mentor, mentee in zip(people[n : 2 * n], people[2 * n :], strict=True):
            services.mentoring_create(
                mentor=at_level(mentor, 2),
                mentee=mentee,
                goals="g",
                end_date=timezone.localdate() + timedelta(days=9),
                actor=trainer,
            )

    more(1)
    client.force_login(trainer)
    client.get("/training/manage/")
    with queries() as few:
        client.get("/training/manage/")
    more(25)  # more than a page of each list
    with queries() as many:
        page = client.get("/training/manage/").content.decode()

    assert "Overdue training (26)" in page
    # At level 1 without a mentor: the 26 overdue (mentors are at level 2).
    assert "Waiting for a mentor (26)" in page
    assert 'aria-label="Pages of overdue training"' in page
    assert len(many) == len(few)


def test_each_dashboard_list_pages_on_its_own_keeping_the_others_page(
    client, trainer, course, organisation
):
    people = [UserFactory(organisation=organisation) for _ in range(25)]
    services.assignments_create(
        course=course,
        people=people,
        due_date=timezone.localdate(),
        actor=trainer,
    )
    Assignment.objects.update(due_date=timezone.localdate() - timedelta(days=1))
    client.force_login(trainer)

    first = client.get("/training/manage/").content.decode()
    second = client.get("/training/manage/", {"overdue": 2, "mentors": 1})

    overdue = list(Assignment.objects.order_by("due_date", "pk"))
    assert first.count(": Engagement basics, due") == 20
    assert f"{escape(overdue[19].person.full_name)}: Engagement" in first
    assert f"{escape(overdue[20].person.full_name)}: Engagement" not in first
    text = second.content.decode()
    assert text.count(": Engagement basics, due") == 5
    assert f"{escape(overdue[20].person.full_name)}: Engagement" in text
    # The overdue list's links keep the other list's page.
    assert "mentors=1&amp;overdue=1" in text
    assert second.context["overdue"]["page"].number == 2


def _finished(course, person, trainer, *, due_in_days: int) -> Assignment:
    """An assignment the person has marked finished; it waits for a trainer."""
    (assignment,) = services.assignments_create(
        course=course, people=[person], due_date=timezone.localdate(), actor=trainer
    )
    services.assignment_progress(
        assignment_id=assignment.pk, actor=person, finished=True
    )
    Assignment.objects.filter(pk=assignment.pk).update(
        due_date=timezone.localdate() + timedelta(days=due_in_days)
    )
    return assignment


def test_dashboard_lists_everyone_awaiting_confirmation_and_confirms_them(
    client, trainer, course, civil_servant, mentor, organisation
):
    from accounts.roles import Role
    from tests.accounts.factories import give_role
    from training.selectors import awaiting_confirmation_by, trainer_dashboard

    not_yet_due = _finished(course, civil_servant, trainer, due_in_days=20)
    overdue = _finished(course, mentor, trainer, due_in_days=-3)
    other_trainer = give_role(
        UserFactory(organisation=organisation), Role.TRAINER, scope_over=[organisation]
    )
    own = _finished(course, trainer, other_trainer, due_in_days=5)
    client.force_login(trainer)

    (row,) = trainer_dashboard(trainer, today=timezone.localdate())
    page = client.get("/training/manage/").content.decode()

    # Oldest due first, never their own.
    assert list(awaiting_confirmation_by(trainer)) == [overdue, not_yet_due]
    assert (row.awaiting_confirmation, row.overdue) == (2, 1)
    assert "Awaiting your confirmation (2)" in page
    assert "(finished, waiting for a trainer to confirm)" in page  # the overdue one
    assert f'action="/training/assignments/{not_yet_due.pk}/confirm/"' in page
    assert f'action="/training/assignments/{own.pk}/confirm/"' not in page
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/training/manage/dashboard.csv").content.decode())
        )
    )
    assert rows[0]["awaiting_confirmation"] == "2"

    response = client.post(
        f"/training/assignments/{not_yet_due.pk}/confirm/", follow=True
    )

    assert f"Completion confirmed for {civil_servant}" in response.content.decode()
    assert "Awaiting your confirmation (1)" in response.content.decode()
    not_yet_due.refresh_from_db()
    assert not_yet_due.status == Assignment.Status.COMPLETED
    assert not_yet_due.confirmed_by == trainer


def test_dashboard_query_count_does_not_grow_with_courses_awaiting_confirmation(
    client, trainer, course, organisation, queries
):
    def finished_by(n: int) -> None:
        for _ in range(n):
            _finished(
                course, UserFactory(organisation=organisation), trainer, due_in_days=9
            )

    finished_by(1)
    client.force_login(trainer)
    client.get("/training/manage/")
    with queries() as few:
        client.get("/training/manage/")
    finished_by(12)
    with queries() as many:
        response = client.get("/training/manage/")

    assert "Awaiting your confirmation (13)" in response.content.decode()
    assert len(many) == len(few)


def test_my_training_shows_my_level_and_what_is_missing(
    client, editor, trainer, course, civil_servant
):
    from tests.guidelines.helpers import publish_principles

    publish_principles(editor)
    services.assignments_create(
        course=course,
        people=[civil_servant],
        due_date=timezone.localdate() + timedelta(days=3),
        actor=trainer,
    )
    client.force_login(civil_servant)

    content = client.get("/training/").content.decode()

    assert "0: not ready" in content
    assert "Acknowledge the current principles" in content
    assert "Engagement basics" in content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"goals": ""}, "This field is required."),
        ({"end_date": "2001-01-01"}, "today or later"),
        ({"end_date": "soon"}, "Enter a valid date."),
        ({"mentor": "999999"}, "Select a valid choice."),
        ({"mentee": "{self}"}, "cannot mentor themselves"),
        (
            {"mentee": "{other}"},
            "Select a valid choice.",
        ),  # outside the trainer's scope
    ],
)
def test_bad_pairings_are_a_400_and_pair_nobody(
    client, trainer, mentor, civil_servant, other_org_civil_servant, data, message
):
    client.force_login(trainer)
    form = {
        "mentor": mentor.pk,
        "mentee": civil_servant.pk,
        "goals": "g",
        "end_date": NEXT_MONTH,
    }
    for key, value in data.items():
        form[key] = str(value).format(self=mentor.pk, other=other_org_civil_servant.pk)

    response = client.post("/training/mentoring/new/", form)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Mentoring.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"level": "7", "reason": "r"}, "Select a valid choice."),
        ({"level": "abc", "reason": "r"}, "Select a valid choice."),
        ({"level": "0", "reason": ""}, "This field is required."),
        ({"level": "0", "reason": "x" * 501}, "at most 500 characters"),
    ],
)
def test_bad_level_decisions_are_a_400_and_change_nothing(
    client, trainer, civil_servant, data, message
):
    client.force_login(trainer)

    response = client.post(f"/training/people/{civil_servant.pk}/level/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LevelDecision.objects.exists()


def test_bad_sign_off_is_a_400(client, pairing, mentor):
    client.force_login(mentor)

    response = client.post(
        f"/training/mentoring/{pairing.pk}/sign-off/", {"level": "1"}
    )

    assert response.status_code == 400
    pairing.refresh_from_db()
    assert pairing.signed_off_level is None


@pytest.mark.parametrize("value", ["-1", "21", "many", ""])
def test_bad_capacity_is_refused_with_a_message(client, trainer, mentor, value):
    from training.models import MentorCapacity

    client.force_login(trainer)

    response = client.post(
        f"/training/mentors/{mentor.pk}/capacity/", {"max_mentees": value}, follow=True
    )

    assert "Enter a maximum between 0 and 20 mentees." in response.content.decode()
    assert not MentorCapacity.objects.exists()


def test_capacity_for_someone_outside_scope_is_a_404(
    client, trainer, other_org_civil_servant
):
    client.force_login(trainer)

    assert (
        client.post(
            f"/training/mentors/{other_org_civil_servant.pk}/capacity/",
            {"max_mentees": 5},
        ).status_code
        == 404
    )


def test_another_mentee_cannot_read_someone_elses_session_notes(
    client, trainer, pairing, organisation
):
    other_mentee = UserFactory(organisation=organisation)
    services.mentoring_create(
        mentor=mentor_in(organisation),
        mentee=other_mentee,
        goals="g",
        end_date=timezone.localdate() + timedelta(days=9),
        actor=trainer,
    )
    MentoringSession.objects.create(
        mentoring=pairing,
        held_on=timezone.localdate(),
        notes="Private",
        logged_by=pairing.mentor,
    )
    client.force_login(other_mentee)

    assert client.get(f"/training/mentoring/{pairing.pk}/").status_code == 404


def test_a_trainer_cannot_set_requirements_for_another_organisation(
    client, trainer, other_organisation
):
    client.force_login(trainer)

    response = client.post(
        "/training/courses/",
        {
            "organisation": other_organisation.pk,
            "title": "T",
            "summary": "S",
            "format": "workshop",
            "expected_minutes": 30,
            "required_for_level": 1,
        },
    )

    assert response.status_code == 400
    assert not Course.objects.exists()


def test_a_trainer_cannot_edit_government_wide_or_other_organisations_courses(
    client, trainer, other_organisation
):
    everyone = Course.objects.create(
        title="All",
        summary="s",
        format="workshop",
        expected_minutes=5,
        required_for_level=1,
        created_by=trainer,
    )
    theirs = Course.objects.create(
        title="Theirs",
        summary="s",
        format="workshop",
        expected_minutes=5,
        organisation=other_organisation,
        created_by=trainer,
    )
    client.force_login(trainer)

    for course in (everyone, theirs):
        assert client.get(f"/training/courses/{course.pk}/edit/").status_code == 404
        assert (
            client.post(
                f"/training/courses/{course.pk}/edit/", {"title": "Hacked"}
            ).status_code
            == 404
        )
    assert not Course.objects.filter(title="Hacked").exists()


def test_my_training_offers_progress_buttons_and_the_overdue_tag_while_open(
    client, civil_servant
):
    def assignment(title: str, status: str, due_in_days: int) -> None:
        AssignmentFactory(
            course__title=title,
            person=civil_servant,
            due_date=timezone.localdate() + timedelta(days=due_in_days),
            status=status,
        )

    assignment("New one", Assignment.Status.ASSIGNED, -1)
    assignment("Started one", Assignment.Status.IN_PROGRESS, 5)
    assignment("Finished one", Assignment.Status.AWAITING_CONFIRMATION, 5)
    assignment("Done one", Assignment.Status.COMPLETED, -1)
    client.force_login(civil_servant)

    page = client.get("/training/").content.decode()

    started = re.findall(r"Mark as started<span[^>]*>: ([^<]+)<", page)
    finished = re.findall(r"Mark as finished<span[^>]*>: ([^<]+)<", page)
    assert started == ["New one"]
    assert finished == ["New one", "Started one"]
    assert page.count("Overdue</strong>") == 1  # not the completed one


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/training/assign/", {"people": "{me}", "due_date": "2099-01-01"}),
        ("/training/mentoring/new/", {"mentor": "{me}", "mentee": "{other}"}),
        ("/training/mentoring/new/", {"mentor": "{other}", "mentee": "{me}"}),
    ],
)
def test_trainers_forms_never_offer_themselves_and_refuse_them_as_a_form_error(
    client, trainer, civil_servant, course, path, data
):
    client.force_login(trainer)
    page = client.get(path).content.decode()
    values = {"me": trainer.pk, "other": civil_servant.pk}
    sent = {
        "course": course.pk,
        "goals": "Level 2",
        "end_date": "2099-01-01",
        **{k: v.format(**values) for k, v in data.items()},
    }

    response = client.post(path, sent)

    assert f'value="{trainer.pk}"' not in page
    assert f'value="{civil_servant.pk}"' in page
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Assignment.objects.filter(person=trainer).exists()
    assert not Mentoring.objects.exists()


@pytest.mark.parametrize(
    ("persona", "linked"), [("trainer", True), ("civil_servant", False)]
)
def test_my_training_links_the_trainers_pages_for_trainers_only(
    request, client, persona, linked
):
    client.force_login(request.getfixturevalue(persona))

    page = client.get("/training/").content.decode()

    assert ('href="/training/manage/"' in page) is linked
