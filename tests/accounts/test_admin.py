import pytest

from accounts.models import Organisation, RoleChange, User
from accounts.roles import Role
from accounts.selectors import organisations_reviewed_by, roles_of
from communities.models import PolicyArea
from training.models import LevelStanding

pytestmark = pytest.mark.django_db


def person_form(user, **overrides):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "job_title": user.job_title,
        "organisation": user.organisation_id,
        "is_active": "on",
        "roles": [],
        "reviews_posts_for": [],
        "trains_staff_of": [],
    }
    data.update(overrides)
    return data


def test_administrator_gives_a_role_and_scope_in_the_admin_and_it_is_recorded(
    client, admin_user, civil_servant, organisation
):
    client.force_login(admin_user)

    response = client.post(
        f"/admin/accounts/user/{civil_servant.pk}/change/",
        person_form(
            civil_servant,
            roles=[Role.PRESS_OFFICER],
            reviews_posts_for=[organisation.pk],
        ),
    )

    assert response.status_code == 302
    user = User.objects.get(pk=civil_servant.pk)
    assert roles_of(user) == {Role.PRESS_OFFICER}
    assert list(organisations_reviewed_by(user)) == [organisation]
    changes = RoleChange.objects.filter(user=civil_servant)
    assert {c.action for c in changes} == {
        RoleChange.Action.ROLE_GRANTED,
        RoleChange.Action.SCOPE_GRANTED,
    }
    assert {c.actor for c in changes} == {admin_user}


def test_scope_without_its_role_is_refused_in_the_admin_and_nothing_changes(
    client, admin_user, civil_servant, organisation
):
    client.force_login(admin_user)

    response = client.post(
        f"/admin/accounts/user/{civil_servant.pk}/change/",
        person_form(civil_servant, reviews_posts_for=[organisation.pk]),
    )

    assert response.status_code == 200
    assert "Only press officers can review posts" in response.content.decode()
    assert not RoleChange.objects.filter(user=civil_servant).exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"email": ""},
        {"email": "not-an-email"},
        {"full_name": "x" * 201},
        {"organisation": "999999"},
        {"roles": ["Emperor"]},
        {"reviews_posts_for": ["not-a-number"]},
    ],
)
def test_bad_person_form_input_changes_nothing(
    client, admin_user, civil_servant, overrides
):
    client.force_login(admin_user)
    before = User.objects.values().get(pk=civil_servant.pk)

    response = client.post(
        f"/admin/accounts/user/{civil_servant.pk}/change/",
        person_form(civil_servant, **overrides),
    )

    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert User.objects.values().get(pk=civil_servant.pk) == before
    assert not RoleChange.objects.filter(user=civil_servant).exists()


def test_role_history_cannot_be_edited_or_deleted_even_by_administrators(
    client, admin_user, press_officer
):
    change = RoleChange.objects.filter(user=press_officer).first()
    client.force_login(admin_user)

    assert client.get("/admin/accounts/rolechange/").status_code == 200
    assert client.get("/admin/accounts/rolechange/add/").status_code == 403
    delete = client.post(
        f"/admin/accounts/rolechange/{change.pk}/delete/", {"post": "yes"}
    )
    assert delete.status_code == 403
    assert RoleChange.objects.filter(pk=change.pk).exists()


def test_organisation_admin_adds_domains_topics_and_policy_areas(client, admin_user):
    client.force_login(admin_user)
    transport = PolicyArea.objects.get(name="Transport")

    response = client.post(
        "/admin/accounts/organisation/add/",
        {
            "name": "Harbourside Council",
            "short_name": "HC",
            "kind": "local_council",
            "email_domains-TOTAL_FORMS": "1",
            "email_domains-INITIAL_FORMS": "0",
            "email_domains-0-domain": "Harbourside.gov.uk",
            "sensitive_topics-TOTAL_FORMS": "1",
            "sensitive_topics-INITIAL_FORMS": "0",
            "sensitive_topics-0-name": "Ferry contract",
            "PolicyArea_organisations-TOTAL_FORMS": "1",
            "PolicyArea_organisations-INITIAL_FORMS": "0",
            "PolicyArea_organisations-0-policyarea": transport.pk,
        },
    )

    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Harbourside Council")
    assert list(organisation.policy_areas.all()) == [transport]
    assert list(organisation.email_domains.values_list("domain", flat=True)) == [
        "harbourside.gov.uk"
    ]
    assert list(organisation.sensitive_topics.values_list("name", flat=True)) == [
        "Ferry contract"
    ]


def test_a_domain_cannot_belong_to_two_organisations(client, admin_user, organisation):
    client.force_login(admin_user)
    taken = organisation.email_domains.get().domain

    response = client.post(
        "/admin/accounts/organisation/add/",
        {
            "name": "Copycat Council",
            "short_name": "CC",
            "kind": "local_council",
            "email_domains-TOTAL_FORMS": "1",
            "email_domains-INITIAL_FORMS": "0",
            "email_domains-0-domain": taken,
            "sensitive_topics-TOTAL_FORMS": "0",
            "sensitive_topics-INITIAL_FORMS": "0",
            "PolicyArea_organisations-TOTAL_FORMS": "0",
            "PolicyArea_organisations-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert not Organisation.objects.filter(name="Copycat Council").exists()


def test_moving_a_person_to_another_organisation_recomputes_their_level(
    client, admin_user, civil_servant, other_organisation
):
    client.force_login(admin_user)

    response = client.post(
        f"/admin/accounts/user/{civil_servant.pk}/change/",
        person_form(civil_servant, organisation=other_organisation.pk),
    )

    assert response.status_code == 302
    standing = LevelStanding.objects.get(person=civil_servant)
    assert standing.organisation == other_organisation
