from playwright.sync_api import expect

from communities.models import Community
from tests.accounts.factories import PASSWORD, TOTP_SECRET
from tests.communities.factories import CommunityFactory

from .conftest import assert_accessible, sign_in


def test_suggest_curate_then_find_by_search_and_filter(
    browser, live_server, civil_servant, press_officer
):
    CommunityFactory(name="Quiet gardening blog", platform="blog", description="Seeds")
    page = browser.new_context(base_url=live_server.url).new_page()
    sign_in(page, civil_servant.email, PASSWORD)

    page.goto("/communities/")
    assert_accessible(page)
    page.get_by_role("link", name="Suggest a community").click()
    page.get_by_label("Web address of the community").fill(
        "https://www.reddit.com/r/buses/"
    )
    page.get_by_label("Name").fill("Bus users of Reddit")
    page.get_by_label("Description").fill("People who rely on local buses.")
    page.get_by_label("Transport").check()
    page.get_by_role("button", name="Suggest this community").click()
    expect(page.get_by_text("has been suggested")).to_be_visible()
    assert_accessible(page)

    page.goto("/communities/suggest/")
    page.get_by_role("button", name="Suggest this community").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.context.close()

    curator = browser.new_context(base_url=live_server.url).new_page()
    sign_in(curator, press_officer.email, PASSWORD, TOTP_SECRET)
    curator.goto("/communities/curate/")
    assert_accessible(curator)
    curator.get_by_role("link", name="Bus users of Reddit").click()
    curator.get_by_role("link", name="Edit details").click()
    assert_accessible(curator)
    curator.get_by_label("High").check()
    curator.get_by_label("Why this rating").fill("Heated threads about fares")
    curator.get_by_role("button", name="Save changes").click()
    curator.get_by_role("button", name="List in the directory").click()
    expect(curator.get_by_text("is now in the directory")).to_be_visible()
    assert_accessible(curator)
    curator.get_by_role("link", name="See who changed what").click()
    assert_accessible(curator)
    for path in ("/communities/import/", "/communities/patterns/"):
        curator.goto(path)
        assert_accessible(curator)
    curator.context.close()
    assert Community.objects.get(name="Bus users of Reddit").status == "listed"

    finder = browser.new_context(base_url=live_server.url).new_page()
    sign_in(finder, civil_servant.email, PASSWORD)
    finder.goto("/communities/")
    finder.get_by_role("textbox", name="Search").fill("buses")
    finder.get_by_label("Risk rating").select_option("high")
    finder.get_by_role("button", name="Apply").click()
    expect(finder.get_by_role("link", name="Bus users of Reddit")).to_be_visible()
    expect(finder.get_by_text("Quiet gardening blog")).to_have_count(0)
    assert_accessible(finder)
    finder.context.close()
