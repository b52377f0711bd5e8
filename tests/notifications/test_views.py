import re

import pytest
from django.core import mail

from notifications.kinds import TEST
from notifications.models import Notification, NotificationPreference
from notifications.services import notify

pytestmark = pytest.mark.django_db

INBOX = "/notifications/"
PREFERENCES = "/notifications/preferences/"


def notifications_for(user, count=1):
    for _ in range(count):
        notify(recipients=[user], kind=TEST.name, url="/notifications/")
    return list(Notification.objects.filter(recipient=user))


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", INBOX),
        ("get", PREFERENCES),
        ("post", "/notifications/read-all/"),
        ("post", "/notifications/1/read/"),
        ("get", "/notifications/1/"),
        ("post", "/notifications/preferences/test/"),
    ],
)
def test_every_page_sends_anonymous_people_to_sign_in(client, method, path):
    response = getattr(client, method)(path)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_inbox_lists_only_ones_own_notifications_newest_first(
    client, civil_servant, other_org_civil_servant
):
    notify(recipients=[civil_servant], kind=TEST.name, context={})
    Notification.objects.update(subject="Older")
    notify(recipients=[civil_servant], kind=TEST.name)
    notify(recipients=[other_org_civil_servant], kind=TEST.name)
    Notification.objects.filter(recipient=other_org_civil_servant).update(
        subject="Someone else's"
    )
    client.force_login(civil_servant)

    content = client.get(INBOX).content.decode()

    assert content.index(TEST.subject) < content.index("Older")
    assert "Someone else" not in content


def test_inbox_paginates(client, civil_servant):
    notifications_for(civil_servant, 25)
    client.force_login(civil_servant)

    first = client.get(INBOX).content.decode()
    second = client.get(INBOX + "?page=2").content.decode()
    nonsense = client.get(INBOX + "?page=abc")

    assert first.count("Mark as read<") == 20
    assert second.count("Mark as read<") == 5
    assert nonsense.status_code == 200


def test_inbox_query_count_does_not_grow_with_rows(client, civil_servant, queries):
    client.force_login(civil_servant)
    notifications_for(civil_servant, 2)
    with queries() as few:
        client.get(INBOX)
    notifications_for(civil_servant, 18)
    with queries() as many:
        client.get(INBOX)

    assert len(many) == len(few)


def test_unread_count_is_in_the_header(client, civil_servant):
    notifications_for(civil_servant, 3)
    client.force_login(civil_servant)

    assert "Notifications (3 unread)" in client.get("/").content.decode()


def test_marking_one_as_read(client, civil_servant):
    (notification,) = notifications_for(civil_servant)
    client.force_login(civil_servant)

    response = client.post(f"/notifications/{notification.pk}/read/")

    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.is_read


def test_another_persons_notification_is_not_found_and_stays_unread(
    client, civil_servant, other_org_civil_servant
):
    (theirs,) = notifications_for(other_org_civil_servant)
    client.force_login(civil_servant)

    response = client.post(f"/notifications/{theirs.pk}/read/")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_mark_read_refuses_get(client, civil_servant):
    (notification,) = notifications_for(civil_servant)
    client.force_login(civil_servant)

    assert client.get(f"/notifications/{notification.pk}/read/").status_code == 405
    notification.refresh_from_db()
    assert not notification.is_read


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(
    client, civil_servant
):
    notify(recipients=[civil_servant], kind=TEST.name, url="/log/")
    notification = Notification.objects.get(recipient=civil_servant)
    client.force_login(civil_servant)

    inbox = client.get(INBOX).content.decode()
    response = client.get(f"/notifications/{notification.pk}/")

    assert f'href="/notifications/{notification.pk}/"' in inbox
    assert (response.status_code, response.url) == (302, "/log/")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_another_persons_notification_is_a_404_and_leaves_it_unread(
    client, civil_servant, mentor
):
    (theirs,) = notifications_for(mentor)
    client.force_login(civil_servant)

    assert client.get(f"/notifications/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_notification_never_opens_another_site(client, civil_servant):
    notify(recipients=[civil_servant], kind=TEST.name, url="https://evil.example/")
    notification = Notification.objects.get(recipient=civil_servant)
    client.force_login(civil_servant)

    response = client.get(f"/notifications/{notification.pk}/")

    assert response.url == INBOX


def test_mark_all_read_touches_only_ones_own(client, civil_servant, mentor):
    notifications_for(civil_servant, 2)
    notifications_for(mentor, 2)
    client.force_login(civil_servant)

    client.post("/notifications/read-all/")

    assert not Notification.objects.filter(
        recipient=civil_servant, read_at=None
    ).exists()
    assert Notification.objects.filter(recipient=mentor, read_at=None).count() == 2


def test_preferences_default_to_immediate_and_can_be_changed(client, civil_servant):
    client.force_login(civil_servant)
    page = client.get(PREFERENCES).content.decode()
    assert 'id="id_email_frequency_0" checked' in page
    assert 'value="immediate"' in page.split('id="id_email_frequency_0"')[0][-200:]

    response = client.post(PREFERENCES, {"email_frequency": "daily_digest"})

    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=civil_servant).email_frequency == (
        "daily_digest"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select how we should email you."),
        ({"email_frequency": ""}, "Select how we should email you."),
        ({"email_frequency": "hourly"}, "Select a valid choice."),
        ({"email_frequency": "<script>alert(1)</script>"}, "Select a valid choice."),
        ({"email_frequency": "x" * 5000}, "Select a valid choice."),
    ],
)
def test_bad_preference_input_is_a_400_with_a_message_and_saves_nothing(
    client, civil_servant, data, message
):
    client.force_login(civil_servant)

    response = client.post(PREFERENCES, data)

    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert "govuk-error-summary" in content
    assert "<script>alert(1)</script>" not in content
    assert not NotificationPreference.objects.exists()


def test_test_notification_reaches_the_inbox_and_email_once_a_minute(
    client, civil_servant, django_capture_on_commit_callbacks
):
    client.force_login(civil_servant)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/notifications/preferences/test/")
        again = client.post("/notifications/preferences/test/", follow=True)

    assert Notification.objects.filter(recipient=civil_servant).count() == 1
    assert len(mail.outbox) == 1
    assert "one test notification a minute" in again.content.decode()


def test_failed_emails_are_visible_to_administrators(client, admin_user, civil_servant):
    Notification.objects.create(
        recipient=civil_servant,
        kind=TEST.name,
        subject="Undeliverable",
        email_status=Notification.Email.FAILED,
        email_last_error="SMTPRecipientsRefused: mailbox unavailable",
    )
    client.force_login(admin_user)

    listing = client.get("/admin/notifications/notification/?email_status=failed")

    assert listing.status_code == 200
    assert "Undeliverable" in listing.content.decode()


def test_the_inbox_dates_are_valid_html_whole_seconds(client, civil_servant):
    notifications_for(civil_servant)
    client.force_login(civil_servant)

    page = client.get(INBOX).content.decode()

    (stamp,) = re.findall(r'<time datetime="([^"]+)"', page)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", stamp)
