from accounts.permissions import can_use_role_pages
from accounts.roles import Role


def can_edit_guidelines(user) -> bool:
    """Principles editors (with two-factor authentication) edit and publish."""
    return user.is_authenticated and can_use_role_pages(user, Role.PRINCIPLES_EDITOR)
