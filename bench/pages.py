"""The pages the load run drives: the ones each role uses most.

One line a page. `path` may hold {community} (a listed community, busy ones
more often), {term} (a directory search term), {organisation} (the persona's
own) or {busiest} (the organisation with the most items awaiting review: the
biggest press office's day); each virtual user gets its own persona and its
own values.
`optional` pages are skipped, and said so, when this checkout lacks them.
"""

from dataclasses import dataclass

CIVIL_SERVANT, PRESS_OFFICER, TRAINER = "civil servant", "press officer", "trainer"
ADMINISTRATOR = "administrator"


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    path: str
    optional: bool = False


PAGES = [
    # The cheapest signed-in page: the layout and an empty search form only.
    Page("layout only", CIVIL_SERVANT, "/principles/search/"),
    Page("home", CIVIL_SERVANT, "/"),
    Page("home, press officer", PRESS_OFFICER, "/"),
    Page("home, trainer", TRAINER, "/"),
    Page("review queue", PRESS_OFFICER, "/review/"),
    Page(
        "review queue, filtered",
        PRESS_OFFICER,
        "/review/?purpose=answer_question&risk=medium",
    ),
    # The peer: the same work in the Django admin, 50 a page, as a press office
    # would do it without the portal.
    Page(
        "admin: posts awaiting review",
        ADMINISTRATOR,
        "/admin/moderation/post/?status__exact=awaiting_review"
        "&organisation__id__exact={busiest}",
    ),
    Page("after-the-fact review", PRESS_OFFICER, "/review/after/"),
    Page("curation", PRESS_OFFICER, "/communities/curate/"),
    Page("directory search", CIVIL_SERVANT, "/communities/?q={term}"),
    Page("community page", CIVIL_SERVANT, "/communities/{community}/"),
    Page("my log", CIVIL_SERVANT, "/log/"),
    Page("conversations to join", CIVIL_SERVANT, "/conversations/", optional=True),
    Page(
        "conversations to monitor",
        PRESS_OFFICER,
        "/conversations/monitoring/?status=",
        optional=True,
    ),
    Page("trainer dashboard", TRAINER, "/training/manage/"),
    Page("trainer's people", TRAINER, "/training/people/", optional=True),
    Page("acknowledgement report", TRAINER, "/principles/report/"),
    Page("reports", PRESS_OFFICER, "/reports/", optional=True),
    Page(
        "report: posts by week", PRESS_OFFICER, "/reports/posts-by-week/", optional=True
    ),
    Page(
        "report: time to decision",
        PRESS_OFFICER,
        "/reports/time-to-decision/",
        optional=True,
    ),
]
