import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber, TruncWeek
from django.utils import timezone

from accounts.models import Organisation
from accounts.roles import Role
from communities.models import Platform
from guidelines.services import principles_acknowledge
from moderation.models import Action, Flag, Post, PostEvent, Purpose
from moderation.rollups import DECISIONS, rollup_rebuild
from participation import reports
from tests.accounts.factories import UserFactory, give_role
from tests.communities.factories import CommunityFactory
from tests.guidelines.helpers import publish_principles
from tests.moderation.helpers import make_post
from tests.moderation.scenarios import DAYS, FIRST_DAY, build_world, write_posts
from training.models import GrantedLevel
from training.services import course_create, levels_recompute

pytestmark = pytest.mark.django_db

# A fixed week in the past, so "Posts by week" has a known shape.
MONDAY = timezone.make_aware(datetime(2026, 10, 5, 10, 0))
RANGE = {"start": "2026-10-01", "end": "2026-10-31"}


def sent(author, days=0, start=MONDAY, **fields) -> Post:
    post = make_post(author, status=fields.pop("status", Post.Status.POSTED), **fields)
    Post.objects.filter(pk=post.pk).update(sent_at=start + timedelta(days=days))
    rollup_rebuild()  # these fixtures write around the services, which keep it
    return post


def decided_after(post, hours: float, action=Action.APPROVE) -> None:
    """A submission and, `hours` later, the press office's decision."""
    submit = PostEvent.objects.create(
        post=post,
        actor=post.author,
        action=Action.SUBMIT,
        old_status="draft",
        new_status="awaiting_review",
    )
    decision = PostEvent.objects.create(
        post=post,
        actor=None,
        action=action,
        old_status="awaiting_review",
        new_status="approved",
    )
    PostEvent.objects.filter(pk=submit.pk).update(created_at=MONDAY)
    PostEvent.objects.filter(pk=decision.pk).update(
        created_at=MONDAY + timedelta(hours=hours)
    )
    rollup_rebuild()  # fills the decision's submission time, as _decide would


def table_of(response) -> list[list[str]]:
    return [[str(cell) for cell in row] for row in response.context["table"].rows]


def csv_of(response) -> list[list[str]]:
    text = b"".join(
        response.streaming_content if response.streaming else [response.content]
    )
    return list(csv.reader(io.StringIO(text.decode())))


@pytest.fixture
def council_trainer(other_organisation):
    user = UserFactory(organisation=other_organisation, full_name="Kim Council")
    return give_role(user, Role.TRAINER, scope_over=[other_organisation])


# Who may see what ---------------------------------------------------------


@pytest.mark.parametrize("who", ["press_officer", "trainer", "admin_user"])
def test_overseers_may_open_the_reports(request, client_for, who):
    client = client_for(request.getfixturevalue(who))

    assert client.get("/reports/").status_code == 200
    assert client.get("/reports/posts-by-week/").status_code == 200


@pytest.mark.parametrize("who", ["civil_servant", "editor"])
def test_people_without_an_overseeing_role_are_refused(request, client_for, who):
    client = client_for(request.getfixturevalue(who))

    assert client.get("/reports/").status_code == 403
    assert client.get("/reports/posts-by-week/").status_code == 403
    assert client.get("/reports/posts-by-week.csv").status_code == 403
    assert client.get("/reports/transparency.csv?quarter=2026-Q4").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/reports/posts-by-week/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_councils_trainer_sees_only_that_council(
    client_for, council_trainer, civil_servant, other_org_civil_servant
):
    sent(civil_servant)
    sent(other_org_civil_servant)
    sent(other_org_civil_servant)

    response = client_for(council_trainer).get("/reports/posts-by-organisation/", RANGE)

    assert table_of(response) == [["Testshire County Council", "2"]]


