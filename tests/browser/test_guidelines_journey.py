from playwright.sync_api import expect

from guidelines.models import Acknowledgement
from tests.accounts.factories import PASSWORD, TOTP_SECRET
from tests.guidelines.helpers import PRINCIPLES_SLUG, publish_principles

from .conftest import assert_accessible, sign_in


def test_editor_publishes_a_material_change_and_a_civil_servant_acknowledges(
    browser, live_server, editor, civil_servant
):
    publish_principles(editor, body="<p>Be credible.</p>")
    editor_page = browser.new_context(base_url=live_server.url).new_page()
    sign_in(editor_page, editor.email, PASSWORD, TOTP_SECRET)

    editor_page.goto("/principles/")
    assert_accessible(editor_page)
    editor_page.locator("#main-content").get_by_role("link", name="Principles").click()
    editor_page.get_by_role("link", name="Edit this page").click()
    editor_page.get_by_label("Page text").fill(
        "<p>Be credible and <strong>kind</strong>.</p>"
    )
    editor_page.get_by_label("Change summary").fill("Added kindness")
    editor_page.get_by_role("button", name="Preview").click()
    expect(editor_page.get_by_role("heading", name="Preview")).to_be_visible()
    assert_accessible(editor_page)
    editor_page.get_by_role("button", name="Save draft").click()
    expect(editor_page.get_by_text("Draft version 2 saved")).to_be_visible()
    assert_accessible(editor_page)

    editor_page.get_by_role("button", name="Compare").click()
    expect(editor_page.get_by_text("Be credible and kind.")).to_be_visible()
    assert_accessible(editor_page)
    editor_page.go_back()
    editor_page.get_by_role("link", name="Publish version 2").click()
    assert_accessible(editor_page)
    editor_page.get_by_label("This is a material change").check()
    editor_page.get_by_role("button", name="Publish version 2").click()
    expect(
        editor_page.get_by_text("Everyone has been asked to acknowledge it")
    ).to_be_visible()
    editor_page.context.close()

    page = browser.new_context(base_url=live_server.url).new_page()
    sign_in(page, civil_servant.email, PASSWORD)
    page.get_by_role("link", name="Read and acknowledge the current principles").click()
    expect(page.get_by_text("Be credible and kind.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role(
        "button", name="I have read and will follow these principles"
    ).click()
    expect(page.get_by_text("You have acknowledged version 2")).to_be_visible()
    assert_accessible(page)
    assert Acknowledgement.objects.get(user=civil_servant).version.number == 2

    page.goto("/notifications/")
    expect(
        page.get_by_role("link", name="The principles have changed").first
    ).to_be_visible()
    page.goto(f"/principles/{PRINCIPLES_SLUG}/history/")
    assert_accessible(page)
    page.goto("/principles/search/?q=kind")
    expect(page.get_by_text("1 result")).to_be_visible()
    assert_accessible(page)
    page.context.close()


def test_the_acknowledgement_report_is_accessible(
    page, editor, press_officer, civil_servant
):
    publish_principles(editor)
    sign_in(page, press_officer.email, PASSWORD, TOTP_SECRET)

    page.goto("/principles/report/")

    expect(page.get_by_text(civil_servant.email)).to_be_visible()
    assert_accessible(page)
