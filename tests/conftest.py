"""Personas shared by every test, each with what it may and may not reach.

Two organisations: `organisation` (a central department) and
`other_organisation` (a council). Staff personas belong to the first.
"""

import pytest
from django.core.cache import cache
from django.db import connection

from accounts.roles import Role
from tests.accounts.factories import OrganisationFactory, UserFactory, give_role


def pytest_configure(config):
    from django.conf import settings

    # Hashing passwords properly is slow on purpose; tests create many people.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = settings.CELERY_BROKER_URL.split("@")[-1]
    return [f"database: {engine}; celery broker: {broker}"]


@pytest.fixture(autouse=True)
def _clean_cache():
    # allauth's rate limits live in the cache (Redis on the real stack): a test
    # must not inherit another test's failed sign-ins.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Department for Testing", short_name="DfT-test")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(
        name="Testshire County Council", short_name="TCC", kind="local_council"
    )


@pytest.fixture
def civil_servant(organisation):
    """Every signed-in person: no role, no organisation scope, no admin."""
    return UserFactory(organisation=organisation, full_name="Alex Smith")


@pytest.fixture
def other_org_civil_servant(other_organisation):
    """A civil servant of another organisation: must never see the first's data."""
    return UserFactory(organisation=other_organisation, full_name="Sam Patel")


@pytest.fixture
def press_officer(organisation):
    """Reviews posts for `organisation` only; has 2FA."""
    user = UserFactory(organisation=organisation, full_name="Priya Shah")
    return give_role(user, Role.PRESS_OFFICER, scope_over=[organisation])


@pytest.fixture
def other_org_press_officer(other_organisation):
    """Reviews posts for `other_organisation` only; has 2FA."""
    user = UserFactory(organisation=other_organisation, full_name="Chris Jones")
    return give_role(user, Role.PRESS_OFFICER, scope_over=[other_organisation])


@pytest.fixture
def trainer(organisation):
    """Trains staff of `organisation` only; has 2FA."""
    user = UserFactory(organisation=organisation, full_name="Tom Okafor")
    return give_role(user, Role.TRAINER, scope_over=[organisation])


@pytest.fixture
def mentor(organisation):
    """A civil servant a trainer can pair with mentees: no role of their own."""
    return UserFactory(organisation=organisation, full_name="Morgan Lee")


@pytest.fixture
def editor(organisation):
    """Edits and publishes the principles; has 2FA."""
    user = UserFactory(organisation=organisation, full_name="Erin Walsh")
    return give_role(user, Role.PRINCIPLES_EDITOR)


@pytest.fixture
def admin_user(organisation):
    """Administrator: the Django admin (staff, superuser), with 2FA."""
    user = UserFactory(organisation=organisation, full_name="Ada Brown")
    return give_role(user, Role.ADMINISTRATOR)


@pytest.fixture
def client_for(client):
    """A test client signed in as the given person (None: anonymous)."""

    def sign_in(user):
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def queries():
    """Counts SQL queries run inside a `with` block."""
    from django.test.utils import CaptureQueriesContext

    return lambda: CaptureQueriesContext(connection)


def pytest_terminal_summary(terminalreporter):
    skipped = [
        r for r in terminalreporter.stats.get("skipped", []) if "browser" in r.keywords
    ]
    if skipped:
        terminalreporter.write_sep(
            "!",
            f"{len(skipped)} BROWSER TESTS SKIPPED: install Chromium "
            "(apt-get install chromium) to run them",
            red=True,
            bold=True,
        )
