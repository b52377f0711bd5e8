"""The grace period after a material change to the principles: a person who
acknowledged the version before keeps their level until their deadline (the
acknowledgement report's), then drops to 0 until they acknowledge."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from guidelines.models import PageVersion
from guidelines.selectors import BASELINE_CACHE_KEY, outstanding_acknowledgements
from guidelines.services import principles_acknowledge
from tests.accounts.factories import UserFactory
from tests.guidelines.helpers import publish_change, publish_principles
from training import selectors, services
from training.levels import compute_level
from training.models import LevelStanding

pytestmark = pytest.mark.django_db

DEADLINE = timezone.now().replace(microsecond=0)
SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("acknowledged", "grace_until", "now", "level"),
    [
        (True, None, DEADLINE, 2),  # acknowledged: no deadline applies
        (True, DEADLINE, DEADLINE + timedelta(days=9), 2),
        (False, None, DEADLINE, 0),  # never acknowledged any version
        (False, DEADLINE, DEADLINE - timedelta(days=13), 2),  # just changed
        (False, DEADLINE, DEADLINE - SECOND, 2),  # the last second of grace
        (False, DEADLINE, DEADLINE, 0),  # the deadline itself: over
        (False, DEADLINE, DEADLINE + SECOND, 0),
        (False, DEADLINE, DEADLINE + timedelta(days=30), 0),
        (False, DEADLINE, None, 0),  # no clock given: no grace
    ],
)
def test_the_grace_period_ends_exactly_at_the_deadline(
    acknowledged, grace_until, now, level
):
    assert (
        compute_level(
            granted=2,
            acknowledged=acknowledged,
            grace_until=grace_until,
            now=now,
            completed_courses=set(),
            required_courses={},
        )
        == level
    )


@pytest.fixture
def changed(editor, civil_servant):
    """Alex acknowledged the first edition; then a material change."""
    page = publish_principles(editor)
    principles_acknowledge(user=civil_servant)
    version = publish_change(editor, page, material=True)
    services.levels_recompute(person_ids=[civil_servant.pk])
    return version


def pass_time(days: int) -> None:
    """As if `days` went by: the change published that much earlier, and the
    stored deadlines with it."""
    PageVersion.objects.filter(published_at__isnull=False).update(
        published_at=F("published_at") - timedelta(days=days)
    )
    LevelStanding.objects.exclude(grace_until=None).update(
        grace_until=F("grace_until") - timedelta(days=days)
    )
    User.objects.update(date_joined=F("date_joined") - timedelta(days=days))
    cache.delete(BASELINE_CACHE_KEY)


def test_after_a_material_change_people_keep_their_level_until_the_reports_deadline(
    changed, civil_servant
):
    standing = selectors.level_standing_of(civil_servant)

    assert (standing.level, standing.acknowledged) == (1, False)
    (outstanding,) = outstanding_acknowledgements([civil_servant], now=timezone.now())
    assert standing.grace_until == outstanding.deadline  # one rule, one date
    assert standing.grace_until == changed.published_at + timedelta(days=14)


def test_past_the_deadline_they_drop_to_0_until_they_acknowledge(
    changed, civil_servant
):
    pass_time(days=13)
    assert services.levels_after_grace() == 0  # still a day to go
    assert selectors.effective_level(civil_servant) == 1

    pass_time(days=2)
    assert services.levels_after_grace() == 1
    assert selectors.effective_level(civil_servant) == 0
    assert services.levels_after_grace() == 0  # done once

    principles_acknowledge(user=civil_servant)
    standing = selectors.level_standing_of(civil_servant)
    assert (standing.level, standing.acknowledged, standing.grace_until) == (
        1,
        True,
        None,
    )


def test_a_new_joiner_has_no_grace_they_never_acknowledged(changed, organisation):
    joiner = UserFactory(organisation=organisation)

    services.levels_recompute(person_ids=[joiner.pk])

    standing = selectors.level_standing_of(joiner)
    assert (standing.level, standing.grace_until) == (0, None)


def test_the_days_of_grace_are_the_acknowledgement_days(
    settings, editor, civil_servant
):
    settings.ACKNOWLEDGEMENT_DAYS = 0
    page = publish_principles(editor)
    principles_acknowledge(user=civil_servant)
    publish_change(editor, page, material=True)

    services.levels_recompute(person_ids=[civil_servant.pk])

    assert selectors.effective_level(civil_servant) == 0


def test_the_nightly_check_finds_no_drift_in_grace(changed, civil_servant):
    drift = services.levels_check()

    assert civil_servant.pk not in drift.drifted + drift.missing
    assert drift.drifted == []


def test_the_person_sees_a_banner_with_their_deadline(client, changed, civil_servant):
    client.force_login(civil_servant)
    deadline = f"{changed.published_at + timedelta(days=14):%-d %B %Y}"

    for url in ("/training/", "/"):
        page = client.get(url).content.decode()
        assert "govuk-notification-banner" in page
        assert f"Acknowledge them by {deadline} to keep your level" in page


def test_once_acknowledged_the_banner_goes_and_home_reads_no_standing(
    client, changed, civil_servant, queries
):
    principles_acknowledge(user=civil_servant)
    client.force_login(civil_servant)
    client.get("/")  # the session and cached baseline, as on any later visit

    with queries() as ran:
        page = client.get("/").content.decode()

    assert "govuk-notification-banner" not in page
    assert "Read and acknowledge the current principles" not in page
    assert not [q for q in ran.captured_queries if "levelstanding" in q["sql"]]


def test_the_weekly_reminder_names_the_deadline_to_those_in_grace(
    changed, civil_servant, organisation
):
    from guidelines.services import acknowledgement_reminders_send
    from notifications.models import Notification

    joiner = UserFactory(organisation=organisation)

    acknowledgement_reminders_send()

    deadline = f"{changed.published_at + timedelta(days=14):%-d %B %Y}"
    theirs = Notification.objects.get(
        recipient=civil_servant, kind="guidelines.acknowledgement_reminder"
    )
    assert f"by {deadline}" in theirs.context["message"]
    new = Notification.objects.get(
        recipient=joiner, kind="guidelines.acknowledgement_reminder"
    )
    assert "by " not in new.context["message"]
