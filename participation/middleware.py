"""Cross-cutting HTTP concerns: a Content Security Policy, request ids and logs."""

import logging
import time
import uuid

from django.conf import settings

from .request_id import request_id_var

request_log = logging.getLogger("portal.requests")
# URL parts that are secrets (password reset and email confirmation keys) are
# logged as the route pattern, never as typed.
SECRET_URL_PARTS = {"key", "token", "uidb36"}

# No inline scripts or styles anywhere: the base template loads JS from files.
# data: images are for the QR code allauth shows when setting up 2FA.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class RequestIdMiddleware:
    """Tag each request (and the Celery tasks it queues) with one id for the logs.

    A load balancer's X-Request-ID is kept when it looks sane; otherwise a new one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(settings.REQUEST_ID_HEADER, "")
        request_id = incoming if 8 <= len(incoming) <= 64 and incoming.isascii() else ""
        request_id = request_id or uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            _log_request(request, response, time.monotonic() - started)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


def _log_request(request, response, seconds: float) -> None:
    match = request.resolver_match
    path = request.path
    if match and SECRET_URL_PARTS & match.kwargs.keys():
        path = "/" + match.route
    # Health checks (polled every few seconds) and static files: not worth a line.
    routine = path.startswith(("/healthz/", settings.STATIC_URL))
    level = logging.DEBUG if routine else logging.INFO
    request_log.log(
        level,
        "%s %s %s",
        request.method,
        path,
        response.status_code,
        extra={
            "http": {
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
                "user_id": getattr(getattr(request, "user", None), "pk", None),
            }
        },
    )


SEEN = "_seen"  # session key: when the session's expiry was last pushed back


class SessionActivityMiddleware:
    """Keep a session alive while it is used; it ends SESSION_COOKIE_AGE after
    the last activity.

    Saving the session on every request would be a database write per page;
    touching it once a minute keeps the expiry within a minute of exact.
    """

    TOUCH_EVERY = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        now = int(time.time())
        if session.session_key and now - session.get(SEEN, 0) >= self.TOUCH_EVERY:
            session[SEEN] = now  # modified: saved, with a fresh expiry
        return self.get_response(request)


def mark_session_seen(sender, request, user, **kwargs):
    """Signing in starts the clock (connected to user_logged_in in apps.py)."""
    request.session[SEEN] = int(time.time())
