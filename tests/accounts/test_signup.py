import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.forms import UNKNOWN_DOMAIN_MESSAGE
from accounts.models import User
from training.models import LevelStanding
from training.standings import computed_standings, differs

from .factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = reverse("account_signup")
LOGIN = reverse("account_login")


def signup_data(**overrides):
    data = {
        "full_name": "Jordan Reyes",
        "job_title": "Policy officer",
        "email": "jordan.reyes@dept0.test.gov.uk",
        "password1": "a-long-and-unusual-passphrase",
        "password2": "a-long-and-unusual-passphrase",
    }
    data.update(overrides)
    return data


@pytest.fixture
def domain(organisation):
    return organisation.email_domains.get().domain


def test_sign_up_with_a_known_domain_joins_that_organisation(
    client, organisation, domain
):
    response = client.post(SIGNUP, signup_data(email=f"jordan@{domain}"))

    assert response.status_code == 302
    user = User.objects.get(email=f"jordan@{domain}")
    assert user.organisation == organisation
    assert user.full_name == "Jordan Reyes"
    assert user.job_title == "Policy officer"
    assert len(mail.outbox) == 1 and "confirm" in mail.outbox[0].body.lower()


def test_sign_up_stores_the_new_persons_discretion_level(client, organisation, domain):
    client.post(SIGNUP, signup_data(email=f"jordan@{domain}"))

    user = User.objects.get(email=f"jordan@{domain}")
    standing = LevelStanding.objects.get(person=user)
    assert standing.organisation == organisation
    assert not differs(standing, computed_standings([user.pk])[user.pk])


def test_domain_matching_ignores_case(client, organisation, domain):
    client.post(SIGNUP, signup_data(email=f"Jordan@{domain.upper()}"))

    assert (
        User.objects.get(email__iexact=f"jordan@{domain}").organisation == organisation
    )


@pytest.mark.parametrize(
    "email",
    [
        "someone@gmail.com",
        "someone@evil.{domain}",  # a subdomain is not the organisation's domain
        "someone@{domain}.evil.com",
    ],
)
def test_sign_up_with_an_unknown_domain_is_refused_with_a_clear_message(
    client, domain, email
):
    response = client.post(SIGNUP, signup_data(email=email.format(domain=domain)))

    assert response.status_code == 200
    assert UNKNOWN_DOMAIN_MESSAGE.replace("'", "&#x27;") in response.content.decode()
    assert not User.objects.filter(email__startswith="someone").exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"full_name": ""}, "This field is required."),
        ({"email": ""}, "This field is required."),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"full_name": "x" * 201}, "Ensure this value has at most 200 characters"),
        ({"full_name": "<script>alert(1)</script>"}, "without &lt; or &gt;"),
        ({"password2": "something-else-entirely"}, "You must type the same password"),
        ({"password1": "short", "password2": "short"}, "too short"),
    ],
)
def test_sign_up_bad_input_answers_with_a_message_and_creates_nothing(
    client, domain, overrides, message
):
    before = User.objects.count()
    data = signup_data(**{"email": f"jordan@{domain}", **overrides})

    response = client.post(SIGNUP, data)

    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "govuk-error-summary" in content
    assert "<script>alert(1)</script>" not in content
    assert User.objects.count() == before


def test_sign_up_with_an_existing_email_does_not_reveal_the_account(
    client, civil_servant
):
    response = client.post(SIGNUP, signup_data(email=civil_servant.email))

    # Same answer as a new sign-up: sent to "check your email".
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email=civil_servant.email).count() == 1


def test_sign_in_waits_for_email_verification_then_works(client, domain):
    email = f"jordan@{domain}"
    client.post(SIGNUP, signup_data(email=email))
    client.logout()

    refused = client.post(
        LOGIN, {"login": email, "password": signup_data()["password1"]}
    )
    assert refused.status_code == 302
    assert refused.url == reverse("account_email_verification_sent")

    key = re.search(r"/accounts/confirm-email/([^/\s]+)/", mail.outbox[-1].body).group(
        1
    )
    client.post(reverse("account_confirm_email", args=[key]))
    signed_in = client.post(
        LOGIN, {"login": email, "password": signup_data()["password1"]}
    )

    assert signed_in.status_code == 302
    assert signed_in.url == "/"


def test_failed_sign_in_says_the_same_whether_or_not_the_account_exists(
    client, civil_servant
):
    wrong_password = client.post(
        LOGIN, {"login": civil_servant.email, "password": "nope-nope-nope"}
    )
    no_account = client.post(
        LOGIN, {"login": "nobody@dept0.test.gov.uk", "password": "nope-nope-nope"}
    )

    message = "The email address and/or password you specified are not correct."
    assert message in wrong_password.content.decode()
    assert message in no_account.content.decode()


def test_repeated_failed_sign_ins_are_rate_limited(client, civil_servant):
    for _ in range(5):
        client.post(LOGIN, {"login": civil_servant.email, "password": "wrong-password"})

    response = client.post(LOGIN, {"login": civil_servant.email, "password": PASSWORD})

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_answers_the_same_for_unknown_addresses(client, civil_servant):
    url = reverse("account_reset_password")
    domain = civil_servant.email.split("@")[1]
    known = client.post(url, {"email": civil_servant.email})
    unknown = client.post(url, {"email": f"nobody@{domain}"})
    other_domain = client.post(url, {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == other_domain.status_code == 302
    assert known.url == unknown.url == other_domain.url
    # Only the person with an account gets an email.
    assert [m.to for m in mail.outbox] == [[civil_servant.email]]
    (email,) = mail.outbox
    assert email.subject.startswith("[Participation portal] ")
    assert "Hello from the Participation portal." in email.body
    assert "Hello from testserver" not in email.body  # not the host it came to


def test_one_accounts_wrong_passwords_never_lock_out_the_rest_of_the_office(
    client, civil_servant, press_officer
):
    """Everyone here signs in from the same address, as an office behind one
    gateway does: twenty failures for one account limit that account only."""
    for _ in range(20):
        client.post(LOGIN, {"login": civil_servant.email, "password": "not-it"})

    attacked = client.post(LOGIN, {"login": civil_servant.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in attacked.content.decode()

    colleague = client.post(LOGIN, {"login": press_officer.email, "password": PASSWORD})
    assert colleague.status_code == 302  # on to their authenticator code
    assert colleague.url == reverse("mfa_authenticate")


def test_sign_in_limits_per_address_are_sized_for_an_office(settings):
    per_address = settings.SIGN_IN_LIMIT_PER_ADDRESS
    assert per_address >= 300
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == (
        f"{per_address}/m/ip,5/5m/key"
    )


def test_account_emails_are_in_sentence_case_with_the_portals_name(
    client, organisation, domain
):
    client.post(SIGNUP, signup_data(email=f"jordan@{domain}"))

    (email,) = mail.outbox
    assert email.subject == "[Participation portal] Confirm your email address"
    assert email.body.startswith("Hello from the Participation portal.")
    assert "127.0.0.1" not in email.body.split("\n")[0]
