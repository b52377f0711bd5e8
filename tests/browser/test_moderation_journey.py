import re

from playwright.sync_api import expect

from accounts.roles import Role
from moderation.models import Claims, Post, ReviewPolicy
from tests.accounts.factories import PASSWORD, TOTP_SECRET, UserFactory, give_role
from tests.communities.factories import CommunityFactory
from tests.moderation.helpers import make_post

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


def test_required_claims_changes_requested_diff_approve_and_record(
    browser, live_server, civil_servant, press_officer, organisation
):
    """Issue 16's journey: officer A claims (claims required), officer B
    cannot decide, A asks for changes, the author sees the comment on top and
    revises, A sees what changed and approves, the author records it posted."""
    ReviewPolicy.objects.create(organisation=organisation, claims=Claims.REQUIRED)
    CommunityFactory(name="Rail users forum", risk="high")
    officer_b = give_role(
        UserFactory(organisation=organisation, full_name="Chris Reid"),
        Role.PRESS_OFFICER,
        scope_over=[organisation],
    )

    author = new_page(browser, live_server)
    sign_in(author, civil_servant.email, PASSWORD)
    author.goto("/log/new/")
    author.get_by_label("Community from the directory").select_option(
        label="Rail users forum"
    )
    author.get_by_label("Address of the thread").fill("https://rail.example.org/t/42")
    author.get_by_label("Answer a question").check()
    author.get_by_label("Topic").fill("Off-peak fares")
    author.get_by_label("Your post").fill("<p>Off-peak fares start at 9am.</p>")
    author.get_by_role("button", name="Save draft").click()
    author.get_by_label("Yes, I said who I am and who I work for").check()
    author.get_by_role("button", name="Send to the press office").click()
    expect(author.get_by_text("Sent to the press office for review")).to_be_visible()
    post_url = author.url

    officer_a = new_page(browser, live_server)
    sign_in(officer_a, press_officer.email, PASSWORD, TOTP_SECRET)
    officer_a.goto(post_url)
    expect(officer_a.get_by_text("Claim this item before you decide")).to_be_visible()
    expect(officer_a.get_by_role("button", name="Record decision")).to_have_count(0)
    officer_a.get_by_role("button", name="Claim: I am looking at this").click()
    expect(officer_a.get_by_role("button", name="Release my claim")).to_be_visible()
    expect(
        officer_a.get_by_role("button", name="Claim: I am looking at this")
    ).to_have_count(0)
    assert_accessible(officer_a)

    officer_b_page = new_page(browser, live_server)
    sign_in(officer_b_page, officer_b.email, PASSWORD, TOTP_SECRET)
    officer_b_page.goto(post_url)
    expect(officer_b_page.get_by_text("Priya Shah claimed this at")).to_be_visible()
    expect(officer_b_page.get_by_role("button", name="Record decision")).to_have_count(
        0
    )
    assert_accessible(officer_b_page)
    officer_b_page.context.close()

    officer_a.get_by_label("Request changes").check()
    officer_a.get_by_label("Comment").fill("Say which days: weekends differ.")
    officer_a.get_by_role("button", name="Record decision").click()
    expect(officer_a.get_by_text("Changes requested. Alex Smith")).to_be_visible()

    author.goto(post_url)
    banner = author.get_by_role("region", name="Changes requested")
    expect(banner).to_contain_text("Say which days: weekends differ.")
    assert_accessible(author)
    author.get_by_label("Reply to the press office").fill("Weekends start at 10am.")
    author.get_by_role("button", name="Send reply").click()
    expect(author.get_by_text("Your reply is on the post")).to_be_visible()
    author.get_by_role("link", name="Edit the post").click()
    author.get_by_label("Your post").fill(
        "<p>Off-peak fares start at 9am on weekdays and 10am at weekends.</p>"
    )
    author.get_by_role("button", name="Save draft").click()
    author.get_by_label("Yes, I said who I am and who I work for").check()
    author.get_by_role("button", name="Send to the press office").click()
    expect(author.get_by_text("Sent to the press office for review")).to_be_visible()

    officer_a.goto(post_url)
    officer_a.get_by_role("button", name="Claim: I am looking at this").click()
    changes = officer_a.locator(".app-diff")
    expect(changes.locator("del")).to_have_text("Off-peak fares start at 9am.")
    expect(changes.locator("ins")).to_have_text(
        "Off-peak fares start at 9am on weekdays and 10am at weekends."
    )
    expect(officer_a.get_by_text("Weekends start at 10am.", exact=True)).to_be_visible()
    assert_accessible(officer_a)
    officer_a.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(officer_a)
    officer_a.set_viewport_size({"width": 1280, "height": 800})
    officer_a.get_by_label("Approve").check()
    officer_a.get_by_role("button", name="Record decision").click()
    expect(officer_a.get_by_text("Approved. Alex Smith has been told")).to_be_visible()
    officer_a.context.close()

    author.goto(post_url)
    author.get_by_label("Address of your post").fill("https://rail.example.org/t/42#p3")
    author.get_by_role("button", name="Record as posted").click()
    expect(author.get_by_text("Recorded as posted.")).to_be_visible()
    assert_accessible(author)
    author.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(author)
    author.context.close()
    assert Post.objects.get(topic="Off-peak fares").status == Post.Status.POSTED