def test_a_departments_press_officer_does_not_see_the_council(
    client_for, press_officer, civil_servant, other_org_civil_servant
):
    sent(civil_servant)
    sent(other_org_civil_servant)

    response = client_for(press_officer).get("/reports/posts-by-organisation/", RANGE)

    assert table_of(response) == [["Department for Testing", "1"]]


def test_asking_for_another_organisation_is_refused_with_a_message(
    client_for, press_officer, other_organisation, other_org_civil_servant
):
    sent(other_org_civil_servant)

    response = client_for(press_officer).get(
        "/reports/posts-by-organisation/",
        {**RANGE, "organisation": other_organisation.pk},
    )

    assert response.status_code == 400
    assert "Choose one of your organisations." in response.content.decode()
    assert "table" not in response.context


def test_administrators_see_every_organisation_and_the_government_reports(
    client_for, admin_user, civil_servant, other_org_civil_servant
):
    sent(civil_servant)
    sent(other_org_civil_servant)
    client = client_for(admin_user)

    response = client.get("/reports/posts-by-organisation/", RANGE)

    assert len(table_of(response)) == 2
    assert client.get("/reports/shared-communities/").status_code == 200
    assert (
        "Communities shared across government"
        in client.get("/reports/").content.decode()
    )


def test_government_reports_are_not_for_press_officers(client_for, press_officer):
    client = client_for(press_officer)

    assert client.get("/reports/shared-communities/").status_code == 404
    assert client.get("/reports/central-and-local.csv").status_code == 404
    assert "Communities shared" not in client.get("/reports/").content.decode()


def test_an_unknown_report_is_not_found(client_for, press_officer):
    assert client_for(press_officer).get("/reports/no-such-report/").status_code == 404


# The figures, against hand-counted fixtures ------------------------------


def test_posts_by_week_counts_each_week_including_quiet_ones(
    client_for, press_officer, civil_servant
):
    sent(civil_servant, days=0)
    sent(civil_servant, days=2)
    sent(civil_servant, days=14)
    sent(civil_servant, days=60)  # outside the range

    response = client_for(press_officer).get(
        "/reports/posts-by-week/", {"start": "2026-10-05", "end": "2026-10-25"}
    )

    assert table_of(response) == [
        ["5 Oct 2026", "2"],
        ["12 Oct 2026", "0"],
        ["19 Oct 2026", "1"],
    ]


def test_posts_by_platform_purpose_and_community(
    client_for, press_officer, civil_servant
):
    forum = CommunityFactory(name="Bus users forum", platform="forum")
    sent(civil_servant, community=forum, purpose="answer_question")
    sent(civil_servant, community=forum, purpose="correct_error")
    unlisted = sent(civil_servant, purpose="answer_question")
    Post.objects.filter(pk=unlisted.pk).update(community=None)
    rollup_rebuild()
    client = client_for(press_officer)

    platform = table_of(client.get("/reports/posts-by-platform/", RANGE))
    purpose = table_of(client.get("/reports/posts-by-purpose/", RANGE))
    community = table_of(client.get("/reports/posts-by-community/", RANGE))

    assert platform == [["Forum", "2"], ["Not in the directory", "1"]]
    assert purpose == [["Answer a question", "2"], ["Correct a factual error", "1"]]
    assert community == [["Bus users forum", "2"], ["Not in the directory", "1"]]


def test_time_to_decision_gives_the_median_and_90th_percentile(
    client_for, press_officer, civil_servant
):
    for hours in [10, 1, 9, 2, 8, 3, 7, 4, 6, 5]:  # nearest rank: 5th and 9th
        decided_after(sent(civil_servant, status=Post.Status.APPROVED), hours)

    response = client_for(press_officer).get("/reports/time-to-decision/", RANGE)

    assert table_of(response) == [["Department for Testing", "5.0", "9.0", "10"]]


