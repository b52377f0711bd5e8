"""Reports for press officers, trainers and administrators.

Every figure is aggregated by the database (a handful of queries however many
rows there are), over the organisations the viewer oversees. A post counts
under the date it first left draft (`Post.sent_at`): sent for review, or
logged as posted. Post counts read the daily rollup (moderation's PostDay, kept
exact by its services), so a report reads days, not posts; "time to a
decision" reads the decisions' rollup (DecisionDay), kept the same way.
"""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Count,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Organisation
from communities.models import Platform
from moderation.models import (
    Action,
    DecisionDay,
    Flag,
    Post,
    PostDay,
    PostEvent,
    Purpose,
)
from training.models import Level
from training.selectors import level_counts_by_organisation

NOT_IN_DIRECTORY = "Not in the directory"
COMMUNITY_ROWS = 50


@dataclass(frozen=True)
class Filters:
    start: date
    end: date  # inclusive
    organisations: list[int]  # ids, already limited to the viewer's scope

    @property
    def since(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end + timedelta(1), time.min))


@dataclass
class Table:
    """What a report shows: the chart draws column `charted` of each row."""

    columns: list[str]
    rows: list[list]
    charted: int = 1
    over_time: bool = False
    note: str = ""

    @property
    def is_empty(self) -> bool:
        """No rows, or rows that are all zeros (a fixed list with nothing counted)."""
        return not any(
            isinstance(cell, int | float) and cell
            for row in self.rows
            for cell in row[1:]
        )


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    description: str
    build: Callable[[Filters], Table]
    # Whole-of-government: administrators only, whose scope is every organisation.
    government: bool = False
    uses_dates: bool = True


def sent_posts(filters: Filters) -> QuerySet[Post]:
    return Post.objects.filter(
        organisation__in=filters.organisations,
        sent_at__gte=filters.since,
        sent_at__lt=filters.until,
    )


def sent_days(filters: Filters) -> QuerySet[PostDay]:
    """The rollup's rows for the posts `sent_posts` would count."""
    return PostDay.objects.filter(
        organisation__in=filters.organisations,
        day__gte=filters.start,
        day__lte=filters.end,
    )


def _counts(rows, field: str, labels: dict, missing: str = "") -> list[list]:
    counted = (
        rows.values(field)
        .annotate(n=Sum("posts"))
        .order_by("-n", field)
        .values_list(field, "n")
    )
    return [[labels.get(key, missing or key), n] for key, n in counted]


def posts_by_week(filters: Filters) -> Table:
    counts = Counter()
    for day, n in (
        sent_days(filters)
        .values("day")
        .annotate(n=Sum("posts"))
        .values_list("day", "n")
    ):
        counts[day - timedelta(days=day.weekday())] += n
    monday = filters.start - timedelta(days=filters.start.weekday())
    rows = []
    while monday <= filters.end:  # every week of the range, quiet ones too
        rows.append([f"{monday:%-d %b %Y}", counts.get(monday, 0)])
        monday += timedelta(weeks=1)
    return Table(
        ["Week beginning", "Posts"],
        rows,
        over_time=True,
        note="Weeks begin on Monday; the first and last count only the days in "
        "the range.",
    )


def posts_by_platform(filters: Filters) -> Table:
    rows = _counts(
        sent_days(filters),
        "community__platform",
        dict(Platform.choices),
        NOT_IN_DIRECTORY,
    )
    return Table(["Platform", "Posts"], rows)


def posts_by_purpose(filters: Filters) -> Table:
    return Table(
        ["Purpose", "Posts"],
        _counts(sent_days(filters), "purpose", dict(Purpose.choices)),
    )


def posts_by_community(filters: Filters) -> Table:
    rows = list(
        sent_days(filters)
        .values("community_id")
        .annotate(
            name=Coalesce("community__name", Value(NOT_IN_DIRECTORY)), n=Sum("posts")
        )
        .order_by("-n", "name")
        .values_list("name", "n")[:COMMUNITY_ROWS]
    )
    return Table(
        ["Community", "Posts"],
        [list(row) for row in rows],
        note=f"The {COMMUNITY_ROWS} communities with the most posts.",
    )


