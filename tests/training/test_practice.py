from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.guidelines.races import conflicting_row_in_flight
from training import selectors, services
from training.levels import compute_level
from training.models import PracticeReply, PracticeScenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(trainer):
    return services.scenario_create(
        title="A wrong figure is spreading",
        thread="<p>They say it cost £9bn!</p><script>x()</script>"
        '<p onclick="y()">Really?</p>',
        situation="You are a policy adviser on the project.",
        actor=trainer,
    )


@pytest.fixture
def pairing(trainer, mentor, civil_servant):
    return services.mentoring_create(
        mentor=mentor,
        mentee=civil_servant,
        goals="Practise",
        end_date=timezone.localdate() + timedelta(days=30),
        actor=trainer,
    )


def test_scenario_threads_are_cleaned(scenario):
    assert "script" not in scenario.thread
    assert "onclick" not in scenario.thread
    assert "£9bn" in scenario.thread


@pytest.mark.parametrize(
    "persona", ["civil_servant", "mentor", "press_officer", "editor"]
)
def test_only_trainers_write_scenarios(request, persona):
    with pytest.raises(PermissionDenied):
        services.scenario_create(
            title="t",
            thread="<p>t</p>",
            situation="s",
            actor=request.getfixturevalue(persona),
        )
    assert not PracticeScenario.objects.exists()


def test_mentor_reviews_a_reply_like_the_press_office(
    scenario, pairing, civil_servant, mentor
):
    reply = services.practice_reply_submit(
        scenario_id=scenario.pk, text="<p>It was £4bn.</p>", actor=civil_servant
    )
    assert Notification.objects.filter(
        recipient=mentor, kind="training.practice_submitted"
    ).exists()

    services.practice_reply_review(
        reply_id=reply.pk, approve=False, comment="Link the source", actor=mentor
    )
    services.practice_reply_submit(
        scenario_id=scenario.pk,
        text="<p>£4bn: see the report.</p>",
        actor=civil_servant,
    )
    reply = services.practice_reply_review(
        reply_id=reply.pk, approve=True, comment="", actor=mentor
    )

    assert reply.status == PracticeReply.Status.APPROVED
    assert selectors.approved_practice_count(civil_servant) == 1
    assert (
        Notification.objects.filter(
            recipient=civil_servant, kind="training.practice_reviewed"
        ).count()
        == 2
    )


def test_asking_for_changes_needs_a_comment(scenario, pairing, civil_servant, mentor):
    reply = services.practice_reply_submit(
        scenario_id=scenario.pk, text="x", actor=civil_servant
    )

    with pytest.raises(ValidationError, match="Say what to change"):
        services.practice_reply_review(
            reply_id=reply.pk, approve=False, comment=" ", actor=mentor
        )


@pytest.mark.parametrize(
    "persona", ["trainer", "press_officer", "civil_servant", "other_mentor"]
)
def test_only_the_trainees_mentor_reviews(
    request, scenario, pairing, civil_servant, persona, organisation
):
    reply = services.practice_reply_submit(
        scenario_id=scenario.pk, text="x", actor=civil_servant
    )
    actor = (
        UserFactory(organisation=organisation)
        if persona == "other_mentor"
        else request.getfixturevalue(persona)
    )

    with pytest.raises(PermissionDenied):
        services.practice_reply_review(
            reply_id=reply.pk, approve=True, comment="", actor=actor
        )
    reply.refresh_from_db()
    assert reply.status == PracticeReply.Status.SUBMITTED


def test_a_reply_with_the_mentor_cannot_be_rewritten(scenario, pairing, civil_servant):
    services.practice_reply_submit(
        scenario_id=scenario.pk, text="first", actor=civil_servant
    )

    with pytest.raises(services.InvalidTransition, match="already with your mentor"):
        services.practice_reply_submit(
            scenario_id=scenario.pk, text="second", actor=civil_servant
        )


@pytest.mark.parametrize(
    ("approved", "required", "level"),
    [(0, {2: 1}, 1), (1, {2: 1}, 2), (0, {1: 1}, 0), (3, {1: 1, 2: 3}, 2)],
)
def test_required_practice_caps_the_level(approved, required, level):
    assert (
        compute_level(
            granted=2,
            acknowledged=True,
            completed_courses=set(),
            required_courses={},
            approved_practice=approved,
            practice_required=required,
        )
        == level
    )


