import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, TOTP_SECRET
from training.models import Course, GrantedLevel

from .conftest import assert_accessible, sign_in


def test_trainer_assigns_pairs_mentor_signs_off_and_trainer_raises_level(
    browser, live_server, trainer, mentor, civil_servant
):
    Course.objects.create(
        title="Handling hostile threads",
        summary="s",
        format="workshop",
        expected_minutes=90,
        created_by=trainer,
    )
    Course.objects.create(
        title="Writing for social media",
        summary="Self-paced.",
        format="e_learning",
        expected_minutes=30,
        self_confirmed=True,
        link="https://learning.example.gov.uk/social",
        created_by=trainer,
    )
    due = (timezone.localdate() + timedelta(days=20)).isoformat()
    page = browser.new_context(base_url=live_server.url).new_page()
    sign_in(page, trainer.email, PASSWORD, TOTP_SECRET)

    page.goto("/training/manage/")
    assert_accessible(page)
    page.get_by_role("link", name="Assign a course").click()
    page.get_by_label("Course").select_option(label="Handling hostile threads")
    page.get_by_label(f"{civil_servant.full_name} ({civil_servant.email})").check()
    page.get_by_label("Due date").fill(due)
    page.get_by_role("button", name="Assign course").click()
    expect(page.get_by_text("assigned to 1 person")).to_be_visible()

    page.get_by_role("link", name="Pair a mentor").click()
    assert_accessible(page)
    page.get_by_label("Mentor").select_option(
        label=f"{mentor.full_name} ({mentor.email})"
    )
    page.get_by_label("Mentee").select_option(
        label=f"{civil_servant.full_name} ({civil_servant.email})"
    )
    page.get_by_label("Goals").fill("Ready for level 2 by spring")
    page.get_by_label("End date").fill(due)
    page.get_by_role("button", name="Pair them").click()
    expect(page.get_by_text("Both have been told")).to_be_visible()
    mentoring_url = page.url
    page.goto("/training/courses/")
    assert_accessible(page)

    mentor_page = browser.new_context(base_url=live_server.url).new_page()
    sign_in(mentor_page, mentor.email, PASSWORD)
    mentor_page.goto(mentoring_url)
    assert_accessible(mentor_page)
    mentor_page.get_by_label("Date of the session").fill(
        timezone.localdate().isoformat()
    )
    mentor_page.get_by_label("Notes").fill("Talked through a hostile thread.")
    mentor_page.get_by_role("button", name="Log session").click()
    expect(mentor_page.get_by_text("Session logged.")).to_be_visible()
    mentor_page.get_by_label("2: trusted").check()
    mentor_page.get_by_role("button", name="Sign off").click()
    expect(mentor_page.get_by_text("You signed off")).to_be_visible()
    assert_accessible(mentor_page)
    mentor_page.goto("/")  # the mentor's home: their mentee, sessions this month
    expect(
        mentor_page.get_by_role("link", name=civil_servant.full_name)
    ).to_be_visible()
    expect(mentor_page.get_by_text("1 session logged since")).to_be_visible()
    assert_accessible(mentor_page)
    mentor_page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(mentor_page)
    mentor_page.context.close()

    # The trainer's session is still open: signing in again within the same
    # 30-second window would reuse a TOTP code, which allauth rightly refuses.
    page.goto("/training/manage/")
    page.get_by_role("link", name="People", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Name or email").fill(civil_servant.full_name)
    page.get_by_label("Without a mentor").check()
    page.get_by_role("button", name="Find people").click()
    expect(page.get_by_text("Nobody matches")).to_be_visible()  # they have one
    page.get_by_label("Without a mentor").uncheck()
    page.get_by_role("button", name="Find people").click()
    expect(page.get_by_text("1 person.")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role(
        "link", name=f"Training record of {civil_servant.full_name}"
    ).click()
    expect(page.get_by_text("A mentor's sign-off as ready for level 2")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_label("2: trusted").check()
    page.get_by_label("Reason").fill("Signed off by mentor after practice")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("is now at level 2")).to_be_visible()
    page.context.close()
    assert GrantedLevel.objects.get(person=civil_servant).level == 2

    trainee = browser.new_context(base_url=live_server.url).new_page()
    sign_in(trainee, civil_servant.email, PASSWORD)
    trainee.goto("/training/")
    expect(
        trainee.get_by_role("cell", name=re.compile("^Handling hostile threads"))
    ).to_be_visible()
    assert_accessible(trainee)
    trainee.get_by_role("button", name="Start Writing for social media").click()
    expect(trainee.get_by_text("is in your courses")).to_be_visible()
    trainee.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(trainee)
    trainee.set_viewport_size({"width": 1280, "height": 800})
    trainee.goto("/training/practice/")
    assert_accessible(trainee)
    trainee.context.close()