def test_time_to_decision_counts_from_the_latest_submission(
    client_for, press_officer, civil_servant
):
    post = sent(civil_servant, status=Post.Status.APPROVED)
    decided_after(post, 30, action=Action.REQUEST_CHANGES)
    resubmitted = PostEvent.objects.create(
        post=post,
        actor=civil_servant,
        action=Action.SUBMIT,
        old_status="draft",
        new_status="awaiting_review",
    )
    approved = PostEvent.objects.create(
        post=post,
        actor=None,
        action=Action.APPROVE,
        old_status="awaiting_review",
        new_status="approved",
    )
    PostEvent.objects.filter(pk=resubmitted.pk).update(
        created_at=MONDAY + timedelta(days=3)
    )
    PostEvent.objects.filter(pk=approved.pk).update(
        created_at=MONDAY + timedelta(days=3, hours=2)
    )
    rollup_rebuild()

    response = client_for(press_officer).get("/reports/time-to-decision/", RANGE)

    # Decisions after 30 and 2 hours: the median of two is the first by rank.
    assert table_of(response) == [["Department for Testing", "2.0", "30.0", "2"]]


def test_flags_by_category_lists_every_category(
    client_for, press_officer, civil_servant
):
    post = sent(civil_servant)
    for category in ["tone", "tone", "breach"]:
        flag = Flag.objects.create(
            post=post,
            organisation=post.organisation,
            category=category,
            note="n",
            raised_by=press_officer,
        )
        Flag.objects.filter(pk=flag.pk).update(raised_at=MONDAY)

    rows = dict(
        table_of(client_for(press_officer).get("/reports/flags-by-category/", RANGE))
    )

    assert rows["Tone"] == "2" and rows["Breach of principles"] == "1"
    assert rows["Good practice"] == "0" and len(rows) == len(Flag.Category.choices)


@pytest.mark.own_personas  # counts everybody in the organisation
def test_people_by_level_counts_level_one_by_default_in_the_trainers_organisations(
    client_for, trainer, organisation, other_organisation
):
    people = UserFactory.create_batch(3, organisation=organisation)
    GrantedLevel.objects.create(person=people[0], level=3)
    UserFactory(organisation=other_organisation)  # not the trainer's

    rows = table_of(client_for(trainer).get("/reports/people-by-level/"))

    # Three people plus the trainer themself; nobody from the council.
    assert [row[1] for row in rows] == ["0", "3", "0", "1"]


@pytest.mark.own_personas  # counts everybody in the organisation
def test_dashboard_report_and_both_csvs_count_the_same_effective_levels(
    client_for, trainer, editor, mentor, organisation, civil_servant
):
    publish_principles(editor)
    for person in (trainer, civil_servant, mentor):
        principles_acknowledge(user=person)
    course_create(
        actor=trainer,
        organisation=organisation,
        title="Handling hostility",
        summary="s",
        format="workshop",
        expected_minutes=60,
        required_for_level=2,
    )
    # Granted 2, but the workshop is still to do: effective level 1.
    GrantedLevel.objects.create(person=civil_servant, level=2)
    levels_recompute(person_ids=[civil_servant.pk])
    UserFactory(organisation=organisation)  # has not acknowledged: level 0
    client = client_for(trainer)

    dashboard = client.get("/training/manage/").context["rows"][0].level_counts
    dashboard_csv = csv_of(client.get("/training/manage/dashboard.csv"))[1][1:5]
    report = [row[1] for row in table_of(client.get("/reports/people-by-level/"))]
    report_csv = [row[1] for row in csv_of(client.get("/reports/people-by-level.csv"))]

    # Editor and the new person at 0; trainer, mentor and the civil servant at 1.
    assert [str(n) for n in dashboard] == ["2", "3", "0", "0"]
    assert dashboard_csv == report == report_csv[1:] == ["2", "3", "0", "0"]


