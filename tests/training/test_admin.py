"""Training in the Django admin: administrators add courses (for every
organisation too) and place people at a level; saves go through the
services, so stored levels and automatic assignments follow."""

import pytest

from tests.accounts.factories import UserFactory
from training.models import Assignment, Course, LevelDecision, LevelStanding

pytestmark = pytest.mark.django_db

COURSES, DECISIONS = "/admin/training/course/", "/admin/training/leveldecision/"


def course_form(**overrides):
    data = {
        "organisation": "",
        "title": "Principles in practice",
        "summary": "What the principles mean day to day",
        "format": "e_learning",
        "expected_minutes": "45",
        "required_for_level": "1",
        "self_confirmed": "on",
        "link": "https://learning.example.gov.uk/principles",
    }
    data.update(overrides)
    return data


def test_a_course_for_every_organisation_added_in_the_admin_reaches_everyone(
    client, admin_user, civil_servant, other_org_civil_servant
):
    client.force_login(admin_user)

    response = client.post(f"{COURSES}add/", course_form())

    assert response.status_code == 302
    course = Course.objects.get()
    assert (course.organisation, course.created_by) == (None, admin_user)
    # Everyone is recomputed after commit; here, by hand, as the task would.
    from training.services import levels_recompute_everyone

    levels_recompute_everyone()
    assert set(
        Assignment.objects.filter(course=course).values_list("person", flat=True)
    ) >= {civil_servant.pk, other_org_civil_servant.pk}
    assert LevelStanding.objects.get(person=civil_servant).level == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"link": "http://learning.example.gov.uk/"}, "Enter an https:// address."),
        ({"expected_minutes": "lots"}, "Enter a whole number."),
        ({"organisation": "999999"}, "Select a valid choice."),
    ],
)
def test_bad_course_input_in_the_admin_saves_nothing(
    client, admin_user, overrides, message
):
    client.force_login(admin_user)

    response = client.post(f"{COURSES}add/", course_form(**overrides))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Course.objects.exists()


def test_an_administrator_places_a_first_mentor_in_the_admin(
    client, admin_user, organisation
):
    person = UserFactory(organisation=organisation)
    client.force_login(admin_user)

    response = client.post(
        f"{DECISIONS}add/",
        {"person": person.pk, "new_level": "2", "reason": "Our first mentor"},
    )

    assert response.status_code == 302
    decision = LevelDecision.objects.get(person=person)
    assert (decision.old_level, decision.new_level, decision.decided_by) == (
        1,
        2,
        admin_user,
    )
    assert LevelStanding.objects.get(person=person).level == 2


def test_placing_a_level_without_a_reason_is_refused_and_records_nothing(
    client, admin_user, civil_servant
):
    client.force_login(admin_user)

    response = client.post(
        f"{DECISIONS}add/",
        {"person": civil_servant.pk, "new_level": "3", "reason": ""},
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not LevelDecision.objects.exists()


@pytest.mark.parametrize("persona", ["trainer", "civil_servant", "press_officer"])
def test_only_administrators_reach_training_in_the_admin(request, client, persona):
    client.force_login(request.getfixturevalue(persona))

    for url in (f"{COURSES}add/", f"{DECISIONS}add/"):
        assert client.get(url).status_code in (302, 403)
    assert not Course.objects.exists()


def test_level_decisions_cannot_be_changed_or_deleted(client, admin_user, mentor):
    decision = LevelDecision.objects.create(
        person=mentor, old_level=1, new_level=2, reason="r", decided_by=admin_user
    )
    client.force_login(admin_user)

    response = client.post(f"{DECISIONS}{decision.pk}/change/", {"reason": "rewritten"})

    assert response.status_code == 403
    assert client.post(f"{DECISIONS}{decision.pk}/delete/").status_code == 403
    decision.refresh_from_db()
    assert decision.reason == "r"
