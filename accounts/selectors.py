"""Reads about people, organisations and roles that depend on who is asking."""

from allauth.mfa.models import Authenticator
from django.db.models import Count, Q, QuerySet

from .models import Organisation, RoleChange, User
from .roles import SCOPE_ROLE, Role, Scope


def organisation_for_email(email: str) -> Organisation | None:
    """The organisation owning the address's domain, or None if no one does."""
    domain = email.rpartition("@")[2].strip().lower()
    if not domain:
        return None
    return Organisation.objects.filter(email_domains__domain=domain).first()


def roles_of(user) -> frozenset[str]:
    """The user's roles, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_portal_roles"):
        names = user.groups.filter(name__in=Role.values).values_list("name", flat=True)
        user._portal_roles = frozenset(names)
    return user._portal_roles


def has_role(user, role: Role) -> bool:
    return role in roles_of(user)


def organisations_in_scope(user, scope: Scope) -> QuerySet[Organisation]:
    """Organisations the user holds `scope` for, in one query.

    Scope only counts while the person still holds the matching role; the
    services revoke scopes with the role, and this filter is the second lock.
    """
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        organisationuserobjectpermission__user=user,
        organisationuserobjectpermission__permission__codename=scope,
        organisationuserobjectpermission__user__groups__name=SCOPE_ROLE[scope],
    ).distinct()


def organisations_reviewed_by(user) -> QuerySet[Organisation]:
    return organisations_in_scope(user, Scope.REVIEW_POSTS_FOR)


def organisations_trained_by(user) -> QuerySet[Organisation]:
    return organisations_in_scope(user, Scope.TRAIN_STAFF_OF)


def users_with_role(role: Role) -> QuerySet[User]:
    return User.objects.filter(groups__name=role, is_active=True)


def organisations_overseen_by(user) -> QuerySet[Organisation]:
    """Organisations whose staff a person may see reports about.

    Administrators oversee every organisation; press officers and trainers the
    ones they review for or train. One query.
    """
    if not user.is_authenticated:
        return Organisation.objects.none()
    if has_role(user, Role.ADMINISTRATOR):
        return Organisation.objects.all()
    # Each scope with its own role: a trainer's leftover review permission
    # must not count (organisations_in_scope pairs them).
    return Organisation.objects.filter(
        Q(pk__in=organisations_reviewed_by(user).values("pk"))
        | Q(pk__in=organisations_trained_by(user).values("pk"))
    )


def reviewers_of(organisation) -> QuerySet[User]:
    """Active press officers who review posts for `organisation` (one query)."""
    return User.objects.filter(
        is_active=True,
        groups__name=Role.PRESS_OFFICER,
        organisationuserobjectpermission__content_object=organisation,
        organisationuserobjectpermission__permission__codename=Scope.REVIEW_POSTS_FOR,
    ).distinct()


def with_two_factor(people: QuerySet[User]) -> QuerySet[User]:
    """Those of `people` who can use a role's pages now: they have an
    authenticator (accounts.permissions.has_mfa, for many people at once)."""
    return people.filter(pk__in=Authenticator.objects.values("user"))


def able_reviewers_of(organisation) -> QuerySet[User]:
    """Those of reviewers_of who can decide now."""
    return with_two_factor(reviewers_of(organisation))


def organisations_without_second_reviewer() -> QuerySet[Organisation]:
    """Organisations with fewer than two press officers able to review: a post
    by their only one goes to whoever their review policy names instead.
    One query, for the administrators' home page."""
    return (
        Organisation.objects.annotate(
            able_reviewers=Count(
                "organisationuserobjectpermission__user",
                filter=Q(
                    organisationuserobjectpermission__permission__codename=(
                        Scope.REVIEW_POSTS_FOR
                    ),
                    organisationuserobjectpermission__user__is_active=True,
                    organisationuserobjectpermission__user__groups__name=(
                        Role.PRESS_OFFICER
                    ),
                    organisationuserobjectpermission__user__in=(
                        Authenticator.objects.values("user")
                    ),
                ),
                distinct=True,
            )
        )
        .filter(able_reviewers__lt=2)
        .order_by("name")
    )


def role_changes_since(since) -> QuerySet[RoleChange]:
    """Roles and scopes granted or revoked since `since`, newest first."""
    return RoleChange.objects.filter(created_at__gte=since)
