"""The service navigation: each person sees only the sections they can use.

Sections for roles are shown only to people holding the role. Every app is
installed, so a section whose URL name does not resolve is a bug and fails
loudly (NoReverseMatch), never a link that quietly disappears.
"""

from dataclasses import dataclass

from django.urls import reverse

from accounts.roles import Role
from accounts.selectors import roles_of
from notifications.selectors import unread_count_for


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    roles: frozenset = frozenset()  # empty: every signed-in person
    staff_only: bool = False


SECTIONS = [
    Section("Home", "home"),
    Section("Principles", "guidelines:index"),
    Section("Communities", "communities:index"),
    Section("Conversations", "conversations:index"),
    Section("My log", "moderation:my_log"),
    Section(
        "Review",
        "moderation:queue",
        roles=frozenset({Role.PRESS_OFFICER, Role.ADMINISTRATOR}),
    ),
    Section("Training", "training:index"),
    Section(
        "Reports",
        "reports:index",
        roles=frozenset({Role.PRESS_OFFICER, Role.TRAINER, Role.ADMINISTRATOR}),
    ),
    Section("Notifications", "notifications:inbox"),
    Section("Admin", "admin:index", staff_only=True),
]


def _with_unread_count(label: str, user) -> str:
    unread = unread_count_for(user)
    return f"{label} ({unread} unread)" if unread else label


def sections_for(user, current_path: str, current_section: str = "") -> list[dict]:
    """The sections `user` may use, the current one marked: `current_section`
    (a URL name) when the page says which it belongs to (a post opened by its
    reviewer is the press office's work, though its address is under My log),
    otherwise the one whose address the path starts with."""
    if not user.is_authenticated:
        return []
    roles = roles_of(user)
    items = []
    for section in SECTIONS:
        if section.roles and not roles & section.roles:
            continue
        if section.staff_only and not user.is_staff:
            continue
        url = reverse(section.url_name)
        if current_section:
            current = section.url_name == current_section
        elif url == "/":
            current = current_path == url
        else:
            current = current_path.startswith(url)
        label = section.label
        if section.url_name == "notifications:inbox":
            label = _with_unread_count(label, user)
        items.append({"label": label, "url": url, "current": current})
    return items
