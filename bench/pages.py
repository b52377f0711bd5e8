"""The pages the load run drives: the ones each role uses most.

One line a page. `path` may hold {community} (a listed community, busy ones
more often), {term} (a directory search term) or {organisation} (one the
persona covers); each virtual user gets its own persona and its own values.
`optional` pages are skipped, and said so, when this checkout lacks them.
"""

from dataclasses import dataclass

CIVIL_SERVANT, PRESS_OFFICER, TRAINER = "civil servant", "press officer", "trainer"


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    path: str
    optional: bool = False


PAGES = [
    Page("home", CIVIL_SERVANT, "/"),
    Page("home, press officer", PRESS_OFFICER, "/"),
    Page("home, trainer", TRAINER, "/"),
    Page("review queue", PRESS_OFFICER, "/review/"),
    Page(
        "review queue, filtered",
        PRESS_OFFICER,
        "/review/?purpose=answer_question&risk=medium",
    ),
    Page("directory search", CIVIL_SERVANT, "/communities/?q={term}"),
    Page("community page", CIVIL_SERVANT, "/communities/{community}/"),
    Page("my log", CIVIL_SERVANT, "/log/"),
    Page("trainer dashboard", TRAINER, "/training/manage/"),
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
