import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_home_sends_anonymous_people_to_sign_in(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"


def test_home_refuses_other_methods(client, civil_servant):
    client.force_login(civil_servant)

    assert client.post("/").status_code == 405


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("civil_servant", ["Your work"], ["Press office", "Overdue assignments"]),
        ("press_officer", ["Your work", "Press office"], ["Drafts not yet published"]),
        ("trainer", ["Your work", "Overdue assignments"], ["Review queue"]),
        ("editor", ["Drafts not yet published"], ["Review queue"]),
        ("admin_user", ["Your work"], ["Review queue", "Overdue assignments"]),
    ],
)
def test_home_shows_each_role_its_own_panels(request, client, persona, shown, hidden):
    client.force_login(request.getfixturevalue(persona))

    content = client.get("/").content.decode()

    for text in shown:
        assert text in content
    for text in hidden:
        assert text not in content


def test_press_officer_home_names_the_organisations_covered(client, press_officer):
    client.force_login(press_officer)

    assert "For DfT-test." in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("persona", "admin_link"),
    [("civil_servant", False), ("press_officer", False), ("admin_user", True)],
)
def test_navigation_shows_admin_only_to_administrators(
    request, client, persona, admin_link
):
    client.force_login(request.getfixturevalue(persona))

    content = client.get("/").content.decode()

    assert ('href="/admin/"' in content) is admin_link


def test_unknown_page_is_a_styled_404(client, civil_servant):
    client.force_login(civil_servant)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "govuk-template" in response.content.decode()


