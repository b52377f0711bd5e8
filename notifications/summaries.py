"""Weekly summaries that higher apps fill in (press office queue, overdue training).

An app registers, in its AppConfig.ready(), a function from its hooks.py giving
one person's section of the summary (or None when there is nothing to say).
People of the role get one email a week with every non-empty section; with no
section registered for a role the job sends it nothing.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass

from accounts.roles import Role
from accounts.selectors import users_with_role
from core.hooks import Hook

from .kinds import WEEKLY_SUMMARY
from .services import notify


@dataclass(frozen=True)
class SummarySection:
    title: str
    lines: list[str]
    url: str = ""


WEEKLY_SUMMARIES: dict[Role, Hook[SummarySection]] = {
    Role.PRESS_OFFICER: Hook("sections of the press officers' weekly summary"),
    Role.TRAINER: Hook("sections of the trainers' weekly summary"),
}


def register_weekly_summary(
    role: Role, section: Callable[[object], SummarySection | None]
) -> None:
    WEEKLY_SUMMARIES[role].register(section)


def weekly_summaries_send() -> int:
    """Notify each press officer and trainer of their week; returns how many."""
    sent = 0
    for role, summary in WEEKLY_SUMMARIES.items():
        if not summary:
            continue
        for person in users_with_role(role):
            sections = summary.values(person)
            if sections:
                notify(
                    recipients=[person],
                    kind=WEEKLY_SUMMARY.name,
                    context={
                        "role": role.label.lower(),
                        "sections": [asdict(s) for s in sections],
                    },
                    url="/",
                )
                sent += 1
    return sent
