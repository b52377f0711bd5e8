"""Who may do what, at the level of roles and two-factor authentication."""

from allauth.mfa.utils import is_mfa_enabled

from .roles import MFA_REQUIRED_ROLES, Role
from .selectors import roles_of


def needs_mfa(user) -> bool:
    """Privileged people (any role, or admin-site access) must use 2FA."""
    return user.is_authenticated and (
        user.is_staff or bool(roles_of(user) & MFA_REQUIRED_ROLES)
    )


def has_mfa(user) -> bool:
    """Whether the person has an authenticator.

    allauth asks for the code at every sign-in once an authenticator exists,
    and activating one needs a valid code, so a session of a user with an
    authenticator has always proven the second factor. Read once per request
    and kept on the user object, as roles_of() does: a page asks several times.
    """
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_portal_has_mfa"):
        user._portal_has_mfa = is_mfa_enabled(user)
    return user._portal_has_mfa


def can_use_role_pages(user, role: Role) -> bool:
    return role in roles_of(user) and has_mfa(user)


def can_use_admin(user) -> bool:
    return user.is_active and user.is_staff and has_mfa(user)
