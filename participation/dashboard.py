"""The home page, "what needs me": one group of panels per role a person holds.

Each later app contributes the numbers for its panels here, in the top layer
that composes the others (see DESIGN.md). Until then the panels say so plainly.
"""

from dataclasses import dataclass, field

from accounts.roles import Role
from accounts.selectors import (
    organisations_reviewed_by,
    organisations_trained_by,
    roles_of,
)


@dataclass
class Panel:
    title: str
    items: list = field(default_factory=list)
    empty_text: str = "Nothing needs your attention here."


@dataclass
class PanelGroup:
    heading: str
    panels: list[Panel]
    note: str = ""


def _scope_note(organisations) -> str:
    names = ", ".join(o.short_name for o in organisations)
    return f"For {names}." if names else "You have not been given an organisation yet."


def panel_groups_for(user) -> list[PanelGroup]:
    roles = roles_of(user)
    groups = [
        PanelGroup(
            "Your work",
            [
                Panel("Your drafts"),
                Panel("Decisions to read"),
                Panel("Training due"),
                Panel("Principles to acknowledge"),
            ],
        )
    ]
    if Role.PRESS_OFFICER in roles:
        groups.append(
            PanelGroup(
                "Press office",
                [
                    Panel("Review queue"),
                    Panel("Open flags"),
                    Panel("Suggestions to curate"),
                ],
                note=_scope_note(organisations_reviewed_by(user)),
            )
        )
    if Role.TRAINER in roles:
        groups.append(
            PanelGroup(
                "Training",
                [Panel("Overdue assignments"), Panel("People waiting for a mentor")],
                note=_scope_note(organisations_trained_by(user)),
            )
        )
    if Role.PRINCIPLES_EDITOR in roles:
        groups.append(PanelGroup("Principles", [Panel("Drafts not yet published")]))
    return groups
