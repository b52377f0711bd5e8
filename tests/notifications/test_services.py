import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from accounts.roles import Role
from core.hooks import Hook
from notifications import services, summaries
from notifications.kinds import TEST
from notifications.models import Notification, NotificationPreference
from notifications.services import Delivery, notify
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def send_test(recipients, **extra):
    return notify(
        recipients=recipients,
        kind=TEST.name,
        context={"message": "Hello <b>there</b>"},
        url="/notifications/",
        **extra,
    )


def make_pending(user, **fields) -> Notification:
    """A notification whose email is pending, written without queueing it."""
    return Notification.objects.create(
        recipient=user, kind=TEST.name, subject="Pending", **fields
    )


class Boom(Exception):
    pass


@pytest.fixture
def failing_email(monkeypatch):
    def fail(notification):
        raise Boom("SMTP said no")

    monkeypatch.setattr(services.emails, "send_notification", fail)


def test_notify_writes_the_inbox_row_and_emails_after_commit(
    civil_servant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = send_test([civil_servant])
        assert mail.outbox == []  # nothing leaves before the commit

    notification.refresh_from_db()
    assert notification.email_status == Notification.Email.SENT
    assert notification.email_attempts == 1
    (email,) = mail.outbox
    assert email.to == [civil_servant.email]
    assert email.subject == f"[Participation portal] {TEST.subject}"
    assert "/notifications/preferences/" in email.body
    html = email.alternatives[0][0]
    assert "Hello &lt;b&gt;there&lt;/b&gt;" in html  # context is escaped, not trusted
    assert "/notifications/preferences/" in html


def test_nothing_is_written_or_sent_when_the_transaction_rolls_back(
    civil_servant, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_test([civil_servant])
        raise RuntimeError("the event failed")

    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_inactive_people_are_not_notified(civil_servant, mentor):
    mentor.is_active = False
    mentor.save()

    rows = send_test([civil_servant, mentor, civil_servant])

    assert [n.recipient for n in rows] == [civil_servant]


def test_unknown_kind_is_a_programming_error(civil_servant):
    with pytest.raises(LookupError, match="register it"):
        notify(recipients=[civil_servant], kind="no.such.kind")


def test_delivering_twice_sends_one_email(civil_servant):
    notification = make_pending(civil_servant)

    first = services.notification_deliver(notification_id=notification.pk)
    second = services.notification_deliver(notification_id=notification.pk)

    assert (first, second) == (Delivery.SENT, Delivery.SKIPPED)
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_for_one_email_send_it_once(civil_servant, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    notification = make_pending(civil_servant)
    both_inside = threading.Barrier(2, timeout=5)
    real_send = services.emails.send_notification

    def slow_send(n):
        real_send(n)
        # Hold the lock until the other worker has tried to take it.
        both_inside.wait()

    monkeypatch.setattr(services.emails, "send_notification", slow_send)
    outcomes = []

    def worker():
        try:
            outcomes.append(
                services.notification_deliver(notification_id=notification.pk)
            )
            if outcomes[-1] == Delivery.SKIPPED:
                both_inside.wait()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [Delivery.SENT, Delivery.SKIPPED]
    assert len(mail.outbox) == 1


def test_a_failed_email_is_retried_later_and_the_error_kept(
    civil_servant, failing_email
):
    notification = make_pending(civil_servant)

    outcome = services.notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert outcome == Delivery.RETRY
    assert notification.email_status == Notification.Email.PENDING
    assert notification.email_attempts == 1
    assert notification.email_last_error == "Boom: SMTP said no"
    assert notification.email_retry_at > timezone.now() + timedelta(seconds=25)


def test_after_the_last_attempt_the_email_is_marked_failed(
    civil_servant, failing_email
):
    notification = make_pending(
        civil_servant, email_attempts=services.MAX_EMAIL_ATTEMPTS - 1
    )

    outcome = services.notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert outcome == Delivery.FAILED
    assert notification.email_status == Notification.Email.FAILED
    assert "SMTP said no" in notification.email_last_error


def test_retry_delays_back_off():
    delays = [services.retry_delay(n).total_seconds() for n in (1, 2, 3, 4)]

    assert delays == [30, 60, 120, 240]


def test_the_sweep_sends_emails_stuck_past_the_grace_period(
    civil_servant, mentor, trainer
):
    old = timezone.now() - services.SWEEP_GRACE - timedelta(seconds=1)
    stuck = make_pending(civil_servant)
    waiting_to_retry = make_pending(
        mentor, email_retry_at=timezone.now() + timedelta(minutes=5)
    )
    just_written = make_pending(trainer)
    Notification.objects.filter(pk__in=[stuck.pk, waiting_to_retry.pk]).update(
        created_at=old
    )

    assert services.notifications_sweep() == 1

    assert [m.to for m in mail.outbox] == [[civil_servant.email]]
    just_written.refresh_from_db()
    assert just_written.email_status == Notification.Email.PENDING


def test_queueing_with_the_broker_down_leaves_the_email_for_the_sweep(
    civil_servant, caplog
):
    from tests.notifications.test_worker import broker_at

    notification = make_pending(civil_servant)
    with broker_at("redis://127.0.0.1:1/0", eager=False):
        services.enqueue_emails([notification.pk])  # must not raise

    notification.refresh_from_db()
    assert notification.email_status == Notification.Email.PENDING
    assert "the sweep will send them" in caplog.text


def choose_digest(user):
    NotificationPreference.objects.create(
        user=user, email_frequency=NotificationPreference.Frequency.DAILY_DIGEST
    )


def test_digest_people_get_one_email_a_day_with_everything(
    press_officer, django_capture_on_commit_callbacks
):
    choose_digest(press_officer)
    with django_capture_on_commit_callbacks(execute=True):
        for community in ["Mumsnet", "Planning forum", "Mumsnet"]:
            send_test(
                [press_officer], organisation_name="DfT-test", community_name=community
            )
        send_test([press_officer])
    assert mail.outbox == []

    assert services.digest_send(user_id=press_officer.pk) == 4
    assert services.digest_send(user_id=press_officer.pk) == 0

    (email,) = mail.outbox
    assert "4 updates" in email.body
    # Grouped by organisation and community, each place once.
    assert email.body.count("DfT-test, Mumsnet") == 1
    assert email.body.count("DfT-test, Planning forum") == 1
    assert "Other updates" in email.body
    assert not Notification.objects.exclude(
        email_status=Notification.Email.SENT
    ).exists()


def test_daily_digest_task_covers_everyone_waiting(civil_servant, mentor):
    from notifications.tasks import send_daily_digests_task

    choose_digest(civil_servant)
    choose_digest(mentor)
    send_test([civil_servant, mentor])

    assert send_daily_digests_task.delay().get() == 2

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [civil_servant.email, mentor.email]
    )


def test_switching_back_to_immediate_sends_what_was_waiting(
    civil_servant, django_capture_on_commit_callbacks
):
    choose_digest(civil_servant)
    send_test([civil_servant])

    with django_capture_on_commit_callbacks(execute=True):
        services.preference_set(user=civil_servant, email_frequency="immediate")

    assert len(mail.outbox) == 1


def test_mark_read_only_reaches_ones_own_notifications(civil_servant, mentor):
    (mine,) = send_test([civil_servant])
    (theirs,) = send_test([mentor])

    services.notification_mark_read(notification_id=mine.pk, actor=civil_servant)
    with pytest.raises(Notification.DoesNotExist):
        services.notification_mark_read(notification_id=theirs.pk, actor=civil_servant)

    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert Notification.objects.get(pk=mine.pk).read_at is not None


def no_summary_sections():
    return {role: Hook("test") for role in (Role.PRESS_OFFICER, Role.TRAINER)}


def test_weekly_summary_sends_nothing_until_an_app_registers_content(
    press_officer, monkeypatch
):
    monkeypatch.setattr(summaries, "WEEKLY_SUMMARIES", no_summary_sections())

    assert summaries.weekly_summaries_send() == 0


def test_weekly_summary_reaches_people_of_the_role_only(
    press_officer,
    trainer,
    civil_servant,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    monkeypatch.setattr(summaries, "WEEKLY_SUMMARIES", no_summary_sections())
    summaries.register_weekly_summary(
        Role.PRESS_OFFICER,
        lambda user: summaries.SummarySection(
            "Review queue", ["3 items waiting"], "/review/"
        ),
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert summaries.weekly_summaries_send() == 1

    (email,) = mail.outbox
    assert email.to == [press_officer.email]
    assert "3 items waiting" in email.body


def test_retrying_failed_emails_gives_them_fresh_attempts(
    civil_servant, django_capture_on_commit_callbacks
):
    failed = make_pending(
        civil_servant, email_status=Notification.Email.FAILED, email_attempts=5
    )
    sent = make_pending(UserFactory(), email_status=Notification.Email.SENT)

    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.notifications_retry_failed(notification_ids=[failed.pk, sent.pk])
            == 1
        )

    failed.refresh_from_db()
    assert failed.email_status == Notification.Email.SENT
    assert len(mail.outbox) == 1


def test_every_try_of_one_email_carries_the_same_message_id(civil_servant, mentor):
    """A worker killed after the mail server took the email, before the row
    was marked, makes the sweep send it again: the resend is the same message."""
    first, other = make_pending(civil_servant), make_pending(mentor)
    services.notification_deliver(notification_id=first.pk)
    Notification.objects.filter(pk=first.pk).update(
        email_status=Notification.Email.PENDING  # as if the commit never came
    )
    services.notification_deliver(notification_id=first.pk)
    services.notification_deliver(notification_id=other.pk)

    ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
    assert ids[0] == ids[1] == f"<notification-{first.pk}@127.0.0.1>"
    assert ids[2] != ids[0]
    sent = [m.message()["Message-ID"] for m in mail.outbox]  # as it goes out
    assert sent == ids


def test_a_digest_keeps_its_message_id_until_it_carries_more(press_officer):
    choose_digest(press_officer)
    make_pending(press_officer, email_status=Notification.Email.IN_DIGEST)
    services.digest_send(user_id=press_officer.pk)
    Notification.objects.update(email_status=Notification.Email.IN_DIGEST)
    services.digest_send(user_id=press_officer.pk)  # the same items again
    Notification.objects.update(email_status=Notification.Email.IN_DIGEST)
    make_pending(press_officer, email_status=Notification.Email.IN_DIGEST)
    services.digest_send(user_id=press_officer.pk)  # one more item

    first, again, more = (m.extra_headers["Message-ID"] for m in mail.outbox)
    assert first == again
    assert more != first


def test_the_attempt_is_on_record_before_the_smtp_conversation_starts(
    civil_servant, monkeypatch
):
    notification = make_pending(civil_servant)
    seen = {}

    def record_what_the_row_says(sending):
        row = Notification.objects.get(pk=sending.pk)
        seen.update(attempts=row.email_attempts, started=row.email_attempt_started_at)

    monkeypatch.setattr(services.emails, "send_notification", record_what_the_row_says)

    assert services.notification_deliver(notification_id=notification.pk) == "sent"
    notification.refresh_from_db()
    assert seen["attempts"] == 1 and seen["started"] is not None
    assert notification.email_attempt_started_at is None  # the try has ended


def test_a_send_under_way_is_left_alone_and_a_dead_one_retried_after_the_timeout(
    civil_servant,
):
    now = timezone.now()
    under_way = make_pending(
        civil_servant, email_attempts=1, email_attempt_started_at=now
    )
    dead = make_pending(
        civil_servant,
        email_attempts=1,
        email_attempt_started_at=now - services.SEND_TIMEOUT - timedelta(seconds=1),
    )
    Notification.objects.update(created_at=now - timedelta(hours=1))

    due = set(Notification.objects.email_due(created_before=now, now=now))
    outcomes = [
        services.notification_deliver(notification_id=n.pk) for n in (under_way, dead)
    ]

    assert due == {dead}
    assert outcomes == [Delivery.SKIPPED, Delivery.SENT]
    assert len(mail.outbox) == 1
    dead.refresh_from_db()
    assert (dead.email_status, dead.email_attempts) == (Notification.Email.SENT, 2)


def test_a_failed_send_closes_its_attempt(civil_servant, failing_email):
    notification = make_pending(civil_servant)

    services.notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.email_attempt_started_at is None
    assert notification.email_status == Notification.Email.PENDING