def test_the_only_press_officers_post_is_reviewed_by_an_administrator(
    browser, live_server, press_officer, admin_user
):
    """The sole-reviewer fallback, end to end: the draft page says where it
    will go, the administrator finds it on their home page and approves it."""
    CommunityFactory(name="Rail users forum", risk="high")
    author = new_page(browser, live_server)
    sign_in(author, press_officer.email, PASSWORD, TOTP_SECRET)
    author.goto("/log/new/")
    author.get_by_label("Community from the directory").select_option(
        label="Rail users forum"
    )
    author.get_by_label("Address of the thread").fill("https://rail.example.org/t/7")
    author.get_by_label("Answer a question").check()
    author.get_by_label("Topic").fill("Station parking")
    author.get_by_label("Your post").fill("<p>The car park reopens on Monday.</p>")
    author.get_by_role("button", name="Save draft").click()
    expect(
        author.get_by_text("so it will go to the portal's administrators")
    ).to_be_visible()
    assert_accessible(author)
    author.get_by_label("Yes, I said who I am and who I work for").check()
    author.get_by_role("button", name="Send to the press office").click()
    expect(author.get_by_text("Reviewed by")).to_be_visible()
    author.context.close()

    admin = new_page(browser, live_server)
    sign_in(admin, admin_user.email, PASSWORD, TOTP_SECRET)
    expect(admin.get_by_text("Organisations with no second reviewer")).to_be_visible()
    admin.get_by_role("link", name="1 waiting for review").click()
    assert_accessible(admin)
    admin.get_by_role("link", name="Station parking").click()
    assert_accessible(admin)
    admin.get_by_label("Approve").check()
    admin.get_by_role("button", name="Record decision").click()
    expect(admin.get_by_text("Approved.")).to_be_visible()
    admin.goto("/")
    assert_accessible(admin)
    admin.context.close()
    assert Post.objects.get(topic="Station parking").status == Post.Status.APPROVED


def test_bulk_approval_is_confirmed_on_a_list_of_the_chosen_items(
    browser, live_server, civil_servant, press_officer
):
    for topic, risk in (("Fares in the angry forum", "high"), ("Bin days", "low")):
        make_post(
            civil_servant,
            status=Post.Status.AWAITING_REVIEW,
            topic=topic,
            community=CommunityFactory(risk=risk),
        )
    officer = new_page(browser, live_server)
    sign_in(officer, press_officer.email, PASSWORD, TOTP_SECRET)
    officer.goto("/review/")
    officer.get_by_label("Select Fares in the angry forum").check()
    officer.get_by_label("Select Bin days").check()
    officer.get_by_role("button", name="Approve the selected items").click()

    expect(officer.get_by_role("heading", name="Approve 2 items?")).to_be_visible()
    expect(officer.get_by_text("High risk")).to_have_count(1)
    assert_accessible(officer)
    officer.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(officer)
    officer.get_by_role("button", name="Approve 2 items").click()
    expect(officer.get_by_text("Approved 2.")).to_be_visible()
    officer.context.close()
    assert Post.objects.filter(status=Post.Status.APPROVED).count() == 2
