import pytest
from django.core.exceptions import ValidationError

from accounts.models import RoleChange
from accounts.roles import Role, Scope
from accounts.selectors import organisations_reviewed_by, roles_of
from accounts.services import (
    role_grant,
    role_revoke,
    scope_grant,
    scope_revoke,
    user_set_roles_and_scopes,
)

pytestmark = pytest.mark.django_db


def test_granting_a_role_records_who_gave_it(civil_servant, admin_user):
    assert role_grant(user=civil_servant, role=Role.TRAINER, actor=admin_user)

    change = RoleChange.objects.get(user=civil_servant)
    assert change.action == RoleChange.Action.ROLE_GRANTED
    assert change.role == Role.TRAINER
    assert change.actor == admin_user
    assert change.actor_email == admin_user.email


def test_granting_a_role_twice_changes_and_records_nothing(civil_servant):
    role_grant(user=civil_servant, role=Role.TRAINER, actor=None)

    assert not role_grant(user=civil_servant, role=Role.TRAINER, actor=None)
    assert RoleChange.objects.filter(user=civil_servant).count() == 1


def test_revoking_a_role_revokes_its_scopes_and_records_each(
    press_officer, organisation
):
    RoleChange.objects.all().delete()

    role_revoke(user=press_officer, role=Role.PRESS_OFFICER, actor=None)

    actions = list(
        RoleChange.objects.filter(user=press_officer)
        .order_by("pk")
        .values_list("action", "organisation_name")
    )
    assert actions == [
        (RoleChange.Action.SCOPE_REVOKED, organisation.name),
        (RoleChange.Action.ROLE_REVOKED, ""),
    ]
    assert not press_officer.has_perm("accounts.review_posts_for", organisation)


@pytest.mark.own_personas  # no role change at all may be recorded
def test_scope_needs_the_matching_role_and_records_nothing_otherwise(
    civil_servant, organisation
):
    with pytest.raises(ValidationError, match="press officer role"):
        scope_grant(
            user=civil_servant,
            organisation=organisation,
            scope=Scope.REVIEW_POSTS_FOR,
            actor=None,
        )

    assert not RoleChange.objects.exists()


def test_scope_grant_and_revoke_are_recorded_and_idempotent(
    press_officer, other_organisation
):
    kwargs = dict(
        user=press_officer,
        organisation=other_organisation,
        scope=Scope.REVIEW_POSTS_FOR,
        actor=None,
    )
    assert scope_grant(**kwargs)
    assert not scope_grant(**kwargs)
    assert other_organisation in organisations_reviewed_by(press_officer)
    assert scope_revoke(**kwargs)
    assert not scope_revoke(**kwargs)

    assert RoleChange.objects.filter(organisation=other_organisation).count() == 2


def test_administrator_role_opens_and_closes_the_admin(civil_servant):
    role_grant(user=civil_servant, role=Role.ADMINISTRATOR, actor=None)
    civil_servant.refresh_from_db()
    assert civil_servant.is_staff and civil_servant.is_superuser

    role_revoke(user=civil_servant, role=Role.ADMINISTRATOR, actor=None)
    civil_servant.refresh_from_db()
    assert not civil_servant.is_staff and not civil_servant.is_superuser


def test_superuser_scope_grant_is_still_recorded(admin_user, organisation):
    # has_perm() is always True for a superuser; scopes must not rely on it.
    role_grant(user=admin_user, role=Role.PRESS_OFFICER, actor=None)

    assert scope_grant(
        user=admin_user,
        organisation=organisation,
        scope=Scope.REVIEW_POSTS_FOR,
        actor=None,
    )
    assert list(organisations_reviewed_by(admin_user)) == [organisation]


def test_set_roles_and_scopes_applies_only_the_differences(
    press_officer, organisation, other_organisation, admin_user
):
    RoleChange.objects.all().delete()

    user_set_roles_and_scopes(
        user=press_officer,
        roles=[Role.PRESS_OFFICER, Role.TRAINER],
        scopes={
            Scope.REVIEW_POSTS_FOR: [other_organisation],
            Scope.TRAIN_STAFF_OF: [organisation],
        },
        actor=admin_user,
    )

    press_officer.refresh_from_db()
    assert roles_of(press_officer) == {Role.PRESS_OFFICER, Role.TRAINER}
    assert list(organisations_reviewed_by(press_officer)) == [other_organisation]
    assert sorted(RoleChange.objects.values_list("action", flat=True)) == sorted(
        [
            RoleChange.Action.ROLE_GRANTED,
            RoleChange.Action.SCOPE_REVOKED,
            RoleChange.Action.SCOPE_GRANTED,
            RoleChange.Action.SCOPE_GRANTED,
        ]
    )
