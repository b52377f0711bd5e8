from playwright.sync_api import expect

from conversations.models import OrganisationThread
from tests.accounts.factories import PASSWORD, TOTP_SECRET
from tests.communities.factories import CommunityFactory
from tests.conversations.factories import follows, item, sensitive, store

from .conftest import assert_accessible, sign_in


def new_page(browser, live_server):
    return browser.new_context(base_url=live_server.url).new_page()


def test_join_a_thread_from_home_and_the_press_office_marks_it(
    browser, live_server, civil_servant, press_officer, organisation
):
    follows(organisation, "Transport")
    sensitive(organisation, "Bus fares")
    forum = CommunityFactory(name="Rail users forum", risk="high")
    store(
        forum,
        item(
            7,
            title="Transport: <b>bus fares</b> up in May?",
            summary="<script>alert(1)</script>Does anyone know the new fares?",
            link="https://rail.example.org/t/7",
        ),
    )

    author = new_page(browser, live_server)
    sign_in(author, civil_servant.email, PASSWORD)
    expect(
        author.get_by_role("heading", name="Conversations you could join")
    ).to_be_visible()
    assert_accessible(author)
    author.get_by_role(
        "link", name="Join “Transport: bus fares up in May?” in Rail users forum"
    ).click()
    expect(author.get_by_label("Address of the thread")).to_have_value(
        "https://rail.example.org/t/7"
    )
    expect(author.get_by_label("Topic")).to_have_value(
        "Transport: bus fares up in May?"
    )
    expect(author.get_by_label("Community from the directory")).to_have_value(
        str(forum.pk)
    )
    assert_accessible(author)
    author.get_by_label("Answer a question").check()
    author.get_by_label("Your post").fill("<p>The new fares start on 1 May.</p>")
    author.get_by_role("button", name="Save draft").click()
    expect(
        author.get_by_text("Needs press office approval because it touches a sensitive")
    ).to_be_visible()
    author.get_by_label("Yes, I said who I am and who I work for").check()
    author.get_by_role("button", name="Send to the press office").click()
    expect(author.get_by_text("Sent to the press office for review")).to_be_visible()
    author.goto("/conversations/")
    expect(author.get_by_text("Post logged")).to_be_visible()
    assert_accessible(author)

    officer = new_page(browser, live_server)
    sign_in(officer, press_officer.email, PASSWORD, TOTP_SECRET)
    officer.get_by_role("link", name="1 new touching a sensitive topic").click()
    expect(officer.get_by_text("Sensitive: Bus fares")).to_be_visible()
    assert_accessible(officer)
    officer.get_by_role(
        "link", name="Decide on Transport: bus fares up in May?"
    ).click()
    assert_accessible(officer)
    officer.get_by_label("Note (optional)").fill("Check the May figures first")
    officer.get_by_role("button", name="Record the decision").click()
    expect(
        officer.get_by_text("Say whether it needs a response.").first
    ).to_be_visible()
    expect(officer.get_by_label("Note (optional)")).to_have_value(
        "Check the May figures first"
    )
    assert_accessible(officer)
    officer.get_by_label("A response: assign it to someone").check()
    officer.get_by_label("Who will respond").select_option(label="Priya Shah")
    officer.get_by_role("button", name="Record the decision").click()
    expect(
        officer.get_by_text(
            "Your decision on “Transport: bus fares up in May?” is recorded."
        )
    ).to_be_visible()
    assert_accessible(officer)
    match = OrganisationThread.objects.get(organisation=organisation)
    assert (match.status, match.assigned_to_id, match.has_post) == (
        "needs_response",
        press_officer.pk,
        True,
    )
