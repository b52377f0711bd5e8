"""Personas shared by every test, each with what it may and may not reach.

Two organisations: `organisation` (a central department) and
`other_organisation` (a council). Staff personas belong to the first.
"""

import copy
import os

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from accounts.roles import Role
from tests.accounts.factories import OrganisationFactory, UserFactory, give_role


def pytest_configure(config):
    from django.conf import settings

    # Celery reads CELERY_BROKER_URL from the environment before its settings
    # (the settings refuse one that differs from REDIS_URL): gone, the tests
    # that point Celery at a dead broker do so whatever the caller exported.
    os.environ.pop("CELERY_BROKER_URL", None)

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


# Personas are built once per test module, the way Django's TestCase builds
# setUpTestData: inside a transaction that wraps every test of the module and is
# rolled back at its end. Each test rolls back its own changes (its savepoint),
# and gets its own copies of the objects, so a test may change a persona freely.
# Transactional tests (transaction=True, live_server: browser and worker tests)
# commit and flush the database, so they get personas built for them alone.
_BUILDERS = {}
_ITEM_BEING_SET_UP = pytest.StashKey()
_MODULE_PERSONAS = pytest.StashKey()


def persona(build):
    """Make `build(personas)` the persona fixture of the same name."""
    name = build.__name__
    _BUILDERS[name] = build

    def fixture(personas):
        return personas[name]

    fixture.__doc__ = build.__doc__
    return pytest.fixture(name=name)(fixture)


class _Built:
    """Builds each persona the first time it is asked for (and those it needs)."""

    def __init__(self):
        self.built = {}

    def __getitem__(self, name):
        if name not in self.built:
            self.built[name] = _BUILDERS[name](self)
        return self.built[name]

    def __getattr__(self, name):
        if name not in _BUILDERS:
            raise AttributeError(name)
        return self[name]


class _CopiedFor(_Built):
    """One test's personas: copies of those its module built (a shared memo keeps
    `civil_servant.organisation is organisation` true, as when built), and any
    other (asked for by name with getfixturevalue) built for this test alone."""

    def __init__(self, module_personas):
        super().__init__()
        self.module_built = module_personas.built
        self.memo = {}

    def __getitem__(self, name):
        if name not in self.built and name in self.module_built:
            self.built[name] = copy.deepcopy(self.module_built[name], self.memo)
        return super().__getitem__(name)


class _ModulePersonas(_Built):
    """The personas of one module, in a transaction rolled back when closed."""

    def __init__(self, blocker, names):
        super().__init__()
        self.blocker, self.names, self.atomic = blocker, names, None

    @property
    def is_open(self):
        return self.atomic is not None

    def open(self):
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            self.built = {}
            for name in sorted(self.names):
                self[name]

    def close(self):
        if self.is_open:
            with self.blocker.unblock():
                transaction.set_rollback(True)
                self.atomic.__exit__(None, None, None)
            self.atomic = None


def _needs_own_personas(item) -> bool:
    """Transactional tests commit (and flush) on their own connection; tests
    marked `own_personas` must not see the personas of the rest of the module."""
    marker = item.get_closest_marker("django_db")
    kwargs = marker.kwargs if marker else {}
    return bool(
        kwargs.get("transaction")
        or kwargs.get("reset_sequences")
        or {"transactional_db", "live_server", "django_db_reset_sequences"}
        & set(item.fixturenames)
        or item.get_closest_marker("own_personas")
    )


def _parameters(item) -> list:
    callspec = getattr(item, "callspec", None)
    params = callspec.params.values() if callspec else []
    return [value for value in params if isinstance(value, str)]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    item.config.stash[_ITEM_BEING_SET_UP] = item
    module_personas = item.config.stash.get(_MODULE_PERSONAS, None)
    reopen = module_personas and not module_personas.is_open
    if reopen and not _needs_own_personas(item):
        module_personas.open()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # The next test of this module needs its own personas (pytest-django also
    # runs a module's transactional tests after all others, and right after
    # them when the module comes last): close the module's transaction first.
    module_personas = item.config.stash.get(_MODULE_PERSONAS, None)
    if module_personas and nextitem is not None and _needs_own_personas(nextitem):
        module_personas.close()
    return result


