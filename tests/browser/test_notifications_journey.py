import re

from playwright.sync_api import expect

from notifications.models import NotificationPreference
from tests.accounts.factories import PASSWORD

from .conftest import assert_accessible, sign_in


def test_test_notification_inbox_and_digest_preference(page, civil_servant):
    sign_in(page, civil_servant.email, PASSWORD)

    page.goto("/notifications/")
    expect(page.get_by_text("You have no notifications yet")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Change how we email you").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send me a test notification").click()
    expect(page.get_by_text("We have sent you a test notification")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Notifications (1 unread)").click()
    expect(
        page.get_by_role("link", name="Test notification from the participation portal")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"^Mark as read")).click()
    expect(page.get_by_text("Marked as read.")).to_be_visible()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()

    page.goto("/notifications/preferences/")
    page.get_by_label("Email me once a day, in a daily digest").check()
    page.get_by_role("button", name="Save preference").click()
    expect(page.get_by_text("Your email preference has been saved.")).to_be_visible()
    assert NotificationPreference.objects.get(user=civil_servant).email_frequency == (
        "daily_digest"
    )
