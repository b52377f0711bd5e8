"""The kinds of notification, registered by the apps that send them.

A kind names its subject line (a format string over the notification's
context) and, optionally, its own email templates
templates/notifications/email/<kind>.txt and .html; without them the generic
templates show the subject and the context's "message".
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    subject: str


KINDS: dict[str, Kind] = {}


def register_kind(name: str, subject: str) -> Kind:
    kind = KINDS[name] = Kind(name=name, subject=subject)
    return kind


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise LookupError(f"Unknown notification kind {name!r}: register it") from None


TEST = register_kind(
    "notifications.test", "Test notification from the participation portal"
)
WEEKLY_SUMMARY = register_kind(
    "notifications.weekly_summary", "Your weekly summary: {role}"
)
