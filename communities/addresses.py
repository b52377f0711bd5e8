"""Web addresses: the form duplicates are compared in, and platform recognition."""

from urllib.parse import urlsplit

from .models import Platform, PlatformPattern


def normalise_url(url: str) -> str:
    """The same site whatever the scheme, "www.", case or trailing slash.

    >>> normalise_url("HTTPS://www.Example.org/Forum/")
    'example.org/forum'
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{port}{path}{query}".lower()


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
