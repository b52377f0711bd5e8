"""The Django admin is used by administrators and held to the same rules:
axe clean, at 1280 and 320 px, on the admin pages the portal configures."""

import pytest

from tests.accounts.factories import PASSWORD, TOTP_SECRET

from .conftest import assert_accessible, sign_in

ADMIN_PAGES = [
    "/admin/",
    "/admin/accounts/organisation/",
    "/admin/accounts/organisation/{organisation}/change/",
    "/admin/accounts/organisation/add/",
    "/admin/accounts/user/",
    "/admin/moderation/post/",
    "/admin/moderation/reviewpolicy/",
    "/admin/moderation/reviewpolicy/add/",
    "/admin/training/course/",
    "/admin/training/course/add/",
    "/admin/communities/community/",
]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_the_admin_pages_the_portal_configures_are_accessible(
    page, admin_user, organisation, path
):
    organisation.sensitive_topics.create(name="Council tax")
    sign_in(page, admin_user.email, PASSWORD, TOTP_SECRET)

    page.goto(path.format(organisation=organisation.pk))

    assert_accessible(page)