def posts_by_organisation(filters: Filters) -> Table:
    rows = _counts(sent_days(filters), "organisation__name", labels={})
    return Table(["Organisation", "Posts"], rows)


def _waits(filters: Filters) -> dict[str, Counter]:
    """{organisation name: Counter(waited tenths: decisions)} from the
    decisions' rollup, over the days in range: one query of days, not
    decisions."""
    waits = defaultdict(Counter)
    for name, tenths, n in (
        DecisionDay.objects.filter(
            organisation__in=filters.organisations,
            day__gte=filters.start,
            day__lte=filters.end,
        )
        .values_list("organisation__name", "waited_tenths")
        .annotate(n=Sum("decisions"))
        .order_by()
    ):
        waits[name][tenths] += n
    return waits


def _rank(total: int, tenths: int) -> int:
    """Nearest-rank position of a percentile: ceil(total * tenths / 10), in
    integers (no float rounding)."""
    return (total * tenths + 9) // 10


def _percentiles(waits: Counter) -> tuple[int, float, float]:
    """(decisions, median hours, 90th percentile hours), nearest rank, from a
    count per wait. Rounding keeps order, so the percentile of the rounded
    waits is the rounded percentile of the waits themselves."""
    total = sum(waits.values())
    found, seen = {}, 0
    for tenths in sorted(waits):
        seen += waits[tenths]
        for percentile in (5, 9):
            if percentile not in found and seen >= _rank(total, percentile):
                found[percentile] = tenths / 10
    return total, found[5], found[9]


def time_to_decision(filters: Filters) -> Table:
    waits = _waits(filters)
    rows = [
        [name, *_percentiles(waits[name])[1:], sum(waits[name].values())]
        for name in sorted(waits)
    ]
    if len(rows) > 1:
        total, median, p90 = _percentiles(sum(waits.values(), Counter()))
        rows.append(["All organisations", median, p90, total])
    return Table(
        ["Organisation", "Median hours", "90th percentile hours", "Decisions"],
        rows,
        note="From each submission to the press office's decision on it "
        "(approve, ask for changes, or reject), in hours.",
    )


