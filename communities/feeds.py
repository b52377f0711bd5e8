"""A community's feed: found on its page, fetched politely, read safely.

RSS and Atom are read by feedparser (it copes with the real-world mess);
JSON Feed, which feedparser does not read, by read_json_feed(). Fetching goes
through the link checker's open_public(), so a feed is held to the same rule:
public addresses only, checked where the connection is made (DNS rebinding),
every redirect too. What comes back is bounded: a time for the whole fetch,
a size (compressed or not, so a gzip bomb stops at the limit) and a number
of items. Nothing here writes to the database: communities.services records
the feed's state, conversations.services stores the items.
"""

import calendar
import json
import time
import urllib.error
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import feedparser

from .linkcheck import PrivateAddress, open_public

FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/xml",
    "text/xml",
}
CHUNK = 64 * 1024
# Names reserved for examples and tests (RFC 2606, RFC 6761): no real feed
# lives there, so they are never fetched (the demo's communities use them).
RESERVED_SUFFIXES = (
    "example.com",
    "example.net",
    "example.org",
    ".example",
    ".test",
    ".invalid",
    ".localhost",
)


def is_reserved(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return any(
        host == suffix.lstrip(".") or host.endswith("." + suffix.lstrip("."))
        for suffix in RESERVED_SUFFIXES
    )


class FeedRefused(Exception):
    """The answer is not something to store: the message says why."""


@dataclass(frozen=True)
class FeedItem:
    """One entry as the feed gives it; conversations.services cleans it."""

    key: str  # the guid, or the link when there is none
    title: str
    link: str
    author: str
    summary: str
    published: datetime | None


@dataclass
class FeedAnswer:
    ok: bool
    message: str
    not_modified: bool = False
    items: list[FeedItem] = field(default_factory=list)
    etag: str = ""
    modified: str = ""


def fetch_feed(
    url: str,
    *,
    etag: str = "",
    modified: str = "",
    timeout: float,
    max_bytes: int,
    max_items: int,
) -> FeedAnswer:
    """Fetch and read one feed, conditionally: a 304 costs nothing. Never
    raises; what went wrong is the answer's message, for the curators."""
    if is_reserved(url):
        return FeedAnswer(False, "not fetched: a name reserved for examples")
    headers = {"Accept-Encoding": "gzip", "Accept": ", ".join(sorted(FEED_TYPES))}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    deadline = time.monotonic() + timeout
    try:
        with open_public(url, timeout=timeout, headers=headers) as response:
            body = _read_bounded(response, max_bytes, deadline)
            content_type = response.headers.get("Content-Type", "")
            answer = FeedAnswer(
                ok=True,
                message="",
                etag=(response.headers.get("ETag") or "")[:200],
                modified=(response.headers.get("Last-Modified") or "")[:100],
            )
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return FeedAnswer(True, "not changed", not_modified=True, etag=etag)
        return FeedAnswer(False, f"HTTP {error.code}")
    except (PrivateAddress, FeedRefused) as error:
        return FeedAnswer(False, str(error))
    except TimeoutError:
        return FeedAnswer(False, f"no answer within {timeout:g} s")
    except (urllib.error.URLError, OSError, ValueError) as error:
        return FeedAnswer(False, f"unreachable: {getattr(error, 'reason', error)}")
    try:
        items = read_feed(body, content_type)
    except FeedRefused as error:
        return FeedAnswer(False, str(error))
    items = _unique(items)
    answer.items = _newest(items, max_items)
    answer.message = f"{len(items)} items" + (
        f", the newest {max_items} kept" if len(items) > max_items else ""
    )
    return answer


def _read_bounded(response, max_bytes: int, deadline: float) -> bytes:
    """The body, decompressed, refusing more than `max_bytes` either way and
    a server that trickles past the deadline."""
    gzipped = response.headers.get("Content-Encoding", "").lower() in ("gzip", "x-gzip")
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
    chunks, size = [], 0
    while chunk := response.read(CHUNK):
        if time.monotonic() > deadline:
            raise FeedRefused("too slow: the answer took longer than the time limit")
        if inflate is not None:
            try:
                chunk = inflate.decompress(chunk, max_bytes + 1 - size)
            except zlib.error:
                raise FeedRefused("not readable: broken compression") from None
        size += len(chunk)
        if size > max_bytes or (inflate is not None and inflate.unconsumed_tail):
            raise FeedRefused(f"too large: over {max_bytes // 1024} KB")
        chunks.append(chunk)
    return b"".join(chunks)


def read_feed(body: bytes, content_type: str = "") -> list[FeedItem]:
    """The items of an RSS, Atom or JSON feed; FeedRefused for anything else
    (an HTML page served as a feed, XML that is not a feed)."""
    if "json" in content_type or body.lstrip()[:1] in (b"{", b"["):
        return read_json_feed(body)
    parsed = feedparser.parse(
        body, response_headers={"content-type": content_type or "application/xml"}
    )
    if not parsed.version:
        raise FeedRefused("not a feed: neither RSS, Atom nor JSON Feed")
    return [item for entry in parsed.entries if (item := _from_entry(entry))]


def _from_entry(entry) -> FeedItem | None:
    link = entry.get("link", "")
    key = entry.get("id") or link
    if not key:
        return None
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    return FeedItem(
        key=str(key),
        title=entry.get("title", ""),
        link=link,
        author=entry.get("author", ""),
        summary=entry.get("summary", ""),
        published=datetime.fromtimestamp(calendar.timegm(published), UTC)
        if published
        else None,
    )


def read_json_feed(body: bytes) -> list[FeedItem]:
    """JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        raise FeedRefused("not a feed: the JSON does not parse") from None
    if not (
        isinstance(document, dict)
        and str(document.get("version", "")).startswith("https://jsonfeed.org/")
        and isinstance(document.get("items"), list)
    ):
        raise FeedRefused("not a feed: JSON, but not a JSON Feed")
    items = []
    for entry in document["items"]:
        if not isinstance(entry, dict):
            continue
        link = _text(entry.get("url"))
        key = _text(entry.get("id")) or link
        if not key:
            continue
        authors = entry.get("authors") or [entry.get("author")]
        author = authors[0] if isinstance(authors, list) and authors else None
        items.append(
            FeedItem(
                key=key,
                title=_text(entry.get("title")),
                link=link,
                author=_text(author.get("name")) if isinstance(author, dict) else "",
                summary=_text(entry.get("summary"))
                or _text(entry.get("content_html"))
                or _text(entry.get("content_text")),
                published=_json_date(
                    entry.get("date_published") or entry.get("date_modified")
                ),
            )
        )
    return items


def _text(value) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _json_date(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _unique(items: list[FeedItem]) -> list[FeedItem]:
    """The first of each key: a feed that repeats a guid gives one item."""
    seen, unique = set(), []
    for item in items:
        if item.key not in seen:
            seen.add(item.key)
            unique.append(item)
    return unique


def _newest(items: list[FeedItem], count: int) -> list[FeedItem]:
    undated = datetime.min.replace(tzinfo=UTC)
    return sorted(items, key=lambda item: item.published or undated, reverse=True)[
        :count
    ]


class _AlternateLinks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag != "link":
            return
        values = {name: (value or "") for name, value in attrs}
        rel = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0].strip()
        if "alternate" in rel and kind in FEED_TYPES and values.get("href"):
            self.found.append(values["href"])


def feed_links_in(html: str, page_url: str) -> list[str]:
    """The feeds a page announces (<link rel="alternate" type=...>), as
    absolute http(s) addresses, in the page's order."""
    parser = _AlternateLinks()
    parser.feed(html)
    links = [urljoin(page_url, href.strip()) for href in parser.found]
    return [link for link in links if urlsplit(link).scheme in ("http", "https")]


def discover_feed(page_url: str, *, timeout: float, max_bytes: int) -> str:
    """The first feed the page at `page_url` announces, or ""."""
    if is_reserved(page_url):
        return ""
    deadline = time.monotonic() + timeout
    try:
        with open_public(page_url, timeout=timeout) as response:
            if "html" not in response.headers.get("Content-Type", "html"):
                return ""
            body = _read_bounded(response, max_bytes, deadline)
            charset = response.headers.get_content_charset() or "utf-8"
    except (PrivateAddress, FeedRefused, urllib.error.URLError, OSError, ValueError):
        return ""
    try:
        html = body.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        html = body.decode("utf-8", errors="replace")
    links = feed_links_in(html, page_url)
    return links[0][:500] if links else ""
