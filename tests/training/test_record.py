"""A person's training record, the requirements a level asks for (all at
once), declined completions, and the standing a mentor must hold."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.guidelines.helpers import publish_principles
from tests.training.factories import AssignmentFactory, CourseFactory, at_level
from training import selectors, services
from training.models import Assignment, GrantedLevel, LevelDecision, Mentoring

pytestmark = pytest.mark.django_db

IN_A_MONTH = timezone.localdate() + timedelta(days=30)


def record_url(person) -> str:
    return f"/training/people/{person.pk}/"


@pytest.fixture
def finished(trainer, civil_servant):
    """A workshop the civil servant marked finished, for a trainer to confirm."""
    course = CourseFactory(title="Handling hostility", organisation=None)
    (assignment,) = services.assignments_create(
        course=course, people=[civil_servant], due_date=IN_A_MONTH, actor=trainer
    )
    services.assignment_progress(
        assignment_id=assignment.pk, actor=civil_servant, finished=True
    )
    return assignment


# The record -----------------------------------------------------------------


def test_the_record_shows_assignments_mentoring_practice_and_level_history(
    client, trainer, civil_servant, pairing, finished, mentor
):
    services.mentoring_session_log(
        mentoring_id=pairing.pk,
        held_on=timezone.localdate(),
        notes="Talked about tone",
        actor=mentor,
    )
    services.level_set(
        person=civil_servant, level=0, reason="Posted without review", actor=trainer
    )
    client.force_login(trainer)

    page = client.get(record_url(civil_servant)).content.decode()

    assert "Handling hostility" in page
    assert "Waiting for a trainer to confirm" in page
    assert "by Tom Okafor" in page  # who assigned it
    assert "Morgan Lee" in page and "Session on" in page
    assert "level 1 → 0, by Tom Okafor. Reason: Posted without review" in page


def test_the_record_of_someone_outside_the_trainers_organisations_is_a_404(
    client, trainer, other_org_civil_servant, civil_servant
):
    client.force_login(trainer)

    assert client.get(record_url(other_org_civil_servant)).status_code == 404
    assert client.get("/training/people/999999/").status_code == 404
    assert client.get(record_url(trainer)).status_code == 404  # not their own


@pytest.mark.parametrize("persona", ["civil_servant", "mentor", "press_officer"])
def test_only_trainers_open_a_training_record(request, client, persona, civil_servant):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(record_url(civil_servant)).status_code == 403


def test_the_record_page_takes_a_constant_number_of_queries(
    client, trainer, civil_servant, mentor, queries
):
    def more(n):
        for _ in range(n):
            AssignmentFactory(person=civil_servant, assigned_by=trainer)
            services.level_set(
                person=civil_servant, level=1, reason="Again", actor=trainer
            )

    client.force_login(trainer)
    more(1)
    client.get(record_url(civil_servant))
    with queries() as few:
        client.get(record_url(civil_servant))
    more(5)
    with queries() as many:
        client.get(record_url(civil_servant))

    assert len(many) == len(few)


# Requirements, all at once ----------------------------------------------------


def test_a_refused_raise_names_every_requirement_not_met_at_once(
    trainer, civil_servant, settings
):
    settings.PRACTICE_REPLIES_REQUIRED = {1: 0, 2: 1}
    CourseFactory(title="Basics", required_for_level=1, organisation=None)
    CourseFactory(title="Hostility", required_for_level=2, organisation=None)

    with pytest.raises(ValidationError) as refusal:
        services.level_set(person=civil_servant, level=2, reason="r", actor=trainer)

    message = refusal.value.message_dict["level"][0]
    assert "Complete “Basics”" in message
    assert "Complete “Hostility”" in message
    assert "1 practice reply approved by a mentor (0 so far)" in message
    assert "A mentor's sign-off as ready for level 2" in message
    assert GrantedLevel.objects.filter(person=civil_servant).first() is None


def test_the_record_lists_each_requirement_for_the_next_level_met_or_not(
    client, trainer, civil_servant, pairing, mentor, editor
):
    publish_principles(editor)  # not acknowledged: a requirement not met
    course = CourseFactory(title="Basics", required_for_level=2, organisation=None)
    AssignmentFactory(
        course=course, person=civil_servant, status=Assignment.Status.COMPLETED
    )
    services.mentoring_sign_off(mentoring_id=pairing.pk, level=2, actor=mentor)
    services.levels_recompute(person_ids=[civil_servant.pk])
    client.force_login(trainer)

    page = client.get(record_url(civil_servant)).content.decode()

    requirements = page.split('id="requirements"')[1].split('id="decide"')[0]
    assert "What level 1 needs" in requirements  # granted 1, but not acknowledged
    assert "Not met</strong> Acknowledge the current principles" in requirements
    assert "Complete" not in requirements  # Basics is for level 2


def test_the_person_sees_every_requirement_for_the_next_level_with_links(
    client, civil_servant, mentor, pairing
):
    course = CourseFactory(
        title="Hostility",
        required_for_level=2,
        organisation=None,
        link="https://learning.example.gov.uk/hostility",
    )
    client.force_login(civil_servant)

    page = client.get("/training/").content.decode()

    assert "To reach level 2" in page
    assert 'href="https://learning.example.gov.uk/hostility"' in page
    assert f"Complete “{course.title}”" in page
    assert "A mentor&#x27;s sign-off as ready for level 2" in page


def test_the_person_sees_their_trainers_latest_reason(client, trainer, civil_servant):
    services.level_set(
        person=civil_servant, level=0, reason="Posted without review", actor=trainer
    )
    client.force_login(civil_servant)

    page = client.get("/training/").content.decode()

    assert "Posted without review" in page
    assert "Tom Okafor" in page


# Declining a claimed completion --------------------------------------------


def test_a_trainer_sends_a_claimed_completion_back_with_a_reason(
    client, trainer, civil_servant, finished
):
    client.force_login(trainer)

    response = client.post(
        f"/training/assignments/{finished.pk}/decline/",
        {f"decline-{finished.pk}-reason": "Attend the second half too"},
    )

    assert response.status_code == 302
    finished.refresh_from_db()
    assert finished.status == Assignment.Status.IN_PROGRESS
    assert finished.decline_reason == "Attend the second half too"
    assert finished.declined_by == trainer
    told = Notification.objects.get(recipient=civil_servant, kind="training.declined")
    assert "Attend the second half too" in told.context["message"]
    # They can mark it finished again.
    services.assignment_progress(
        assignment_id=finished.pk, actor=civil_servant, finished=True
    )
    finished.refresh_from_db()
    assert finished.status == Assignment.Status.AWAITING_CONFIRMATION


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("x" * 501, "at most 500 characters"),
        ("\x00\x07\x1b", "This field is required."),  # control characters only
    ],
)
def test_a_decline_without_a_good_reason_is_a_400_and_changes_nothing(
    client, trainer, finished, reason, message
):
    client.force_login(trainer)

    response = client.post(
        f"/training/assignments/{finished.pk}/decline/",
        {f"decline-{finished.pk}-reason": reason},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'href="#id_decline-{finished.pk}-reason"' in page  # the summary links
    finished.refresh_from_db()
    assert finished.status == Assignment.Status.AWAITING_CONFIRMATION
    assert finished.decline_reason == ""


def test_declining_someone_elses_or_a_missing_assignment_is_a_404(
    client, other_org_press_officer, trainer, other_org_civil_servant
):
    theirs = AssignmentFactory(
        person=other_org_civil_servant, status=Assignment.Status.AWAITING_CONFIRMATION
    )
    client.force_login(trainer)

    for pk in (theirs.pk, 999999):
        response = client.post(
            f"/training/assignments/{pk}/decline/", {f"decline-{pk}-reason": "No"}
        )
        assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Assignment.Status.AWAITING_CONFIRMATION


def test_a_completed_course_cannot_be_declined(trainer, finished):
    services.assignment_confirm(assignment_id=finished.pk, actor=trainer)

    with pytest.raises(Exception, match="already confirmed as completed"):
        services.assignment_decline(
            assignment_id=finished.pk, reason="Too late", actor=trainer
        )


def test_nobody_declines_their_own_claimed_completion(trainer, organisation):
    own = AssignmentFactory(
        person=trainer, status=Assignment.Status.AWAITING_CONFIRMATION
    )

    with pytest.raises(PermissionDenied):
        services.assignment_decline(assignment_id=own.pk, reason="r", actor=trainer)


# A mentor's standing --------------------------------------------------------


def test_the_record_of_someone_without_a_mentor_links_to_pairing_them(
    client, trainer, civil_servant
):
    client.force_login(trainer)

    page = client.get(record_url(civil_servant)).content.decode()
    form = client.get(f"/training/mentoring/new/?mentee={civil_servant.pk}")
    mentee_choices = (
        form.content.decode().split('name="mentee"')[1].split("</select>")[0]
    )

    assert f'href="/training/mentoring/new/?mentee={civil_servant.pk}"' in page
    assert f'value="{civil_servant.pk}" selected' in mentee_choices


def test_the_record_of_someone_with_a_mentor_offers_no_second_pairing(
    client, trainer, civil_servant, pairing
):
    client.force_login(trainer)

    page = client.get(record_url(civil_servant)).content.decode()

    assert "/training/mentoring/new/?mentee=" not in page


def test_pairing_from_a_guessed_mentee_id_selects_nobody(
    client, trainer, civil_servant, other_org_civil_servant
):
    client.force_login(trainer)

    form = client.get(f"/training/mentoring/new/?mentee={other_org_civil_servant.pk}")
    page = form.content.decode()

    assert form.status_code == 200
    assert "selected" not in page.split('name="mentee"')[1].split("</select>")[0]
    assert other_org_civil_servant.full_name not in page


def test_pair_offers_as_mentors_only_people_at_level_2_or_above(
    client, trainer, mentor, civil_servant
):
    client.force_login(trainer)

    page = client.get("/training/mentoring/new/").content.decode()
    mentor_choices = page.split('name="mentor"')[1].split("</select>")[0]

    assert "Morgan Lee" in mentor_choices
    assert "Alex Smith" not in mentor_choices  # level 1
    assert "Tom Okafor" not in mentor_choices  # the trainer themselves


def test_pairing_a_mentor_below_level_2_is_a_form_error_not_a_403(
    client, trainer, civil_servant
):
    mentee = UserFactory(organisation=civil_servant.organisation)
    client.force_login(trainer)

    response = client.post(
        "/training/mentoring/new/",
        {
            "mentor": civil_servant.pk,
            "mentee": mentee.pk,
            "goals": "Keep going",
            "end_date": IN_A_MONTH.isoformat(),
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "Keep going" in page  # what they typed is kept
    assert not Mentoring.objects.exists()


def test_the_service_refuses_a_mentor_below_level_2_on_the_mentor_field(
    trainer, civil_servant
):
    mentee = UserFactory(organisation=civil_servant.organisation)

    with pytest.raises(ValidationError) as refusal:
        services.mentoring_create(
            mentor=civil_servant,
            mentee=mentee,
            goals="g",
            end_date=IN_A_MONTH,
            actor=trainer,
        )

    assert refusal.value.message_dict["mentor"] == [
        "Alex Smith is at level 1: a mentor must hold level 2 or above."
    ]
    assert not Mentoring.objects.exists()


def test_the_least_level_of_a_mentor_is_a_setting(settings, trainer, civil_servant):
    settings.MENTOR_MIN_LEVEL = 1
    mentee = UserFactory(organisation=civil_servant.organisation)
    services.levels_recompute(person_ids=[civil_servant.pk])

    services.mentoring_create(
        mentor=civil_servant,
        mentee=mentee,
        goals="g",
        end_date=IN_A_MONTH,
        actor=trainer,
    )

    assert Mentoring.objects.get().mentor == civil_servant


def test_a_mentor_signs_off_only_up_to_their_own_level(
    client, pairing, mentor, civil_servant
):
    client.force_login(mentor)

    response = client.post(f"/training/mentoring/{pairing.pk}/sign-off/", {"level": 3})

    assert response.status_code == 400
    assert (
        "You hold level 2: you can sign off up to level 2 only."
        in response.content.decode()
    )
    pairing.refresh_from_db()
    assert pairing.signed_off_level is None
    at_level(mentor, 3)
    services.mentoring_sign_off(mentoring_id=pairing.pk, level=3, actor=mentor)
    pairing.refresh_from_db()
    assert pairing.signed_off_level == 3


# Administrators place the first mentors --------------------------------------


def test_an_administrator_places_a_person_at_a_level_without_a_sign_off(
    admin_user, civil_servant
):
    services.level_place(
        person=civil_servant, level=2, reason="Our first mentor", actor=admin_user
    )

    assert selectors.effective_level(civil_servant) == 2
    decision = LevelDecision.objects.get(person=civil_servant)
    assert (decision.new_level, decision.decided_by) == (2, admin_user)


@pytest.mark.parametrize("persona", ["trainer", "press_officer", "civil_servant"])
def test_only_administrators_place_levels(request, persona, mentor):
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.level_place(person=mentor, level=3, reason="r", actor=actor)

    assert not LevelDecision.objects.exists()
