"""Who may curate, and what an entry's page offers: one table per predicate,
every persona in every state, from the same rules the services apply (the
curator role with two-factor authentication, and Community.TRANSITIONS)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.roles import Role
from communities.models import Community
from communities.permissions import (
    can_archive_community,
    can_curate_communities,
    can_decline_community,
    can_list_community,
    can_mark_community_reviewed,
    community_actions_for,
)
from tests.accounts.factories import UserFactory, give_role

from .factories import CommunityFactory

pytestmark = pytest.mark.django_db

S = Community.Status
NONE: set[str] = set()


@pytest.fixture
def anonymous():
    """Not signed in: curates nothing."""
    return AnonymousUser()


@pytest.fixture
def press_officer_without_mfa(organisation):
    """Holds the press officer role but has no authenticator yet: curates nothing."""
    user = UserFactory(organisation=organisation, full_name="Pat Nofactor")
    return give_role(user, Role.PRESS_OFFICER, scope_over=[organisation], mfa=False)


# The directory is shared across government: a press officer of any
# organisation curates every entry, whoever suggested it.
CURATORS = ["press_officer", "other_org_press_officer"]
NOT_CURATORS = [
    "civil_servant",  # who suggested the entry
    "trainer",
    "editor",
    "admin_user",
    "press_officer_without_mfa",
    "anonymous",
]
CURATOR_ACTIONS = {
    S.SUGGESTED: {"edit", "list", "decline"},
    S.LISTED: {"edit", "archive", "mark_reviewed"},
    S.DECLINED: {"edit"},
    S.ARCHIVED: {"edit", "list"},
}
# (persona, status) -> the actions the page offers; every other one is refused.
TABLE = [
    *(
        (p, status, allowed)
        for p in CURATORS
        for status, allowed in CURATOR_ACTIONS.items()
    ),
    *((p, status, NONE) for p in NOT_CURATORS for status in S),
]
ACTIONS = ["edit", "list", "decline", "archive", "mark_reviewed"]


def rows_for(action: str) -> list[tuple[str, str, bool]]:
    return [(persona, status, action in allowed) for persona, status, allowed in TABLE]


def entry(status, civil_servant) -> Community:
    return CommunityFactory(status=status, suggested_by=civil_servant)


@pytest.mark.parametrize(("persona", "status", "allowed"), TABLE)
def test_community_page_offers_exactly_the_actions_the_rules_allow(
    request, civil_servant, persona, status, allowed
):
    actions = community_actions_for(
        request.getfixturevalue(persona), entry(status, civil_servant)
    )

    assert {name for name in ACTIONS if getattr(actions, name)} == allowed


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [*((p, True) for p in CURATORS), *((p, False) for p in NOT_CURATORS)],
)
def test_only_press_officers_with_two_factor_curate(request, persona, allowed):
    assert can_curate_communities(request.getfixturevalue(persona)) is allowed


# Each predicate, its own table: the rows of TABLE for its action.
PREDICATES = {
    "list": can_list_community,  # a suggestion, or an archived entry again
    "decline": can_decline_community,  # a suggestion only
    "archive": can_archive_community,  # a listed entry only
    "mark_reviewed": can_mark_community_reviewed,  # a listed entry only
}


@pytest.mark.parametrize(
    ("predicate", "persona", "status", "allowed"),
    [
        pytest.param(PREDICATES[action], *row, id=f"{action}-{'-'.join(map(str, row))}")
        for action in PREDICATES
        for row in rows_for(action)
    ],
)
def test_each_curation_predicate_allows_exactly_its_rows_of_the_table(
    request, civil_servant, predicate, persona, status, allowed
):
    community = entry(status, civil_servant)

    assert predicate(request.getfixturevalue(persona), community) is allowed
