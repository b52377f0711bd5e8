"""Required courses assign themselves: to a new joiner, to everyone working
towards a level that comes to require a course, to someone raised towards a
level that needs more; never twice; and self-paced courses people start
themselves."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from notifications.models import Notification
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.training.factories import CourseFactory
from training import services
from training.models import Assignment, Course, LevelStanding, TrainingPolicy

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def assigned(person) -> dict[str, Assignment]:
    return {
        a.course.title: a
        for a in Assignment.objects.filter(person=person).select_related("course")
    }


def told(person) -> list[str]:
    return list(
        Notification.objects.filter(
            recipient=person, kind="training.assigned"
        ).values_list("subject", flat=True)
    )


def test_a_new_joiner_gets_the_courses_their_first_level_requires(
    client, organisation, other_organisation
):
    CourseFactory(
        title="Principles in practice",
        organisation=organisation,
        required_for_level=1,
        self_confirmed=True,
    )
    CourseFactory(title="For everyone", organisation=None, required_for_level=1)
    CourseFactory(
        title="Hostile threads", organisation=organisation, required_for_level=2
    )
    CourseFactory(title="Theirs", organisation=other_organisation, required_for_level=1)
    domain = organisation.email_domains.get().domain

    client.post(
        reverse("account_signup"),
        {
            "full_name": "Jordan Reyes",
            "job_title": "Policy officer",
            "email": f"jordan@{domain}",
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
        },
    )

    joiner = User.objects.get(email=f"jordan@{domain}")
    courses = assigned(joiner)
    assert set(courses) == {"Principles in practice", "For everyone"}
    for assignment in courses.values():
        assert assignment.assigned_by is None  # automatically
        assert assignment.due_date == TODAY + timedelta(days=30)
    due = f"{TODAY + timedelta(days=30):%-d %B %Y}"
    assert sorted(told(joiner)) == [
        f"New training for you: For everyone, due {due}",
        f"New training for you: Principles in practice, due {due}",
    ]


def test_the_days_to_complete_are_the_organisations_setting(organisation):
    TrainingPolicy.objects.create(organisation=organisation, days_to_complete=10)
    CourseFactory(title="Basics", organisation=organisation, required_for_level=1)
    person = UserFactory(organisation=organisation)

    services.levels_recompute(person_ids=[person.pk])

    assert assigned(person)["Basics"].due_date == TODAY + timedelta(days=10)


def test_a_course_that_becomes_required_goes_to_those_working_towards_its_level(
    trainer, civil_servant, mentor, organisation, other_org_civil_servant
):
    inactive = UserFactory(organisation=organisation, is_active=False)
    staff = [civil_servant, mentor, inactive, other_org_civil_servant]
    services.levels_recompute(person_ids=[p.pk for p in staff])
    course = services.course_create(
        actor=trainer,
        organisation=organisation,
        title="Hostile threads",
        summary="s",
        format="workshop",
        expected_minutes=60,
    )
    assert not Assignment.objects.filter(course=course).exists()

    services.course_update(course_id=course.pk, actor=trainer, required_for_level=2)

    # Alex and Tom are at level 1 working towards 2; Morgan holds 2, so now
    # lacks it. Not the inactive, nor another organisation's staff.
    assert set(
        Assignment.objects.filter(course=course).values_list("person", flat=True)
    ) == {civil_servant.pk, mentor.pk, trainer.pk}
    assert len(told(civil_servant)) == 1


def test_raising_someone_assigns_what_the_next_level_needs(
    trainer, mentor, organisation
):
    CourseFactory(
        title="Speaking for us", organisation=organisation, required_for_level=3
    )
    services.levels_recompute(person_ids=[mentor.pk])
    assert "Speaking for us" in assigned(mentor)  # at 2, working towards 3

    person = UserFactory(organisation=organisation)
    services.levels_recompute(person_ids=[person.pk])
    assert "Speaking for us" not in assigned(person)  # working towards 2


def test_recomputing_again_assigns_nothing_twice(organisation):
    CourseFactory(title="Basics", organisation=organisation, required_for_level=1)
    person = UserFactory(organisation=organisation)

    for _ in range(3):
        services.levels_recompute(person_ids=[person.pk])

    assert Assignment.objects.filter(person=person).count() == 1
    assert len(told(person)) == 1


def test_a_trainers_own_assignment_of_the_course_stands(trainer, civil_servant):
    course = CourseFactory(title="Basics", organisation=civil_servant.organisation)
    services.assignments_create(
        course=course,
        people=[civil_servant],
        due_date=TODAY + timedelta(days=3),
        actor=trainer,
    )
    Course.objects.filter(pk=course.pk).update(required_for_level=1)

    services.levels_recompute(person_ids=[civil_servant.pk])

    (assignment,) = Assignment.objects.filter(person=civil_servant)
    assert (assignment.assigned_by, assignment.due_date) == (
        trainer,
        TODAY + timedelta(days=3),
    )


@pytest.mark.django_db(transaction=True)
def test_two_recomputes_of_one_person_at_once_assign_the_course_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    organisation = OrganisationFactory()
    CourseFactory(title="Basics", organisation=organisation, required_for_level=1)
    person = UserFactory(organisation=organisation)
    start = threading.Barrier(2, timeout=10)
    errors = []

    def recompute():
        try:
            start.wait()
            services.levels_recompute(person_ids=[person.pk])
        except Exception as error:  # noqa: BLE001 - the test reports any
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=recompute) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert Assignment.objects.filter(person=person).count() == 1
    assert len(told(person)) == 1
    assert LevelStanding.objects.filter(person=person).count() == 1


def test_assigning_a_newly_required_course_takes_the_same_queries_for_many(
    trainer, organisation, queries
):
    def make_required(n: int) -> int:
        people = [UserFactory(organisation=organisation) for _ in range(n)]
        services.levels_recompute(person_ids=[p.pk for p in people])
        course = CourseFactory(organisation=organisation)
        with queries() as ran:
            services.course_update(
                course_id=course.pk, actor=trainer, required_for_level=1
            )
        assert Assignment.objects.filter(course=course).count() >= n
        Course.objects.filter(pk=course.pk).update(required_for_level=None)
        Assignment.objects.filter(course=course).update(status="completed")
        return len(ran)

    make_required(1)  # warm: the first run reads what later ones have cached
    assert make_required(30) == make_required(2)


# Self-paced courses people start themselves -----------------------------------


@pytest.fixture
def self_paced(organisation):
    return CourseFactory(
        title="Writing for social media",
        organisation=organisation,
        self_confirmed=True,
        format="e_learning",
        link="https://learning.example.gov.uk/social",
    )


def test_a_person_starts_a_self_paced_course_themselves(
    client, civil_servant, self_paced
):
    client.force_login(civil_servant)
    page = client.get("/training/").content.decode()
    assert "Courses you can start yourself" in page
    assert 'href="https://learning.example.gov.uk/social"' in page

    response = client.post(f"/training/courses/{self_paced.pk}/start/", follow=True)

    assignment = assigned(civil_servant)["Writing for social media"]
    assert (assignment.status, assignment.assigned_by) == ("in_progress", civil_servant)
    assert assignment.due_date == TODAY + timedelta(days=30)
    assert "is in your courses" in response.content.decode()
    again = client.post(f"/training/courses/{self_paced.pk}/start/", follow=True)
    assert "You already have" in again.content.decode()
    assert Assignment.objects.filter(person=civil_servant).count() == 1


def test_only_self_paced_courses_of_ones_own_organisation_can_be_started(
    client, civil_servant, other_organisation
):
    workshop = CourseFactory(organisation=civil_servant.organisation)
    theirs = CourseFactory(organisation=other_organisation, self_confirmed=True)
    client.force_login(civil_servant)

    for course in (workshop, theirs):
        assert client.post(f"/training/courses/{course.pk}/start/").status_code == 404
    assert client.post("/training/courses/999999/start/").status_code == 404
    assert client.get(f"/training/courses/{theirs.pk}/start/").status_code == 405
    assert not Assignment.objects.filter(person=civil_servant).exists()


def test_starting_a_course_needs_signing_in(client, self_paced):
    response = client.post(f"/training/courses/{self_paced.pk}/start/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Assignment.objects.exists()