def test_raising_a_level_needs_the_required_practice(settings, trainer, civil_servant):
    settings.PRACTICE_REPLIES_REQUIRED = {1: 0, 2: 1}

    needed = r"1 practice reply approved by a mentor \(0 so far\)"
    with pytest.raises(ValidationError, match=needed):
        services.level_set(person=civil_servant, level=2, reason="Ready", actor=trainer)


def test_practice_pages_keep_replies_between_trainee_mentor_and_trainers(
    client,
    scenario,
    pairing,
    civil_servant,
    mentor,
    trainer,
    other_org_civil_servant,
    press_officer,
):
    client.force_login(civil_servant)
    assert client.get(f"/training/practice/{scenario.pk}/").status_code == 200
    response = client.post(
        f"/training/practice/{scenario.pk}/",
        {"text": "<p>Source: the report</p><script>x()</script>"},
    )
    assert response.status_code == 302
    reply = PracticeReply.objects.get()
    assert "script" not in reply.text

    for outsider in (other_org_civil_servant, press_officer):
        client.force_login(outsider)
        assert client.get(f"/training/practice/replies/{reply.pk}/").status_code == 404
    client.force_login(trainer)
    assert client.get(f"/training/practice/replies/{reply.pk}/").status_code == 200
    assert (
        client.post(
            f"/training/practice/replies/{reply.pk}/", {"decision": "approve"}
        ).status_code
        == 403
    )

    client.force_login(mentor)
    bad = client.post(
        f"/training/practice/replies/{reply.pk}/",
        {"decision": "changes", "comment": ""},
    )
    assert bad.status_code == 400
    assert "Say what to change" in bad.content.decode()
    good = client.post(
        f"/training/practice/replies/{reply.pk}/", {"decision": "approve"}
    )
    assert good.status_code == 302
    reply.refresh_from_db()
    assert reply.status == PracticeReply.Status.APPROVED


@pytest.mark.parametrize(
    ("data", "status"),
    [({"text": ""}, 400), ({"text": "x" * 5001}, 400)],
)
def test_bad_practice_replies_are_a_400(client, scenario, civil_servant, data, status):
    client.force_login(civil_servant)

    assert client.post(f"/training/practice/{scenario.pk}/", data).status_code == status
    assert not PracticeReply.objects.exists()


def test_only_trainers_add_scenarios_through_the_page(client, civil_servant, trainer):
    client.force_login(civil_servant)
    assert (
        client.post(
            "/training/practice/",
            {"title": "t", "thread": "<p>t</p>", "situation": "s"},
        ).status_code
        == 403
    )
    client.force_login(trainer)
    assert (
        client.post(
            "/training/practice/", {"title": "", "thread": "", "situation": ""}
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/training/practice/",
            {"title": "t", "thread": "<p>t</p>", "situation": "s"},
        ).status_code
        == 302
    )
    assert PracticeScenario.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_reply_sent_twice_at_the_same_moment_keeps_the_first(
    client, scenario, pairing, civil_servant, mentor
):
    client.force_login(civil_servant)

    with conflicting_row_in_flight(
        lambda: PracticeReply.objects.create(
            scenario=scenario, trainee=civil_servant, text="<p>First</p>"
        )
    ):
        response = client.post(
            f"/training/practice/{scenario.pk}/", {"text": "Second"}, follow=True
        )

    assert response.status_code == 200
    assert "Your reply is already with your mentor." in response.content.decode()
    assert list(PracticeReply.objects.values_list("text", flat=True)) == [
        "<p>First</p>"
    ]
    assert not Notification.objects.filter(kind="training.practice_submitted").exists()


