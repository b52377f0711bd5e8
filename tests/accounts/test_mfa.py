import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from accounts.roles import Role

from .factories import PASSWORD, TOTP_SECRET, UserFactory, give_role

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.accounts.urls")]

MFA_SETUP = "/accounts/2fa/totp/activate/"


def current_code() -> str:
    import time

    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


@pytest.mark.parametrize(
    ("persona", "path", "expected"),
    [
        ("press_officer", "/test/press-office/", 200),
        ("trainer", "/test/press-office/", 403),
        ("civil_servant", "/test/press-office/", 403),
        ("other_org_civil_servant", "/test/press-office/", 403),
        ("editor", "/test/press-office/", 403),
        ("trainer", "/test/training/", 200),
        ("admin_user", "/test/training/", 200),
        ("press_officer", "/test/training/", 403),
        ("mentor", "/test/training/", 403),
    ],
)
def test_role_pages_admit_only_their_roles(request, client, persona, path, expected):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(path).status_code == expected


def test_role_pages_send_anonymous_people_to_sign_in(client):
    response = client.get("/test/press-office/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/test/press-office/"


@pytest.mark.parametrize("role", list(Role))
def test_every_role_must_set_up_two_factor_before_using_its_pages(
    client, organisation, role
):
    user = give_role(UserFactory(organisation=organisation), role, mfa=False)
    client.force_login(user)

    page = "/test/press-office/" if role == Role.PRESS_OFFICER else "/test/training/"
    response = client.get(page)

    if role in (Role.PRESS_OFFICER, Role.TRAINER, Role.ADMINISTRATOR):
        assert response.status_code == 302
        assert response.url == MFA_SETUP
    else:  # an editor has no page here: refused before 2FA is even asked
        assert response.status_code == 403


def test_home_warns_a_privileged_person_without_two_factor(client, organisation):
    user = give_role(UserFactory(organisation=organisation), Role.TRAINER, mfa=False)
    client.force_login(user)

    assert "Set up an authenticator app" in client.get("/").content.decode()


def test_home_does_not_nag_civil_servants_about_two_factor(client, civil_servant):
    client.force_login(civil_servant)

    assert "Set up an authenticator app" not in client.get("/").content.decode()


def test_press_officer_sign_in_asks_for_the_authenticator_code(client, press_officer):
    response = client.post(
        reverse("account_login"), {"login": press_officer.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    right = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(press_officer.pk)
    assert client.get("/test/press-office/").status_code == 200


def test_admin_sends_anonymous_people_to_the_portal_sign_in(client):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0].startswith("/accounts/login/")


def test_admin_login_page_sends_anonymous_people_to_the_portal_sign_in(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/admin/"


@pytest.mark.parametrize("persona", ["civil_servant", "press_officer", "editor"])
def test_admin_refuses_people_who_are_not_administrators(request, client, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403


def test_admin_requires_two_factor(client, organisation):
    admin = give_role(
        UserFactory(organisation=organisation), Role.ADMINISTRATOR, mfa=False
    )
    client.force_login(admin)

    response = client.get("/admin/", follow=True)

    assert MFA_SETUP in [url for url, _ in response.redirect_chain]


def test_admin_with_two_factor_gets_in(client, admin_user):
    client.force_login(admin_user)

    assert client.get("/admin/").status_code == 200


def test_removing_the_authenticator_closes_role_pages_again(client, press_officer):
    Authenticator.objects.filter(user=press_officer).delete()
    client.force_login(press_officer)

    assert client.get("/test/press-office/").url == MFA_SETUP


def test_admin_sign_in_never_redirects_off_site(client, admin_user):
    client.force_login(admin_user)

    response = client.get("/admin/login/?next=https://evil.example/phish")

    assert response.status_code == 302
    assert response.url == "/admin/"
