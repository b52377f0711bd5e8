import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.roles import Role
from guidelines.permissions import can_edit_guidelines
from tests.accounts.factories import UserFactory, give_role


@pytest.fixture
def editor_without_mfa(organisation):
    return give_role(
        UserFactory(organisation=organisation), Role.PRINCIPLES_EDITOR, mfa=False
    )


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("anonymous", False),
        ("civil_servant", False),
        ("press_officer", False),
        ("trainer", False),
        ("admin_user", False),
        ("editor_without_mfa", False),
        ("editor", True),
    ],
)
def test_only_principles_editors_with_two_factor_edit(request, name, allowed):
    user = AnonymousUser() if name == "anonymous" else request.getfixturevalue(name)

    assert can_edit_guidelines(user) is allowed