def test_an_approved_reply_cannot_be_revised_or_reviewed_again(
    scenario, pairing, civil_servant, mentor
):
    reply = services.practice_reply_submit(
        scenario_id=scenario.pk, text="<p>First</p>", actor=civil_servant
    )
    services.practice_reply_review(
        reply_id=reply.pk, approve=True, comment="", actor=mentor
    )

    with pytest.raises(services.InvalidTransition, match="nothing to revise"):
        services.practice_reply_submit(
            scenario_id=scenario.pk, text="<p>Second</p>", actor=civil_servant
        )
    with pytest.raises(services.InvalidTransition, match="already been reviewed"):
        services.practice_reply_review(
            reply_id=reply.pk, approve=False, comment="Hm", actor=mentor
        )
    reply.refresh_from_db()
    assert (reply.status, reply.text) == (PracticeReply.Status.APPROVED, "<p>First</p>")


def test_a_revision_is_sent_again_with_its_new_text_and_time(
    scenario, pairing, civil_servant, mentor
):
    first = services.practice_reply_submit(
        scenario_id=scenario.pk, text="<p>First</p>", actor=civil_servant
    )
    services.practice_reply_review(
        reply_id=first.pk, approve=False, comment="Cite it", actor=mentor
    )

    revised = services.practice_reply_submit(
        scenario_id=scenario.pk, text="<p>Second</p>", actor=civil_servant
    )

    revised.refresh_from_db()
    assert revised.pk == first.pk
    assert revised.status == PracticeReply.Status.SUBMITTED
    assert revised.text == "<p>Second</p>"
    assert revised.submitted_at > first.submitted_at


def test_the_reply_form_shows_only_while_the_trainee_may_send(
    client, scenario, pairing, civil_servant, mentor
):
    page = f"/training/practice/{scenario.pk}/"
    client.force_login(civil_servant)
    assert "Send to my mentor" in client.get(page).content.decode()
    reply = services.practice_reply_submit(
        scenario_id=scenario.pk, text="x", actor=civil_servant
    )
    assert "Send to my mentor" not in client.get(page).content.decode()
    services.practice_reply_review(
        reply_id=reply.pk, approve=False, comment="More", actor=mentor
    )
    assert "Send to my mentor" in client.get(page).content.decode()


def test_the_review_form_shows_to_the_mentor_only_until_they_review(
    client, scenario, pairing, civil_servant, mentor, trainer
):
    reply = services.practice_reply_submit(
        scenario_id=scenario.pk, text="x", actor=civil_servant
    )
    page = f"/training/practice/replies/{reply.pk}/"
    client.force_login(trainer)
    assert "Send review" not in client.get(page).content.decode()
    client.force_login(mentor)
    assert "Send review" in client.get(page).content.decode()

    services.practice_reply_review(
        reply_id=reply.pk, approve=True, comment="", actor=mentor
    )

    assert "Send review" not in client.get(page).content.decode()


def test_the_mentors_home_counts_the_replies_waiting_from_their_mentees_only(
    client, scenario, pairing, civil_servant, mentor, trainer, queries
):
    def home():
        client.force_login(mentor)
        with queries() as ran:
            page = client.get("/").content.decode()
        return page, len(ran.captured_queries)

    unpaired = UserFactory(organisation=civil_servant.organisation)
    services.practice_reply_submit(
        scenario_id=scenario.pk, text="<p>Not mine to review</p>", actor=unpaired
    )
    page, _ = home()
    assert "Practice replies waiting for you" in page
    assert "reply to review" not in page and "replies to review" not in page

    services.practice_reply_submit(
        scenario_id=scenario.pk, text="<p>It was £4bn.</p>", actor=civil_servant
    )
    page, one_mentee = home()
    assert "1 reply to review" in page

    second = UserFactory(organisation=civil_servant.organisation)
    services.mentoring_create(
        mentor=mentor,
        mentee=second,
        goals="Practise",
        end_date=timezone.localdate() + timedelta(days=30),
        actor=trainer,
    )
    services.practice_reply_submit(
        scenario_id=scenario.pk, text="<p>£4bn, I think.</p>", actor=second
    )
    page, two_mentees = home()
    assert "2 replies to review" in page
    assert two_mentees == one_mentee  # counted in the pairings' own query

    reply = PracticeReply.objects.get(trainee=second)
    services.practice_reply_review(
        reply_id=reply.pk, approve=True, comment="", actor=mentor
    )
    assert "1 reply to review" in home()[0]