def test_government_view_of_shared_communities_and_central_and_local(
    client_for, admin_user, civil_servant, other_org_civil_servant
):
    shared, alone = CommunityFactory(name="Shared one"), CommunityFactory(name="Alone")
    sent(civil_servant, community=shared)
    sent(other_org_civil_servant, community=shared)
    sent(other_org_civil_servant, community=alone)
    client = client_for(admin_user)

    shared_rows = table_of(client.get("/reports/shared-communities/", RANGE))
    kinds = table_of(client.get("/reports/central-and-local/", RANGE))

    assert shared_rows == [["Shared one", "2", "2"]]
    assert kinds == [
        ["Central government department", "1", "1"],
        ["Agency or public body", "0", "0"],
        ["Local council", "2", "1"],
    ]


# Charts, CSV, empty states ------------------------------------------------


def test_a_report_draws_an_accessible_chart_above_its_table(
    client_for, press_officer, civil_servant
):
    sent(civil_servant)

    page = (
        client_for(press_officer)
        .get("/reports/posts-by-purpose/", RANGE)
        .content.decode()
    )

    assert '<svg role="img" aria-labelledby="chart-title chart-description"' in page
    assert '<title id="chart-title">Posts by purpose</title>' in page
    assert "<table" in page and page.index("<svg") < page.index("<table")


@pytest.mark.parametrize("slug", [r.slug for r in reports.REPORTS])
def test_the_csv_download_equals_the_table(client_for, admin_user, civil_servant, slug):
    for days in (0, 1, 9):
        decided_after(sent(civil_servant, days=days), hours=days + 1)
    client = client_for(admin_user)

    page = client.get(f"/reports/{slug}/", RANGE)
    download = client.get(f"/reports/{slug}.csv", RANGE)

    assert download["Content-Type"].startswith("text/csv")
    assert csv_of(download) == [page.context["table"].columns, *table_of(page)]


def test_an_empty_report_says_so_instead_of_drawing_nothing(client_for, press_officer):
    response = client_for(press_officer).get("/reports/posts-by-purpose/", RANGE)

    assert response.status_code == 200
    assert "Nothing to report for these filters." in response.content.decode()
    assert "<svg" not in response.content.decode()


@pytest.mark.parametrize(
    "params, message",
    [
        ({"start": "2026-13-45"}, "Enter the start date as a real date."),
        ({"end": "yesterday"}, "Enter the end date as a real date."),
        (
            {"start": "2026-10-31", "end": "2026-10-01"},
            "The start date must be on or before",
        ),
        ({"start": "2010-01-01", "end": "2026-01-01"}, "three years or less"),
        (
            {"organisation": "<script>alert(1)</script>"},
            "Choose one of your organisations.",
        ),
        ({"organisation": "9" * 30}, "Choose one of your organisations."),
    ],
)
def test_bad_filters_get_a_clear_message_and_a_400(
    client_for, press_officer, params, message
):
    response = client_for(press_officer).get("/reports/posts-by-week/", params)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "<script>alert(1)" not in page


def start_boxes(day, month, year) -> dict[str, str]:
    return {"start_day": day, "start_month": month, "start_year": year}


@pytest.mark.parametrize(
    "params, message",
    [
        (start_boxes("one", "10", "2026"), "Enter the start date as a real date."),
        (start_boxes("31", "2", "2026"), "Enter the start date as a real date."),
        (start_boxes("1", "", "2026"), "The start date must include a month."),
        (start_boxes("", "", "2026"), "The start date must include a day and month."),
        (
            start_boxes("1", "10", "99999"),
            "Enter the year of the start date as 4 digits.",
        ),
        # Control characters are stripped on the way in: what is left is empty.
        (start_boxes("\x00\x1b", "10", "2026"), "The start date must include a day."),
        (
            {"end_day": "<b>1</b>", "end_month": "10", "end_year": "2026"},
            "Enter the end date as a real date.",
        ),
    ],
)
def test_bad_dates_in_the_three_boxes_are_explained_and_kept(
    client_for, press_officer, params, message
):
    response = client_for(press_officer).get("/reports/posts-by-week/", params)

    assert response.status_code == 400
    page = response.content.decode()
    field = "end" if "end_day" in params else "start"
    summary = page.split('class="govuk-error-summary"')[1].split("</div>")[0]
    assert f'<a href="#id_{field}_0">{message}</a>' in summary
    assert f'<p id="id_{field}_error" class="govuk-error-message">' in page
    for name, value in params.items():
        if value and value.isprintable() and "<" not in value:
            assert f'name="{name}" value="{value}"' in page
    assert "<b>1</b>" not in page


