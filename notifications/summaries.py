"""Weekly summaries that higher apps fill in (press office queue, overdue training).

An app registers, in its AppConfig.ready(), a function giving one person's
section of the summary (or None when there is nothing to say). People of the
role get one email a week with every non-empty section; with no provider
registered yet the job sends nothing.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass

from accounts.roles import Role
from accounts.selectors import users_with_role

from .kinds import WEEKLY_SUMMARY
from .services import notify


@dataclass(frozen=True)
class SummarySection:
    title: str
    lines: list[str]
    url: str = ""


Provider = Callable[[object], SummarySection | None]
PROVIDERS: dict[Role, list[Provider]] = {Role.PRESS_OFFICER: [], Role.TRAINER: []}


def register_weekly_summary(role: Role, provider: Provider) -> None:
    PROVIDERS[role].append(provider)


def weekly_summaries_send() -> int:
    """Notify each press officer and trainer of their week; returns how many."""
    sent = 0
    for role, providers in PROVIDERS.items():
        if not providers:
            continue
        for person in users_with_role(role):
            sections = [s for provider in providers if (s := provider(person))]
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
