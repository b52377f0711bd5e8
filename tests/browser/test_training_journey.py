import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from guidelines.services import principles_acknowledge
from tests.accounts.factories import PASSWORD, TOTP_SECRET
from tests.guidelines.helpers import publish_principles
from training.models import Course, GrantedLevel, LevelStanding, PracticeReply
from training.services import assignment_progress, assignments_create, scenario_create

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


def test_a_new_joiner_is_assigned_found_paired_practises_and_is_raised_to_2(
    browser, live_server, settings, organisation, editor, trainer, mentor
):
    """Issue 21's journey, from the joiner's first visit to level 2: nobody
    assigns their required course, the trainer finds them in People and works
    from their record, the mentor reviews their practice reply and signs off."""
    settings.PRACTICE_REPLIES_REQUIRED = {1: 0, 2: 1}
    publish_principles(editor)
    required = Course.objects.create(
        title="Principles in practice",
        summary="What the principles ask, with examples.",
        format="e_learning",
        expected_minutes=45,
        required_for_level=1,
        self_confirmed=True,
        link="https://learning.example.gov.uk/principles",
        organisation=organisation,
        created_by=trainer,
    )
    scenario = scenario_create(
        title="An angry reply about bin collections",
        thread="<p>Why has nobody collected my bins for three weeks?</p>",
        situation="A resident is angry in a neighbourhood forum.",
        actor=trainer,
    )
    # The mentor meets level 2 as it now stands: the course done, a practice
    # reply approved long ago, the principles acknowledged (which recomputes).
    (done,) = assignments_create(
        course=required, people=[mentor], due_date=timezone.localdate(), actor=trainer
    )
    assignment_progress(assignment_id=done.pk, actor=mentor, finished=True)
    PracticeReply.objects.create(
        scenario=scenario,
        trainee=mentor,
        text="<p>An old reply.</p>",
        status=PracticeReply.Status.APPROVED,
    )
    principles_acknowledge(user=mentor)
    email = f"jordan@{organisation.email_domains.get().domain}"
    passphrase = "a-long-and-unusual-passphrase"

    joiner = browser.new_context(base_url=live_server.url).new_page()
    joiner.goto("/accounts/signup/")
    joiner.get_by_label("Full name").fill("Jordan Reyes")
    joiner.get_by_label("Email").fill(email)
    joiner.get_by_label("Password", exact=True).fill(passphrase)
    joiner.get_by_label("Password (again)").fill(passphrase)
    joiner.get_by_role("button", name="Create an account").click()
    joiner.wait_for_url("**/accounts/confirm-email/")
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    joiner.goto(link.group(0))
    joiner.get_by_role("button", name="Confirm").click()
    sign_in(joiner, email, passphrase)
    joiner.goto("/training/")  # assigned automatically on joining
    expect(
        joiner.get_by_role("cell", name=re.compile("^Principles in practice"))
    ).to_be_visible()
    assert_accessible(joiner)
    joiner.goto("/")
    joiner.get_by_role(
        "link", name="Read and acknowledge the current principles"
    ).click()
    joiner.get_by_role(
        "button", name="I have read and will follow these principles"
    ).click()
    joiner.goto("/training/")
    joiner.get_by_role(
        "button", name=re.compile(r"^Mark as finished\W+Principles in practice")
    ).click()
    expect(joiner.get_by_text("Completed").first).to_be_visible()
    assert_accessible(joiner)

    trainer_page = browser.new_context(base_url=live_server.url).new_page()
    sign_in(trainer_page, trainer.email, PASSWORD, TOTP_SECRET)
    trainer_page.goto("/training/people/")
    trainer_page.get_by_label("Name or email").fill("Jordan")
    trainer_page.get_by_label(re.compile("^Joined in the last")).check()
    trainer_page.get_by_label("Without a mentor").check()
    trainer_page.get_by_role("button", name="Find people").click()
    expect(trainer_page.get_by_text("1 person.")).to_be_visible()
    assert_accessible(trainer_page)
    trainer_page.get_by_role("link", name="Training record of Jordan Reyes").click()
    record_url = trainer_page.url
    assert_accessible(trainer_page)
    trainer_page.get_by_role("link", name="Pair Jordan Reyes with a mentor").click()
    expect(trainer_page.get_by_label("Mentee")).to_have_value(
        str(User.objects.get(email=email).pk)
    )
    trainer_page.get_by_label("Mentor").select_option(
        label=f"{mentor.full_name} ({mentor.email})"
    )
    trainer_page.get_by_label("Goals").fill("Level 2 within three months")
    trainer_page.get_by_label("End date").fill(
        (timezone.localdate() + timedelta(days=90)).isoformat()
    )
    trainer_page.get_by_role("button", name="Pair them").click()
    expect(trainer_page.get_by_text("Both have been told")).to_be_visible()

    joiner.goto("/training/practice/")
    assert_accessible(joiner)
    joiner.get_by_role("link", name=scenario.title).click()
    joiner.get_by_label("Your reply").fill(
        "Sorry about your bins. I have passed this to the waste team today."
    )
    joiner.get_by_role("button", name="Send to my mentor").click()
    expect(joiner.get_by_text("sent to your mentor")).to_be_visible()
    assert_accessible(joiner)

    mentor_page = browser.new_context(base_url=live_server.url).new_page()
    sign_in(mentor_page, mentor.email, PASSWORD)
    mentor_page.get_by_role("link", name="1 reply to review").click()
    mentor_page.get_by_role("link", name=f"Jordan Reyes: {scenario.title}").click()
    assert_accessible(mentor_page)
    mentor_page.get_by_label("Approve").check()
    mentor_page.get_by_role("button", name="Send review").click()
    expect(mentor_page.get_by_text("Review sent.")).to_be_visible()
    mentor_page.goto("/")
    mentor_page.get_by_role("link", name="Jordan Reyes").click()
    mentor_page.get_by_label("2: trusted").check()
    mentor_page.get_by_role("button", name="Sign off").click()
    expect(mentor_page.get_by_text("You signed off")).to_be_visible()
    assert_accessible(mentor_page)
    mentor_page.context.close()

    trainer_page.goto(record_url)
    expect(
        trainer_page.get_by_role("heading", name="What level 2 needs")
    ).to_be_visible()
    expect(trainer_page.get_by_text("Not met")).to_have_count(0)
    assert_accessible(trainer_page)
    trainer_page.get_by_label("2: trusted").check()
    trainer_page.get_by_label("Reason").fill("Practice approved and signed off")
    trainer_page.get_by_role("button", name="Record the decision").click()
    expect(trainer_page.get_by_text("is now at level 2")).to_be_visible()
    assert_accessible(trainer_page)
    trainer_page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(trainer_page)
    trainer_page.context.close()

    joiner.goto("/training/")
    assert_accessible(joiner)
    joiner.context.close()
    assert LevelStanding.objects.get(person__email=email).level == 2
