"""Roles and two-factor authentication: one table per predicate, every persona."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.permissions import can_use_admin, can_use_role_pages, has_mfa, needs_mfa
from accounts.roles import Role
from tests.accounts.factories import UserFactory, give_role


@pytest.fixture
def press_officer_without_mfa(organisation):
    """Holds the role but has not set up an authenticator yet."""
    user = UserFactory(organisation=organisation)
    return give_role(user, Role.PRESS_OFFICER, scope_over=[organisation], mfa=False)


def persona(request, name):
    return AnonymousUser() if name == "anonymous" else request.getfixturevalue(name)


@pytest.mark.parametrize(
    ("name", "needs", "has"),
    [
        ("anonymous", False, False),
        ("civil_servant", False, False),
        ("mentor", False, False),
        ("press_officer", True, True),
        ("press_officer_without_mfa", True, False),
        ("trainer", True, True),
        ("editor", True, True),
        ("admin_user", True, True),
    ],
)
def test_who_needs_and_who_has_two_factor_authentication(request, name, needs, has):
    user = persona(request, name)

    assert (needs_mfa(user), has_mfa(user)) == (needs, has)


@pytest.mark.parametrize(
    ("name", "role", "allowed"),
    [
        ("civil_servant", Role.PRESS_OFFICER, False),
        ("press_officer", Role.PRESS_OFFICER, True),
        ("press_officer", Role.TRAINER, False),
        ("press_officer_without_mfa", Role.PRESS_OFFICER, False),
        ("trainer", Role.TRAINER, True),
        ("trainer", Role.PRINCIPLES_EDITOR, False),
        ("editor", Role.PRINCIPLES_EDITOR, True),
        ("admin_user", Role.ADMINISTRATOR, True),
        ("admin_user", Role.PRESS_OFFICER, False),
    ],
)
def test_role_pages_need_the_role_and_two_factor(request, name, role, allowed):
    assert can_use_role_pages(persona(request, name), role) is allowed


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("civil_servant", False),
        ("press_officer", False),
        ("trainer", False),
        ("editor", False),
        ("admin_user", True),
    ],
)
def test_only_administrators_with_two_factor_use_the_admin(request, name, allowed):
    assert can_use_admin(persona(request, name)) is allowed


def test_a_deactivated_administrator_cannot_use_the_admin(admin_user):
    admin_user.is_active = False

    assert can_use_admin(admin_user) is False