def test_dates_typed_in_the_three_boxes_filter_the_report(
    client_for, press_officer, civil_servant
):
    sent(civil_servant, days=0)
    sent(civil_servant, days=14)

    response = client_for(press_officer).get(
        "/reports/posts-by-week/",
        {**start_boxes("5", "10", "2026"), "end_day": "11", "end_month": "Oct"}
        | {"end_year": "2026"},
    )

    assert response.status_code == 200
    assert table_of(response) == [["5 Oct 2026", "1"]]


def test_bad_filters_on_a_csv_download_are_refused(client_for, press_officer):
    response = client_for(press_officer).get(
        "/reports/posts-by-week.csv", {"start": "x"}
    )

    assert response.status_code == 400


# Query counts: aggregated in the database ---------------------------------


@pytest.mark.parametrize("slug", [r.slug for r in reports.REPORTS])
def test_a_reports_queries_do_not_grow_with_its_rows(
    client_for, admin_user, civil_servant, queries, slug
):
    client = client_for(admin_user)

    def count():
        with queries() as captured:
            assert client.get(f"/reports/{slug}/", RANGE).status_code == 200
        return len(captured)

    decided_after(sent(civil_servant, community=CommunityFactory()), hours=1)
    count()  # warms the cached principles baseline (people by level reads it)
    few = count()
    for days in range(12):
        other = UserFactory(organisation=civil_servant.organisation)
        decided_after(
            sent(other, days=days % 20, community=CommunityFactory()), hours=days
        )
    assert count() == few


# The transparency return --------------------------------------------------


def last_quarter() -> tuple[str, datetime]:
    """The quarter before this one (always offered), and its first moment."""
    today = timezone.localdate()
    year, quarter = today.year, (today.month - 1) // 3
    if quarter == 0:
        year, quarter = year - 1, 4
    start, _ = reports.quarter_range(year, quarter)
    return f"{year}-Q{quarter}", timezone.make_aware(
        datetime(*start.timetuple()[:3], 9)
    )


def test_the_transparency_return_lists_the_quarters_engagements_without_text(
    client_for, press_officer, civil_servant, other_org_civil_servant
):
    quarter, start = last_quarter()
    forum = CommunityFactory(name="Bus users forum", platform="forum")
    sent(civil_servant, start=start, community=forum, text="<p>Secret wording</p>")
    sent(civil_servant, 1, start, community=forum, status=Post.Status.REJECTED)
    sent(other_org_civil_servant, start=start, community=forum)  # not this office's
    sent(civil_servant, 100, start)  # the quarter after

    response = client_for(press_officer).get(
        "/reports/transparency.csv", {"quarter": quarter}
    )

    rows = csv_of(response)
    assert response["Content-Disposition"].endswith(f'transparency-{quarter}.csv"')
    organisation = ["Department for Testing", "Central government department"]
    community = ["Bus users forum", "Forum", "Answer a question"]
    assert rows == [
        reports.TRANSPARENCY_COLUMNS,
        [f"{start:%Y-%m-%d}", *organisation, *community, "Posted"],
        [f"{start + timedelta(1):%Y-%m-%d}", *organisation, *community, "Not approved"],
    ]
    assert not any("Secret" in cell for row in rows for cell in row)


