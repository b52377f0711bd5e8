"""Every change to roles and scopes goes through here, so each one is recorded."""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from .models import Organisation, OrganisationUserObjectPermission, RoleChange, User
from .roles import SCOPE_ROLE, Role, Scope
from .selectors import organisations_in_scope


def _record(*, actor, user, action, role, organisation=None) -> None:
    RoleChange.objects.create(
        actor=actor,
        actor_email=getattr(actor, "email", "") or "system",
        user=user,
        user_email=user.email,
        action=action,
        role=role,
        organisation=organisation,
        organisation_name=organisation.name if organisation else "",
    )


def _holds_scope(user: User, organisation: Organisation, scope: Scope) -> bool:
    # Not user.has_perm(): that is always True for superusers.
    return OrganisationUserObjectPermission.objects.filter(
        user=user, content_object=organisation, permission__codename=scope
    ).exists()


def _locked(user: User) -> User:
    # Lock the person so two administrators editing them at once apply in turn.
    return User.objects.select_for_update(no_key=True).get(pk=user.pk)


@transaction.atomic
def role_grant(*, user: User, role: Role, actor: User | None) -> bool:
    """Give `user` the role; returns False if they already had it."""
    user = _locked(user)
    group, _ = Group.objects.get_or_create(name=role)
    if user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.add(group)
    if role == Role.ADMINISTRATOR:
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    _record(actor=actor, user=user, action=RoleChange.Action.ROLE_GRANTED, role=role)
    return True


@transaction.atomic
def role_revoke(*, user: User, role: Role, actor: User | None) -> bool:
    """Take the role away, with every scope that belonged to it."""
    user = _locked(user)
    group = Group.objects.filter(name=role).first()
    if group is None or not user.groups.filter(pk=group.pk).exists():
        return False
    for scope, scope_role in SCOPE_ROLE.items():
        if scope_role == role:
            for organisation in organisations_in_scope(user, scope):
                scope_revoke(
                    user=user, organisation=organisation, scope=scope, actor=actor
                )
    user.groups.remove(group)
    if role == Role.ADMINISTRATOR:
        user.is_staff = user.is_superuser = False
        user.save(update_fields=["is_staff", "is_superuser"])
    _record(actor=actor, user=user, action=RoleChange.Action.ROLE_REVOKED, role=role)
    return True


@transaction.atomic
def scope_grant(
    *, user: User, organisation: Organisation, scope: Scope, actor: User | None
) -> bool:
    """Let a press officer or trainer act for `organisation`."""
    user = _locked(user)
    role = SCOPE_ROLE[scope]
    if not user.groups.filter(name=role).exists():
        raise ValidationError(
            f"{user} must have the {role.lower()} role before they can be given "
            f"an organisation to act for."
        )
    if _holds_scope(user, organisation, scope):
        return False
    assign_perm(f"accounts.{scope}", user, organisation)
    _record(
        actor=actor,
        user=user,
        action=RoleChange.Action.SCOPE_GRANTED,
        role=role,
        organisation=organisation,
    )
    return True


@transaction.atomic
def scope_revoke(
    *, user: User, organisation: Organisation, scope: Scope, actor: User | None
) -> bool:
    user = _locked(user)
    if not _holds_scope(user, organisation, scope):
        return False
    remove_perm(f"accounts.{scope}", user, organisation)
    _record(
        actor=actor,
        user=user,
        action=RoleChange.Action.SCOPE_REVOKED,
        role=SCOPE_ROLE[scope],
        organisation=organisation,
    )
    return True


@transaction.atomic
def user_set_roles_and_scopes(
    *,
    user: User,
    roles: Iterable[Role],
    scopes: dict[Scope, Iterable[Organisation]],
    actor: User | None,
) -> None:
    """Bring the person's roles and scopes to exactly what is given.

    Used by the admin's person form: only the differences are applied, and each
    difference is recorded on its own.
    """
    wanted_roles = set(roles)
    for role in Role:
        if role in wanted_roles:
            role_grant(user=user, role=role, actor=actor)
        else:
            role_revoke(user=user, role=role, actor=actor)
    for scope, organisations in scopes.items():
        wanted = set(organisations)
        current = set(organisations_in_scope(user, scope))
        for organisation in current - wanted:
            scope_revoke(user=user, organisation=organisation, scope=scope, actor=actor)
        for organisation in wanted - current:
            scope_grant(user=user, organisation=organisation, scope=scope, actor=actor)