@pytest.mark.urls("tests.participation.urls")
def test_an_unexpected_error_is_a_styled_500():
    client = Client(raise_request_exception=False)

    response = client.get("/test/broken/")

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_liveness_answers_without_touching_the_database(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_checks_the_database_and_migrations(client):
    response = client.get("/healthz/ready")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_readiness_fails_when_the_broker_is_unreachable(client, settings):
    from participation.celery import app

    app.conf.task_always_eager = False
    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz/ready")
    finally:
        app.conf.broker_url = original
        app.conf.task_always_eager = True

    assert response.status_code == 503
    assert "broker unavailable" in response.json()["problems"][0]


def test_readiness_fails_when_the_broker_accepts_but_never_answers(client):
    """A broker that hangs (a full backlog, a stuck server) is reported by the
    check's own short timeouts, not waited on for the tasks' longer one."""
    import socket

    from participation.celery import app

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # the kernel completes connections; nothing ever answers
    app.conf.task_always_eager = False
    original = app.conf.broker_url
    app.conf.broker_url = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
    app._pool = None
    try:
        response = client.get("/healthz/ready")
    finally:
        app.conf.broker_url = original
        app.conf.task_always_eager = True
        app._pool = None
        silent.close()

    assert response.status_code == 503
    assert "broker unavailable" in response.json()["problems"][0]


def test_a_stale_form_gets_a_plain_explanation_not_a_bare_403(civil_servant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(civil_servant)

    response = client.post("/accounts/logout/")

    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


def test_home_asks_people_to_acknowledge_new_principles(client, editor, civil_servant):
    from guidelines.services import principles_acknowledge
    from tests.guidelines.helpers import publish_principles

    publish_principles(editor)
    client.force_login(civil_servant)
    assert (
        "Read and acknowledge the current principles"
        in client.get("/").content.decode()
    )

    principles_acknowledge(user=civil_servant)

    assert (
        "Read and acknowledge the current principles"
        not in client.get("/").content.decode()
    )


def test_home_lists_unpublished_drafts_for_editors(client, editor, civil_servant):
    from tests.guidelines.helpers import guidance_page

    guidance_page(editor, slug="draft-guidance", publish=False)

    client.force_login(editor)
    assert "Draft guidance" in client.get("/").content.decode()
    client.force_login(civil_servant)
    assert "Draft guidance" not in client.get("/").content.decode()


def test_home_counts_people_yet_to_acknowledge_for_press_officers(
    client, editor, press_officer, civil_servant
):
    from tests.guidelines.helpers import publish_principles

    publish_principles(editor)
    client.force_login(press_officer)

    assert (
        "have not acknowledged the current principles"
        in client.get("/").content.decode()
    )


def test_home_tells_press_officers_of_suggestions_to_curate(
    client, press_officer, civil_servant
):
    from tests.communities.factories import CommunityFactory

    CommunityFactory(status="suggested", suggested_by=civil_servant)
    client.force_login(press_officer)

    assert (
        "1 suggested community waiting for a decision"
        in client.get("/").content.decode()
    )


def test_home_shows_training_due_and_trainer_counts(client, trainer, civil_servant):
    from datetime import timedelta

    from django.utils import timezone

    from training.models import Course
    from training.services import assignments_create

    course = Course.objects.create(
        title="Basics",
        summary="s",
        format="workshop",
        expected_minutes=5,
        created_by=trainer,
    )
    assignments_create(
        course=course,
        people=[civil_servant],
        due_date=timezone.localdate() + timedelta(days=3),
        actor=trainer,
    )
    client.force_login(civil_servant)
    assert "Basics, due" in client.get("/").content.decode()
    client.force_login(trainer)
    assert "waiting" in client.get("/").content.decode()


def test_home_tells_a_trainer_what_awaits_their_confirmation(
    client, trainer, civil_servant, organisation
):
    from datetime import timedelta

    from django.utils import timezone

    from training.models import Course
    from training.services import assignment_progress, assignments_create

    course = Course.objects.create(
        title="Basics",
        summary="s",
        format="workshop",
        expected_minutes=5,
        created_by=trainer,
        organisation=organisation,
    )
    client.force_login(trainer)
    assert "awaiting your confirmation" not in client.get("/").content.decode()
    (assignment,) = assignments_create(
        course=course,
        people=[civil_servant],
        due_date=timezone.localdate() + timedelta(days=30),
        actor=trainer,
    )
    assignment_progress(assignment_id=assignment.pk, actor=civil_servant, finished=True)

    assert "1 finished, awaiting your confirmation" in client.get("/").content.decode()


def test_the_favicon_is_never_a_404(client):
    response = client.get("/favicon.ico", follow=True)

    assert response.redirect_chain[0][1] == 301
    assert response.status_code == 200
    assert b"<svg" in b"".join(response.streaming_content)


def test_every_page_links_its_icon(client, civil_servant):
    client.force_login(civil_servant)

    assert 'rel="icon"' in client.get("/").content.decode()


def test_pages_are_compressed_for_browsers_that_ask(client, civil_servant):
    client.force_login(civil_servant)

    plain = client.get("/")
    compressed = client.get("/", headers={"accept-encoding": "gzip"})

    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert len(compressed.content) < len(plain.content) / 3
    assert compressed["Vary"].lower().count("accept-encoding") == 1


def test_your_account_links_email_password_two_factor_and_preferences(
    client, press_officer
):
    client.force_login(press_officer)

    home = client.get("/").content.decode()
    page = client.get("/account/").content.decode()

    assert 'href="/account/">Your account' in home
    for path in (
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/notifications/preferences/",
    ):
        assert f'href="{path}"' in page
    assert "Press officer" in page and "Set up" in page


def test_your_account_is_for_signed_in_people(client):
    response = client.get("/account/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_every_model_has_a_plural_people_read():
    from django.apps import apps

    odd = [
        str(model._meta.verbose_name_plural)
        for model in apps.get_models()
        if str(model._meta.verbose_name_plural).endswith(("ys", "ss"))
        and not str(model._meta.verbose_name_plural).endswith(("days", "keys"))
    ]

    assert odd == []


def test_administrators_home_shows_failed_emails_and_role_changes_this_week(
    client, admin_user, civil_servant
):
    from notifications.models import Notification

    Notification.objects.create(
        recipient=civil_servant,
        kind="notifications.test",
        subject="Undeliverable",
        email_status=Notification.Email.FAILED,
    )
    client.force_login(admin_user)

    page = client.get("/").content.decode()

    assert "1 email could not be sent" in page
    assert (
        'href="/admin/notifications/notification/?email_status__exact=failed"' in page
    )
    # The administrator's own role, granted when the persona was made.
    assert re.search(r"\d+ roles? or scopes? granted or revoked", page)


def test_the_administration_panels_are_for_administrators_only(client, press_officer):
    client.force_login(press_officer)

    page = client.get("/").content.decode()

    assert "Emails that failed this week" not in page
    assert "Role changes this week" not in page
