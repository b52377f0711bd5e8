import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from tests.accounts.factories import PASSWORD, TOTP_SECRET

from .conftest import assert_accessible, sign_in


def test_sign_up_verify_and_sign_in(page, organisation):
    domain = organisation.email_domains.get().domain
    page.goto("/accounts/signup/")
    assert_accessible(page)

    # Refused with a domain that belongs to no organisation.
    page.get_by_label("Full name").fill("Jordan Reyes")
    page.get_by_label("Email").fill("jordan@gmail.com")
    page.get_by_label("Password", exact=True).fill("a-long-and-unusual-passphrase")
    page.get_by_label("Password (again)").fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Create an account").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert "work email address" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error:")
    assert_accessible(page)
    assert not User.objects.filter(email="jordan@gmail.com").exists()

    # Accepted with the organisation's domain.
    page.get_by_label("Email").fill(f"jordan@{domain}")
    page.get_by_label("Password", exact=True).fill("a-long-and-unusual-passphrase")
    page.get_by_label("Password (again)").fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Create an account").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert_accessible(page)

    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    page.goto(link.group(0))
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()

    sign_in(page, f"jordan@{domain}", "a-long-and-unusual-passphrase")
    expect(page.get_by_role("heading", name="What needs you")).to_be_visible()
    assert organisation.name in page.content()
    assert_accessible(page)


@pytest.mark.parametrize(
    ("persona", "headings"),
    [
        ("civil_servant", ["Your work"]),
        ("press_officer", ["Your work", "Press office"]),
        ("trainer", ["Your work", "Training"]),
        ("editor", ["Your work", "Principles"]),
        ("admin_user", ["Your work"]),
    ],
)
def test_each_role_signs_in_and_sees_its_home_page(request, page, persona, headings):
    user = request.getfixturevalue(persona)
    needs_code = persona != "civil_servant"

    sign_in(page, user.email, PASSWORD, TOTP_SECRET if needs_code else None)

    for heading in headings:
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    assert_accessible(page)


def test_press_officer_sign_in_page_asking_for_the_code_is_accessible(
    page, press_officer
):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(press_officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_label("Code", exact=True)).to_be_visible()
    assert_accessible(page)


def test_error_pages_are_accessible(page, civil_servant):
    sign_in(page, civil_servant.email, PASSWORD)

    page.goto("/no-such-page/")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert_accessible(page)

    page.goto("/admin/")
    assert page.get_by_role(
        "heading", name="You do not have access to this page"
    ).is_visible()
    assert_accessible(page)


def test_your_account_reaches_email_password_and_two_factor(page, press_officer):
    sign_in(page, press_officer.email, PASSWORD, TOTP_SECRET)

    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", name="Your account", exact=True)).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    for link in (
        "Change your password",
        "Two-factor authentication and recovery codes",
        "Email addresses",
    ):
        page.goto("/account/")
        page.get_by_role("link", name=link).click()
        expect(page).not_to_have_url(re.compile(r"/account/$"))
        assert_accessible(page)
