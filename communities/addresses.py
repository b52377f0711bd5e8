"""Web addresses: the form duplicates are compared in, and platform recognition."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

from .models import Platform, PlatformPattern


def normalise_url(url: str) -> str:
    """The same site whatever the scheme, "www.", case or trailing slash.

    >>> normalise_url("HTTPS://www.Example.org/Forum/")
    'example.org/forum'
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    try:
        port_number = parts.port
    except ValueError:  # forms refuse these (validate_port); never a 500 here
        port_number = None
    port = f":{port_number}" if port_number and port_number not in (80, 443) else ""
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{port}{path}{query}".lower()


def validate_port(url: str) -> None:
    """URLField accepts https://x.org:99999/; urllib does not. Say so plainly."""
    try:
        _ = urlsplit(url).port
    except ValueError:
        raise ValidationError("Enter a web address with a valid port number.") from None


def recognise_platform(url: str) -> str | None:
    """The platform of the longest curated pattern found in the address."""
    address = normalise_url(url)
    matches = [
        (len(p.pattern), p.platform)
        for p in PlatformPattern.objects.all()
        if p.pattern.lower() in address
    ]
    return max(matches)[1] if matches else None


DEFAULT_PATTERNS = [
    ("reddit.com/r/", Platform.FORUM),
    ("mumsnet.com/talk", Platform.FORUM),
    ("/forum", Platform.FORUM),
    ("forum.", Platform.FORUM),
    ("discourse.", Platform.FORUM),
    ("wordpress.com", Platform.BLOG),
    ("blogspot.", Platform.BLOG),
    ("medium.com", Platform.BLOG),
    ("substack.com", Platform.BLOG),
    ("/blog", Platform.BLOG),
    ("facebook.com/groups", Platform.SOCIAL_GROUP),
    ("linkedin.com/groups", Platform.SOCIAL_GROUP),
    ("wikipedia.org", Platform.WIKI),
    ("/wiki", Platform.WIKI),
    ("groups.google.com", Platform.MAILING_LIST),
    ("jiscmail.ac.uk", Platform.MAILING_LIST),
    ("stackexchange.com", Platform.QA_SITE),
    ("stackoverflow.com", Platform.QA_SITE),
    ("quora.com", Platform.QA_SITE),
    ("youtube.com", Platform.VIDEO_CHANNEL),
    ("vimeo.com", Platform.VIDEO_CHANNEL),
]