@pytest.fixture(scope="module", autouse=True)
def _module_personas(request, django_db_blocker):
    # Autouse, so that it is always set up before the first test's own
    # transaction opens, even when that test asks for personas by name.
    # The personas its tests ask for: as fixtures, or by name as a parameter
    # (for request.getfixturevalue); any other is built for its test alone.
    names = {
        name
        for item in request.session.items
        if item.getparent(pytest.Module) is request.node
        and not _needs_own_personas(item)
        for name in [*item.fixturenames, *_parameters(item)]
        if name in _BUILDERS
    }
    if not names:
        yield None
        return
    request.getfixturevalue("django_db_setup")
    module_personas = _ModulePersonas(django_db_blocker, names)
    if not _needs_own_personas(request.config.stash[_ITEM_BEING_SET_UP]):
        module_personas.open()
    request.config.stash[_MODULE_PERSONAS] = module_personas
    yield module_personas
    module_personas.close()
    del request.config.stash[_MODULE_PERSONAS]


@pytest.fixture
def personas(request, db, _module_personas):
    """The personas for this test: copies of the module's, or built for it alone."""
    if _module_personas and _module_personas.is_open:
        assert not _needs_own_personas(request.node)
        return _CopiedFor(_module_personas)
    return _Built()


@persona
def organisation(p):
    return OrganisationFactory(name="Department for Testing", short_name="DfT-test")


@persona
def other_organisation(p):
    return OrganisationFactory(
        name="Testshire County Council", short_name="TCC", kind="local_council"
    )


@persona
def civil_servant(p):
    """Every signed-in person: no role, no organisation scope, no admin."""
    return UserFactory(organisation=p.organisation, full_name="Alex Smith")


@persona
def other_org_civil_servant(p):
    """A civil servant of another organisation: must never see the first's data."""
    return UserFactory(organisation=p.other_organisation, full_name="Sam Patel")


@persona
def press_officer(p):
    """Reviews posts for `organisation` only; has 2FA."""
    user = UserFactory(organisation=p.organisation, full_name="Priya Shah")
    return give_role(user, Role.PRESS_OFFICER, scope_over=[p.organisation])


@persona
def other_org_press_officer(p):
    """Reviews posts for `other_organisation` only; has 2FA."""
    user = UserFactory(organisation=p.other_organisation, full_name="Chris Jones")
    return give_role(user, Role.PRESS_OFFICER, scope_over=[p.other_organisation])


@persona
def trainer(p):
    """Trains staff of `organisation` only; has 2FA."""
    user = UserFactory(organisation=p.organisation, full_name="Tom Okafor")
    return give_role(user, Role.TRAINER, scope_over=[p.organisation])


@persona
def mentor(p):
    """A civil servant a trainer can pair with mentees: no role of their own,
    at level 2 (trusted), the least a mentor must hold."""
    from training.models import GrantedLevel, Level
    from training.services import levels_recompute

    user = UserFactory(organisation=p.organisation, full_name="Morgan Lee")
    GrantedLevel.objects.create(person=user, level=Level.TRUSTED)
    levels_recompute(person_ids=[user.pk])
    return user


@persona
def editor(p):
    """Edits and publishes the principles; has 2FA."""
    user = UserFactory(organisation=p.organisation, full_name="Erin Walsh")
    return give_role(user, Role.PRINCIPLES_EDITOR)


@persona
def admin_user(p):
    """Administrator: the Django admin (staff, superuser), with 2FA."""
    user = UserFactory(organisation=p.organisation, full_name="Ada Brown")
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