def flags_by_category(filters: Filters) -> Table:
    counts = dict(
        Flag.objects.filter(
            organisation__in=filters.organisations,
            raised_at__gte=filters.since,
            raised_at__lt=filters.until,
        )
        .values("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    rows = [[label, counts.get(value, 0)] for value, label in Flag.Category.choices]
    return Table(["Category", "Flags"], rows)


def people_by_level(filters: Filters) -> Table:
    by_organisation = level_counts_by_organisation(filters.organisations)
    rows = [
        [label, sum(counts[value] for counts in by_organisation.values())]
        for value, label in Level.choices
    ]
    return Table(
        ["Discretion level", "People"],
        rows,
        note="People as they stand today, at their effective level: the one "
        "they may post at (the training dashboard counts the same).",
    )


def shared_communities(filters: Filters) -> Table:
    rows = (
        sent_days(filters)
        .filter(community__isnull=False)
        .values("community_id")
        .annotate(
            name=F("community__name"),
            organisations=Count("organisation", distinct=True),
            n=Sum("posts"),
        )
        .filter(organisations__gt=1)
        .order_by("-organisations", "-n", "name")
        .values_list("name", "organisations", "n")[:COMMUNITY_ROWS]
    )
    return Table(
        ["Community", "Organisations", "Posts"],
        [list(row) for row in rows],
        note=f"Communities where more than one organisation took part (up to "
        f"{COMMUNITY_ROWS}, most organisations first).",
    )


def central_and_local(filters: Filters) -> Table:
    counts = {
        kind: (organisations, n)
        for kind, organisations, n in sent_days(filters)
        .values("organisation__kind")
        .annotate(organisations=Count("organisation", distinct=True), n=Sum("posts"))
        .values_list("organisation__kind", "organisations", "n")
    }
    rows = [
        [label, counts.get(value, (0, 0))[1], counts.get(value, (0, 0))[0]]
        for value, label in Organisation.Kind.choices
    ]
    return Table(["Kind of organisation", "Posts", "Organisations taking part"], rows)


REPORTS = [
    Report(
        "posts-by-week",
        "Posts by week",
        "How many posts were sent each week.",
        posts_by_week,
    ),
    Report(
        "posts-by-platform",
        "Posts by platform",
        "Where the conversations were.",
        posts_by_platform,
    ),
    Report(
        "posts-by-purpose",
        "Posts by purpose",
        "What people set out to do.",
        posts_by_purpose,
    ),
    Report(
        "posts-by-community",
        "Posts by community",
        "The communities people took part in most.",
        posts_by_community,
    ),
    Report(
        "posts-by-organisation",
        "Posts by organisation",
        "Which organisations took part.",
        posts_by_organisation,
    ),
    Report(
        "time-to-decision",
        "Time to a decision",
        "How long people waited for the press office: median and 90th percentile.",
        time_to_decision,
    ),
    Report(
        "flags-by-category",
        "Flags by category",
        "What learning reviews were opened for.",
        flags_by_category,
    ),
    Report(
        "people-by-level",
        "People by discretion level",
        "How many people may post at each level.",
        people_by_level,
        uses_dates=False,
    ),
    Report(
        "shared-communities",
        "Communities shared across government",
        "Communities used by more than one organisation.",
        shared_communities,
        government=True,
    ),
    Report(
        "central-and-local",
        "Central and local participation",
        "Posts from central departments, agencies and local councils.",
        central_and_local,
        government=True,
    ),
]
REPORTS_BY_SLUG = {report.slug: report for report in REPORTS}


def reports_for(is_administrator: bool) -> list[Report]:
    return [r for r in REPORTS if is_administrator or not r.government]


# The transparency return: one row per engagement, no post text, and a fixed
# vocabulary for outcomes (as departmental transparency returns publish them).
OUTCOMES = {
    Post.Status.POSTED: "Posted",
    Post.Status.FLAGGED: "Posted",
    Post.Status.RESOLVED: "Posted",
    Post.Status.APPROVED: "Approved, not yet posted",
    Post.Status.AWAITING_REVIEW: "Awaiting review",
    Post.Status.CHANGES_REQUESTED: "Returned for changes",
    # Sent back before "changes requested" had its own state, unless lapsed.
    Post.Status.DRAFT: "Returned for changes",
    Post.Status.REJECTED: "Not approved",
    Post.Status.WITHDRAWN: "Withdrawn",
    "lapsed": "Approval lapsed",  # a draft again because its approval expired
}
TRANSPARENCY_COLUMNS = [
    "Date",
    "Organisation",
    "Organisation type",
    "Community",
    "Platform",
    "Purpose",
    "Outcome",
]


def quarter_range(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, end - timedelta(days=1)


def transparency_rows(filters: Filters):
    """The quarter's engagements, oldest first, streamed from the database."""
    kinds, platforms, purposes = (
        dict(Organisation.Kind.choices),
        dict(Platform.choices),
        dict(Purpose.choices),
    )
    # A draft that was once sent is back because the press office asked for
    # changes or because its approval lapsed unposted: its latest such event says.
    back_to_draft = (
        PostEvent.objects.filter(
            post=OuterRef("pk"), action__in=[Action.REQUEST_CHANGES, Action.EXPIRE]
        )
        .order_by("-created_at", "-pk")
        .values("action")[:1]
    )
    rows = (
        sent_posts(filters)
        .annotate(back_to_draft=Subquery(back_to_draft))
        .order_by("sent_at", "pk")
        .values_list(
            "sent_at",
            "organisation__name",
            "organisation__kind",
            "community__name",
            "community__platform",
            "purpose",
            "status",
            "back_to_draft",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        sent_at, organisation, kind, community, platform, purpose, status, back = row
        if status == Post.Status.DRAFT and back == Action.EXPIRE:
            status = "lapsed"
        yield [
            timezone.localtime(sent_at).date().isoformat(),
            organisation,
            kinds.get(kind, kind),
            community or NOT_IN_DIRECTORY,
            platforms.get(platform, NOT_IN_DIRECTORY),
            purposes.get(purpose, purpose),
            OUTCOMES.get(status, status),
        ]
