import pytest

from accounts.roles import Role
from accounts.selectors import (
    organisation_for_email,
    organisations_overseen_by,
    organisations_reviewed_by,
    organisations_trained_by,
    roles_of,
)
from accounts.services import role_revoke

from .factories import OrganisationFactory, UserFactory, give_role

pytestmark = pytest.mark.django_db


def test_organisation_for_email_matches_the_whole_domain(organisation):
    domain = organisation.email_domains.get().domain

    assert organisation_for_email(f"a@{domain}") == organisation
    assert organisation_for_email(f"a@{domain.upper()}") == organisation
    assert organisation_for_email(f"a@x.{domain}") is None
    assert organisation_for_email("no-at-sign") is None


def test_press_officer_reviews_only_the_organisations_in_scope(
    press_officer, organisation, other_organisation
):
    assert list(organisations_reviewed_by(press_officer)) == [organisation]


def test_scope_lists_are_one_query_however_many_organisations(
    django_assert_num_queries, organisation
):
    officer = give_role(
        UserFactory(organisation=organisation),
        Role.PRESS_OFFICER,
        scope_over=[OrganisationFactory() for _ in range(5)],
    )

    with django_assert_num_queries(1):
        assert len(list(organisations_reviewed_by(officer))) == 5


def test_reviewing_and_training_scopes_are_separate(
    press_officer, trainer, organisation
):
    assert list(organisations_trained_by(press_officer)) == []
    assert list(organisations_reviewed_by(trainer)) == []
    assert list(organisations_trained_by(trainer)) == [organisation]


@pytest.mark.parametrize(
    "persona", ["anonymous", "civil_servant", "mentor", "editor", "admin_user"]
)
def test_people_without_the_role_cover_no_organisation(request, persona):
    from django.contrib.auth.models import AnonymousUser

    user = (
        AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    )

    assert list(organisations_reviewed_by(user)) == []
    assert list(organisations_trained_by(user)) == []


def test_scope_ends_with_the_role(press_officer):
    role_revoke(user=press_officer, role=Role.PRESS_OFFICER, actor=None)

    assert list(organisations_reviewed_by(press_officer)) == []


def test_roles_of_reads_once_per_user_object(django_assert_num_queries, press_officer):
    with django_assert_num_queries(1):
        assert roles_of(press_officer) == {Role.PRESS_OFFICER}
        assert roles_of(press_officer) == {Role.PRESS_OFFICER}


def test_a_leftover_permission_of_another_role_oversees_nothing(
    trainer, organisation, other_organisation
):
    # A review permission left behind on the council, without the press role.
    from guardian.shortcuts import assign_perm

    assign_perm("review_posts_for", trainer, other_organisation)

    assert list(organisations_overseen_by(trainer)) == [organisation]


def test_overseers_see_the_organisations_of_both_their_roles(
    organisation, other_organisation
):
    person = give_role(
        UserFactory(organisation=organisation), Role.TRAINER, scope_over=[organisation]
    )
    person = give_role(
        person, Role.PRESS_OFFICER, scope_over=[other_organisation], mfa=False
    )

    assert set(organisations_overseen_by(person)) == {organisation, other_organisation}
