"""Each role's home page, then a report with its chart, in a real browser."""

import os
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from moderation.models import Post
from moderation.rollups import rollup_rebuild
from tests.accounts.factories import PASSWORD, TOTP_SECRET, UserFactory
from tests.communities.factories import CommunityFactory
from tests.moderation.helpers import make_post

from .conftest import assert_accessible, sign_in

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "report-chart.png"


def new_page(browser, live_server):
    return browser.new_context(base_url=live_server.url).new_page()


def test_every_roles_home_page_is_accessible(
    browser, live_server, civil_servant, press_officer, trainer, editor, admin_user
):
    make_post(civil_servant)  # a draft for the civil servant's panel
    for person, totp in [
        (civil_servant, None),
        (press_officer, TOTP_SECRET),
        (trainer, TOTP_SECRET),
        (editor, TOTP_SECRET),
        (admin_user, TOTP_SECRET),
    ]:
        page = new_page(browser, live_server)
        sign_in(page, person.email, PASSWORD, totp)
        expect(page.get_by_role("heading", name="What needs you")).to_be_visible()
        assert_accessible(page)
        page.context.close()


def test_a_trainer_reads_a_chart_filters_it_and_downloads_the_csv(
    browser, live_server, trainer, organisation
):
    now = timezone.now()
    forums = [CommunityFactory(name=f"Forum {n}", platform="forum") for n in range(3)]
    for index, purpose in enumerate(
        ["answer_question"] * 5 + ["correct_error"] * 3 + ["offer_advice", "consult"]
    ):
        author = UserFactory(organisation=organisation)
        post = make_post(author, Post.Status.POSTED, community=forums[index % 3])
        Post.objects.filter(pk=post.pk).update(
            purpose=purpose, sent_at=now - timedelta(days=index * 3)
        )
    rollup_rebuild()  # make_post writes around the services, which keep the rollup

    page = new_page(browser, live_server)
    sign_in(page, trainer.email, PASSWORD, TOTP_SECRET)
    page.get_by_role("link", name="Reports").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Posts by purpose").click()
    chart = page.get_by_role("img", name="Posts by purpose")
    expect(chart).to_be_visible()
    expect(page.get_by_role("rowheader", name="Answer a question")).to_be_visible()
    assert_accessible(page)
    if os.environ.get("UPDATE_SCREENSHOTS"):
        page.set_viewport_size({"width": 1000, "height": 900})
        page.locator("figure.app-chart").screenshot(path=str(SCREENSHOT))

    # The dates are three boxes each (GOV.UK's date input): an impossible one
    # is explained at the top and at the field, with what was typed kept.
    start = page.get_by_role("group", name="From")
    start.get_by_label("Day").fill("31")
    start.get_by_label("Month").fill("2")
    start.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Apply").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the start date as a real date.")
    summary.get_by_role("link").click()  # takes you to the day box
    expect(start.get_by_label("Day")).to_be_focused()
    expect(start.get_by_label("Day")).to_have_value("31")
    assert_accessible(page)
    shown = page.viewport_size
    page.set_viewport_size({"width": 320, "height": shown["height"]})
    assert_accessible(page)  # axe again at 320 px: the boxes wrap, still labelled
    page.set_viewport_size(shown)

    page.get_by_role("link", name="All reports").click()
    page.get_by_role("link", name="Posts by purpose").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these figures as CSV").click()
    lines = Path(download.value.path()).read_text().splitlines()
    assert lines[:2] == ["Purpose,Posts", "Answer a question,5"]


# Each label's box on the page, left to right, with the chart's own box.
CHART_LABEL_BOXES = """() => {
    const box = (e) => { const r = e.getBoundingClientRect();
                         return {left: r.left, right: r.right}; };
    const labels = [...document.querySelectorAll('.app-chart__label')].map(box);
    return {chart: box(document.querySelector('.app-chart__svg')),
            labels: labels.sort((a, b) => a.left - b.left)};
}"""


def assert_labels_apart(page) -> int:
    boxes = page.evaluate(CHART_LABEL_BOXES)
    labels, chart = boxes["labels"], boxes["chart"]
    for left, right in zip(labels, labels[1:], strict=False):
        assert left["right"] <= right["left"], (page.url, left, right)
    assert chart["left"] <= labels[0]["left"] and labels[-1]["right"] <= chart["right"]
    return len(labels)


def test_weekly_chart_labels_never_overlap_at_1280_or_320(
    browser, live_server, press_officer, civil_servant
):
    today = timezone.localdate()
    for weeks_ago in range(0, 160, 3):
        post = make_post(civil_servant, Post.Status.POSTED)
        Post.objects.filter(pk=post.pk).update(
            sent_at=timezone.now() - timedelta(weeks=weeks_ago)
        )
    rollup_rebuild()

    page = new_page(browser, live_server)
    sign_in(page, press_officer.email, PASSWORD, TOTP_SECRET)
    for weeks in (8, 14, 16, 52, 150):
        start = today - timedelta(weeks=weeks - 1)
        page.goto(
            f"/reports/posts-by-week/?start_day={start.day}"
            f"&start_month={start.month}&start_year={start.year}"
        )
        expect(page.get_by_role("img", name="Posts by week")).to_be_visible()
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 900})
            assert 2 <= assert_labels_apart(page) <= 9
    assert_accessible(page)