def test_the_transparency_return_tells_lapsed_approvals_from_returned_drafts(
    client_for, press_officer, civil_servant
):
    quarter, start = last_quarter()
    returned = sent(civil_servant, start=start, status=Post.Status.DRAFT)
    lapsed = sent(civil_servant, 1, start, status=Post.Status.DRAFT)
    for post, action in [(returned, Action.REQUEST_CHANGES), (lapsed, Action.EXPIRE)]:
        PostEvent.objects.create(
            post=post, action=action, old_status="approved", new_status="draft"
        )

    rows = csv_of(
        client_for(press_officer).get("/reports/transparency.csv", {"quarter": quarter})
    )

    assert [row[-1] for row in rows[1:]] == ["Returned for changes", "Approval lapsed"]


@pytest.mark.parametrize("quarter", ["", "2026-Q9", "1999-Q1", "<b>x</b>"])
def test_the_transparency_return_refuses_a_quarter_it_does_not_offer(
    client_for, press_officer, quarter
):
    response = client_for(press_officer).get(
        "/reports/transparency.csv", {"quarter": quarter}
    )

    assert response.status_code == 400
    assert "Choose" in response.content.decode()


def test_quarter_ranges_cover_each_quarter_exactly():
    assert reports.quarter_range(2026, 1) == (
        datetime(2026, 1, 1).date(),
        datetime(2026, 3, 31).date(),
    )
    assert reports.quarter_range(2026, 4) == (
        datetime(2026, 10, 1).date(),
        datetime(2026, 12, 31).date(),
    )


def test_government_reports_cover_every_organisation_whatever_is_asked(
    client_for, admin_user, organisation, civil_servant, other_org_civil_servant
):
    sent(civil_servant)
    sent(other_org_civil_servant)

    response = client_for(admin_user).get(
        "/reports/central-and-local/", {**RANGE, "organisation": organisation.pk}
    )

    assert "organisation" not in response.context["form"].fields
    assert [row[1] for row in table_of(response)] == ["1", "0", "1"]
    assert "every organisation" in response.content.decode()


@pytest.mark.parametrize("params", [{"end": "9999-12-31"}, {"start": "0001-01-01"}])
def test_dates_far_outside_the_portals_life_are_refused(
    client_for, press_officer, params
):
    response = client_for(press_officer).get("/reports/posts-by-week/", params)

    assert response.status_code == 400
    assert "Enter a date between 1 January 2000 and" in response.content.decode()


def test_decisions_made_within_minutes_are_still_reported(
    client_for, press_officer, civil_servant
):
    decided_after(sent(civil_servant, status=Post.Status.APPROVED), hours=0.02)

    response = client_for(press_officer).get("/reports/time-to-decision/", RANGE)

    assert table_of(response) == [["Department for Testing", "0.0", "0.0", "1"]]
    assert "Nothing to report" not in response.content.decode()


# The same figures as when reports counted posts ---------------------------
# The report functions as they were before the rollup, kept here to count the
# same seeded data both ways.


def old_sent_posts(filters):
    return Post.objects.filter(
        organisation__in=filters.organisations,
        sent_at__gte=filters.since,
        sent_at__lt=filters.until,
    )


def old_counts(queryset, field, labels, missing=""):
    rows = (
        queryset.values(field)
        .annotate(n=Count("pk"))
        .order_by("-n", field)
        .values_list(field, "n")
    )
    return [[labels.get(key, missing or key), n] for key, n in rows]


def old_posts_by_week(filters):
    counts = {
        timezone.localtime(week).date(): n
        for week, n in old_sent_posts(filters)
        .annotate(week=TruncWeek("sent_at"))
        .values("week")
        .annotate(n=Count("pk"))
        .values_list("week", "n")
    }
    monday = filters.start - timedelta(days=filters.start.weekday())
    rows = []
    while monday <= filters.end:
        rows.append([f"{monday:%-d %b %Y}", counts.get(monday, 0)])
        monday += timedelta(weeks=1)
    return ["Week beginning", "Posts"], rows


def old_posts_by_platform(filters):
    return ["Platform", "Posts"], old_counts(
        old_sent_posts(filters),
        "community__platform",
        dict(Platform.choices),
        reports.NOT_IN_DIRECTORY,
    )


