from accounts.permissions import can_use_role_pages
from accounts.roles import Role


def can_curate_communities(user) -> bool:
    """Press officers curate the shared directory (with two-factor authentication)."""
    return user.is_authenticated and can_use_role_pages(user, Role.PRESS_OFFICER)
