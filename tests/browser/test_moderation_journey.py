import re

from playwright.sync_api import expect

from accounts.roles import Role
from moderation.models import Post
from tests.accounts.factories import PASSWORD, TOTP_SECRET, UserFactory, give_role
from tests.communities.factories import CommunityFactory

from .conftest import assert_accessible, sign_in


def new_page(browser, live_server):
    return browser.new_context(base_url=live_server.url).new_page()


def test_draft_review_revise_approve_post_and_flag(
    browser, live_server, civil_servant, press_officer, organisation
):
    CommunityFactory(name="Rail users forum", risk="high")
    second_officer = give_role(
        UserFactory(organisation=organisation, full_name="Chris Reid"),
        Role.PRESS_OFFICER,
        scope_over=[organisation],
    )

    author = new_page(browser, live_server)
    sign_in(author, civil_servant.email, PASSWORD)
    author.goto("/log/")
    assert_accessible(author)
    author.get_by_role("link", name="Log a conversation").click()
    assert_accessible(author)
    author.get_by_label("Community from the directory").select_option(
        label="Rail users forum"
    )
    author.get_by_label("Address of the thread").fill("https://rail.example.org/t/42")
    author.get_by_label("Correct a factual error").check()
    author.get_by_label("Topic").fill("Fares from May")
    author.get_by_label("Your post").fill("<p>Fares rise by 3% in May, not 10%.</p>")
    author.get_by_role("button", name="Save draft").click()
    expect(author.get_by_text("Needs press office approval because")).to_be_visible()
    assert_accessible(author)
    author.get_by_label("Yes, I said who I am and who I work for").check()
    author.get_by_role("button", name="Send to the press office").click()
    expect(author.get_by_text("Sent to the press office for review")).to_be_visible()
    post_url = author.url

    officer = new_page(browser, live_server)
    sign_in(officer, press_officer.email, PASSWORD, TOTP_SECRET)
    officer.goto("/review/")
    assert_accessible(officer)
    officer.get_by_role("link", name="Fares from May").click()
    officer.get_by_role("button", name="Claim: I am looking at this").click()
    expect(officer.get_by_text("You are now looking at this item")).to_be_visible()
    assert_accessible(officer)
    officer.get_by_label("Request changes").check()
    officer.get_by_label("Comment").fill("Please link the fares notice.")
    officer.get_by_role("button", name="Record decision").click()
    expect(
        officer.get_by_text("Changes requested. Alex Smith has been told.")
    ).to_be_visible()

    author.goto(post_url)
    expect(author.get_by_text("Please link the fares notice.").first).to_be_visible()
    author.get_by_role("link", name="Edit the post").click()
    author.get_by_label("Your post").fill(
        '<p>Fares rise by 3% in May: <a href="https://rail.example.org/notice">notice</a>.</p>'
    )
    author.get_by_role("button", name="Save draft").click()
    author.get_by_label("Yes, I said who I am and who I work for").check()
    author.get_by_role("button", name="Send to the press office").click()

    officer.goto(post_url)
    officer.get_by_label("Approve").check()
    officer.get_by_role("button", name="Record decision").click()
    expect(
        officer.get_by_text("Approved. Alex Smith has been told and can now post it.")
    ).to_be_visible()
    assert_accessible(officer)

    author.goto(post_url)
    author.get_by_label("Address of your post").fill("https://rail.example.org/t/42#p7")
    author.get_by_label("What happened in the conversation (optional)").fill(
        "Thread corrected."
    )
    author.get_by_role("button", name="Record as posted").click()
    expect(author.get_by_text("Recorded as posted.")).to_be_visible()
    assert_accessible(author)

    other = new_page(browser, live_server)
    sign_in(other, second_officer.email, PASSWORD, TOTP_SECRET)
    other.goto(post_url)
    other.get_by_label("Good practice").check()
    other.get_by_label("What happened").fill("A model correction: calm and sourced.")
    other.get_by_role("button", name="Flag for a learning review").click()
    expect(
        other.get_by_text(re.compile("Flagged. Alex Smith and their mentor"))
    ).to_be_visible()
    assert_accessible(other)
    other.goto("/review/after/")
    assert_accessible(other)

    post = Post.objects.get(topic="Fares from May")
    assert post.status == Post.Status.FLAGGED
    assert list(post.events.values_list("action", flat=True)) == [
        "edit",
        "submit",
        "claim",
        "request_changes",
        "edit",
        "submit",
        "approve",
        "record_posted",
        "flag",
    ]
    for page in (author, officer, other):
        page.context.close()