def old_posts_by_purpose(filters):
    return ["Purpose", "Posts"], old_counts(
        old_sent_posts(filters), "purpose", dict(Purpose.choices)
    )


def old_posts_by_community(filters):
    rows = list(
        old_sent_posts(filters)
        .values("community_id")
        .annotate(
            name=Coalesce("community__name", Value(reports.NOT_IN_DIRECTORY)),
            n=Count("pk"),
        )
        .order_by("-n", "name")
        .values_list("name", "n")[: reports.COMMUNITY_ROWS]
    )
    return ["Community", "Posts"], [list(row) for row in rows]


def old_posts_by_organisation(filters):
    return ["Organisation", "Posts"], old_counts(
        old_sent_posts(filters), "organisation__name", labels={}
    )


def old_decisions(filters):
    submitted = (
        PostEvent.objects.filter(
            post=OuterRef("post"),
            action=Action.SUBMIT,
            created_at__lte=OuterRef("created_at"),
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return (
        PostEvent.objects.filter(
            action__in=DECISIONS,
            post__organisation__in=filters.organisations,
            created_at__gte=filters.since,
            created_at__lt=filters.until,
        )
        .annotate(submitted=Subquery(submitted))
        .exclude(submitted=None)
        .annotate(
            waited=ExpressionWrapper(
                F("created_at") - F("submitted"), output_field=DurationField()
            )
        )
    )


def old_sql_rank(total, tenths):
    return (total * tenths + 9) / 10  # integer columns: integer division in SQL


def old_percentiles(decisions, partition):
    """The database ranked every decision in range and returned the two that
    are the percentiles."""
    ranked = decisions.annotate(
        group=partition,
        position=Window(
            RowNumber(), partition_by=[partition], order_by=F("waited").asc()
        ),
        total=Window(Count("pk"), partition_by=[partition]),
    ).filter(
        Q(position=old_sql_rank(F("total"), 5))
        | Q(position=old_sql_rank(F("total"), 9))
    )
    found = {}
    for group, position, total, waited in ranked.values_list(
        "group", "position", "total", "waited"
    ):
        median, p90 = found.get(group, (total, None, None))[1:]
        if position == reports._rank(total, 5):
            median = waited
        if position == reports._rank(total, 9):
            p90 = waited
        found[group] = (total, median, p90)
    return found


def old_hours(duration):
    return None if duration is None else round(duration.total_seconds() / 3600, 1)


def old_time_to_decision(filters):
    decisions = old_decisions(filters)
    by_organisation = old_percentiles(decisions, F("post__organisation__name"))
    overall = old_percentiles(decisions, Value("all"))
    rows = [
        [name, old_hours(median), old_hours(p90), total]
        for name, (total, median, p90) in sorted(by_organisation.items())
    ]
    if "all" in overall and len(rows) > 1:
        total, median, p90 = overall["all"]
        rows.append(["All organisations", old_hours(median), old_hours(p90), total])
    columns = ["Organisation", "Median hours", "90th percentile hours", "Decisions"]
    return columns, rows


def old_shared_communities(filters):
    rows = (
        old_sent_posts(filters)
        .filter(community__isnull=False)
        .values("community_id")
        .annotate(
            name=F("community__name"),
            organisations=Count("organisation", distinct=True),
            n=Count("pk"),
        )
        .filter(organisations__gt=1)
        .order_by("-organisations", "-n", "name")
        .values_list("name", "organisations", "n")[: reports.COMMUNITY_ROWS]
    )
    return ["Community", "Organisations", "Posts"], [list(row) for row in rows]


def old_central_and_local(filters):
    counts = {
        kind: (organisations, n)
        for kind, organisations, n in old_sent_posts(filters)
        .values("organisation__kind")
        .annotate(organisations=Count("organisation", distinct=True), n=Count("pk"))
        .values_list("organisation__kind", "organisations", "n")
    }
    rows = [
        [label, counts.get(value, (0, 0))[1], counts.get(value, (0, 0))[0]]
        for value, label in Organisation.Kind.choices
    ]
    return ["Kind of organisation", "Posts", "Organisations taking part"], rows


OLD_REPORTS = {
    "posts-by-week": old_posts_by_week,
    "posts-by-platform": old_posts_by_platform,
    "posts-by-purpose": old_posts_by_purpose,
    "posts-by-community": old_posts_by_community,
    "posts-by-organisation": old_posts_by_organisation,
    "time-to-decision": old_time_to_decision,
    "shared-communities": old_shared_communities,
    "central-and-local": old_central_and_local,
}
# Read only a rollup, never the posts or their decisions.
ROLLUP_REPORTS = set(OLD_REPORTS)


@pytest.fixture
def world(organisation, other_organisation, press_officer, other_org_press_officer):
    """120 seeded random posts over 60 days around the end of summer time,
    written by the services (which keep the rollup) at chosen moments."""
    world = build_world(
        organisation, other_organisation, press_officer, other_org_press_officer
    )
    write_posts(world, 120)
    return world


def filter_sets(organisation, other_organisation) -> list[reports.Filters]:
    both = [organisation.pk, other_organisation.pk]
    ranges = [
        (FIRST_DAY.date(), FIRST_DAY.date() + timedelta(days=DAYS + 5)),
        (date(2026, 10, 7), date(2026, 10, 26)),  # mid-week to mid-week, over BST
        (date(2026, 10, 25), date(2026, 10, 25)),  # the day the clocks go back
        (date(2026, 11, 2), date(2026, 11, 8)),
        (date(2026, 1, 1), date(2026, 1, 31)),  # nothing sent
    ]
    return [
        reports.Filters(start=start, end=end, organisations=organisations)
        for start, end in ranges
        for organisations in [both, [organisation.pk], [other_organisation.pk]]
    ]


def test_every_report_gives_the_figures_it_gave_when_it_counted_posts(
    world, organisation, other_organisation
):
    compared = 0
    for filters in filter_sets(organisation, other_organisation):
        for slug, old in OLD_REPORTS.items():
            table = reports.REPORTS_BY_SLUG[slug].build(filters)
            assert (table.columns, table.rows) == old(filters), (slug, filters)
            compared += bool(table.rows) and not table.is_empty
    assert compared > 40  # most of the comparisons had something to count


def test_every_csv_gives_the_figures_it_gave_when_it_counted_posts(
    client_for, admin_user, world, organisation
):
    client = client_for(admin_user)
    start, end = FIRST_DAY.date(), FIRST_DAY.date() + timedelta(days=DAYS)
    everyone = list(Organisation.objects.values_list("pk", flat=True))
    for slug, old in OLD_REPORTS.items():
        government = reports.REPORTS_BY_SLUG[slug].government
        params = {"start": start, "end": end}
        if not government:
            params["organisation"] = organisation.pk
        columns, rows = old(
            reports.Filters(
                start=start,
                end=end,
                organisations=everyone if government else [organisation.pk],
            )
        )

        download = client.get(f"/reports/{slug}.csv", params)

        expected = [columns, *[[str(cell) for cell in row] for row in rows]]
        assert csv_of(download) == expected, slug


@pytest.mark.parametrize("slug", sorted(ROLLUP_REPORTS))
def test_reports_read_a_rollup_not_the_posts_or_decisions(
    client_for, admin_user, civil_servant, queries, slug
):
    decided_after(sent(civil_servant, community=CommunityFactory()), hours=3)
    rollup = "decisionday" if slug == "time-to-decision" else "postday"

    with queries() as captured:
        assert client_for(admin_user).get(f"/reports/{slug}/", RANGE).status_code == 200

    assert any(f'"moderation_{rollup}"' in q["sql"] for q in captured)
    assert not any('"moderation_post"' in q["sql"] for q in captured)
    assert not any('"moderation_postevent"' in q["sql"] for q in captured)
