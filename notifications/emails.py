"""Rendering and sending the emails: one per notification, or one digest."""

import contextlib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse

_connections: dict = {}


def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _connection():
    """One open connection per worker process, reused across tasks.

    Opening an SMTP session per email would cap delivery at a few dozen a
    second; the key follows the settings so a changed backend gets its own.
    """
    key = (settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT)
    connection = _connections.get(key)
    if connection is None:
        connection = get_connection(fail_silently=False)
        # Opened here, the backend keeps the session open after each send.
        connection.open()
        _connections[key] = connection
    return connection


def drop_connection() -> None:
    """Forget the cached connections (after an error, the next try reconnects)."""
    for connection in _connections.values():
        with contextlib.suppress(Exception):  # already broken: nothing to close
            connection.close()
    _connections.clear()


def _render(template_base: str, fallback: str, context: dict) -> tuple[str, str]:
    try:
        text = render_to_string(f"{template_base}.txt", context)
        html = render_to_string(f"{template_base}.html", context)
    except TemplateDoesNotExist:
        text = render_to_string(f"{fallback}.txt", context)
        html = render_to_string(f"{fallback}.html", context)
    return text, html


def message_id(name: str) -> str:
    """A Message-ID that is the same on every try of one email: a resend
    after a worker died mid-send is then recognisably the same message (and
    mail systems that de-duplicate drop it). `name` says which email."""
    domain = urlsplit(settings.PORTAL_BASE_URL).hostname or "portal.invalid"
    return f"<{name}@{domain}>"


def send(
    *, to: str, subject: str, template_base: str, context: dict, message_name: str
) -> None:
    context = {
        **context,
        "portal_name": settings.PORTAL_NAME,
        "base_url": settings.PORTAL_BASE_URL.rstrip("/"),
        "preferences_url": absolute_url(reverse("notifications:preferences")),
        "inbox_url": absolute_url(reverse("notifications:inbox")),
    }
    text, html = _render(template_base, "notifications/email/default", context)
    message = EmailMultiAlternatives(
        subject=f"{settings.EMAIL_SUBJECT_PREFIX}{subject}",
        body=text,
        to=[to],
        connection=_connection(),
        headers={"Message-ID": message_id(message_name)},
    )
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        drop_connection()
        raise


def send_notification(notification) -> None:
    send(
        to=notification.recipient.email,
        subject=notification.subject,
        template_base=f"notifications/email/{notification.kind}",
        message_name=f"notification-{notification.pk}",
        context={
            **notification.context,
            "notification": notification,
            "recipient": notification.recipient,
            "link": absolute_url(notification.url),
        },
    )


def send_digest(*, recipient, groups, count: int, items: tuple[int, int]) -> None:
    """`items`: the lowest and highest notification id it carries, which name
    it: a retry of the same digest has the same Message-ID, one that has
    gathered more items since has another."""
    send(
        to=recipient.email,
        message_name=f"digest-{recipient.pk}-{items[0]}-{items[1]}",
        subject=f"Your daily digest: {count} update{'s' if count != 1 else ''}",
        template_base="notifications/email/digest",
        context={"recipient": recipient, "groups": groups, "count": count},
    )
