"""Who may curate the directory, and what a curator may do to an entry now."""

from dataclasses import dataclass

from accounts.permissions import can_use_role_pages
from accounts.roles import Role

from .models import Community

Action = Community.Action


def can_curate_communities(user) -> bool:
    """Press officers curate the shared directory (with two-factor authentication)."""
    return user.is_authenticated and can_use_role_pages(user, Role.PRESS_OFFICER)


def can_list_community(user, community: Community) -> bool:
    """A curator lists a suggestion, or an archived entry again."""
    return can_curate_communities(user) and community.allows(Action.LIST)


def can_decline_community(user, community: Community) -> bool:
    return can_curate_communities(user) and community.allows(Action.DECLINE)


def can_archive_community(user, community: Community) -> bool:
    return can_curate_communities(user) and community.allows(Action.ARCHIVE)


def can_mark_community_reviewed(user, community: Community) -> bool:
    """Only listed entries fall due for review, so only they are offered it."""
    return can_curate_communities(user) and community.is_listed


@dataclass(frozen=True)
class CommunityActions:
    """What the viewer may do to an entry now: its page shows exactly these."""

    edit: bool
    list: bool
    decline: bool
    archive: bool
    mark_reviewed: bool


def community_actions_for(user, community: Community) -> CommunityActions:
    return CommunityActions(
        edit=can_curate_communities(user),
        list=can_list_community(user, community),
        decline=can_decline_community(user, community),
        archive=can_archive_community(user, community),
        mark_reviewed=can_mark_community_reviewed(user, community),
    )
