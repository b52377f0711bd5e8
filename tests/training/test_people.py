"""The trainer's People page and its CSV: everyone they train, filtered,
paged, scoped to their organisations."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from tests.accounts.factories import UserFactory
from tests.guidelines.helpers import publish_principles
from tests.training.factories import AssignmentFactory, CourseFactory
from training import services
from training.models import Assignment, GrantedLevel

pytestmark = pytest.mark.django_db

PEOPLE, CSV = "/training/people/", "/training/people.csv"


def names_on(response) -> list[str]:
    """The people a CSV download lists, in order."""
    rows = csv.DictReader(io.StringIO(response.content.decode()))
    return [row["name"] for row in rows]


def test_people_lists_everyone_the_trainer_trains_and_nobody_else(
    client, trainer, civil_servant, mentor, other_org_civil_servant
):
    client.force_login(trainer)

    page = client.get(PEOPLE).content.decode()
    download = client.get(CSV)

    staff = list(
        User.objects.filter(organisation=trainer.organisation)
        .exclude(pk=trainer.pk)  # nobody levels or pairs themselves
        .order_by("full_name", "pk")
    )
    assert names_on(download) == [p.full_name for p in staff]
    assert f'href="/training/people/{trainer.pk}/"' not in page
    for person in staff:
        assert escape(person.full_name) in page
    assert other_org_civil_servant.full_name not in page
    assert other_org_civil_servant.full_name not in download.content.decode()
    assert f'href="/training/people/{civil_servant.pk}/"' in page


@pytest.fixture
def cases(trainer, mentor, organisation):
    """One person for each filter, with nothing else that any other filter
    selects (made through the services, so their standings are stored)."""
    today = timezone.localdate()
    people = {
        name: UserFactory(organisation=organisation, full_name=name)
        for name in ("Overdue Olu", "Mentored Mo", "Old Hand", "Finished Fay")
    }
    services.levels_recompute(person_ids=[p.pk for p in people.values()])
    AssignmentFactory(person=people["Overdue Olu"], due_date=today - timedelta(1))
    AssignmentFactory(
        person=people["Finished Fay"],
        due_date=today + timedelta(9),
        status=Assignment.Status.AWAITING_CONFIRMATION,
        completed_at=timezone.now(),
    )
    services.mentoring_create(
        mentor=mentor,
        mentee=people["Mentored Mo"],
        goals="g",
        end_date=today + timedelta(30),
        actor=trainer,
    )
    # Everyone else joined long ago: "new joiners" are the three just made.
    User.objects.exclude(pk__in=[p.pk for p in people.values()]).update(
        date_joined=timezone.now() - timedelta(days=90)
    )
    User.objects.filter(pk=people["Old Hand"].pk).update(
        date_joined=timezone.now() - timedelta(days=90)
    )
    return people


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"overdue": "on"}, ["Overdue Olu"]),
        ({"awaiting_confirmation": "on"}, ["Finished Fay"]),
        ({"q": "mentored"}, ["Mentored Mo"]),
        ({"q": "OLD", "no_mentor": "on"}, ["Old Hand"]),
        ({"q": "Mentored", "no_mentor": "on"}, []),
        ({"new_joiners": "on"}, ["Finished Fay", "Mentored Mo", "Overdue Olu"]),
    ],
)
def test_people_filters_select_exactly_who_they_say(
    client, trainer, cases, filters, expected
):
    client.force_login(trainer)

    page = client.get(PEOPLE, filters)
    download = client.get(CSV, filters)

    assert page.status_code == 200
    assert names_on(download) == expected
    for name in cases:
        assert (name in page.content.decode()) == (name in expected), name


def test_people_filter_by_stored_level_and_the_row_says_what_they_lack(
    client, trainer, editor, civil_servant, organisation
):
    publish_principles(editor)
    course = CourseFactory(title="Replying well", required_for_level=1)
    GrantedLevel.objects.create(person=civil_servant, level=1)
    services.levels_recompute_everyone()
    client.force_login(trainer)

    at_zero = client.get(PEOPLE, {"level": 0, "q": civil_servant.full_name})
    at_one = client.get(CSV, {"level": 1, "q": civil_servant.full_name})
    rows = list(csv.DictReader(io.StringIO(client.get(CSV).content.decode())))

    assert civil_servant.full_name in at_zero.content.decode()
    assert names_on(at_one) == []
    row = next(r for r in rows if r["name"] == civil_servant.full_name)
    assert (row["level"], row["working_towards"]) == ("0", "1")
    assert row["lacking"] == (
        f"acknowledge the current principles; complete {course.title}"
    )
    assert (
        "For level 1: acknowledge the current principles, complete Replying well"
        in (at_zero.content.decode())
    )


def test_people_pages_fifty_at_a_time_in_the_same_queries(
    client, trainer, organisation, queries
):
    client.force_login(trainer)
    client.get(PEOPLE)
    with queries() as few:
        client.get(PEOPLE)
    more = [UserFactory(organisation=organisation) for _ in range(60)]
    for person in more[:30]:
        AssignmentFactory(
            person=person, due_date=timezone.localdate() - timedelta(days=1)
        )
    services.levels_recompute_everyone()
    with queries() as many:
        first = client.get(PEOPLE).content.decode()
    second = client.get(PEOPLE, {"page": 2}).content.decode()

    assert len(many) == len(few)
    assert first.count('href="/training/people/') == 50
    assert 'aria-label="Pages of people"' in first
    total = User.objects.filter(organisation=organisation).count() - 1  # not me
    assert second.count('href="/training/people/') == total - 50
    assert f"{total} people." in first


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("organisation", "{other}", "Select a valid choice"),
        ("organisation", "not-a-number", "Select a valid choice"),
        ("level", "7", "Select a valid choice"),
        ("level", "<b>1</b>", "Select a valid choice"),
        ("q", "x" * 201, "at most 200 characters"),
    ],
)
@pytest.mark.parametrize("path", [PEOPLE, CSV])
def test_people_refuses_bad_filters_with_a_message_tied_to_the_field(
    client, trainer, other_organisation, field, value, message, path
):
    client.force_login(trainer)
    value = value.format(other=other_organisation.pk)

    response = client.get(path, {field: value, "overdue": "on"})

    page = response.content.decode()
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in page
    assert f'href="#id_{field}"' in page  # the error summary links the field
    # What was typed is kept: the other filter is still ticked.
    assert re.search(r'<input[^>]*name="overdue"[^>]*checked', page)


def test_people_search_keeps_hostile_text_as_text(client, trainer):
    client.force_login(trainer)

    response = client.get(PEOPLE, {"q": '<script>alert("x")</script>\x07'})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in page
    assert escape('<script>alert("x")</script>') in page
    assert "\x07" not in page  # control characters are stripped on the way in
    assert "Nobody matches" in page
