"""A feed server of the tests' own on loopback: RSS, Atom and JSON Feed
fixtures, conditional requests, and every way a real feed goes wrong."""

import functools
import gzip
import json
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

ETAG = '"v1"'
LAST_MODIFIED = "Mon, 30 Nov 2026 10:00:00 GMT"


def recent(days=1) -> datetime:
    return datetime.now(UTC).replace(microsecond=0) - timedelta(days=days)


def rss(items: list[dict], *, title="A forum") -> bytes:
    """RSS 2.0 with `items` (title, link, guid, description, pubDate: a datetime)."""
    entries = []
    for item in items:
        parts = [f"<title>{item.get('title', '')}</title>"]
        if "link" in item:
            parts.append(f"<link>{item['link']}</link>")
        if "guid" in item:
            parts.append(f"<guid>{item['guid']}</guid>")
        if "description" in item:
            parts.append(f"<description>{item['description']}</description>")
        if item.get("pubDate"):
            parts.append(f"<pubDate>{format_datetime(item['pubDate'])}</pubDate>")
        if "author" in item:
            parts.append(f"<author>{item['author']}</author>")
        entries.append(f"<item>{''.join(parts)}</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://forum.example.org/</link>"
        f"<description>x</description>{''.join(entries)}</channel></rss>"
    ).encode()


def atom(items: list[dict]) -> bytes:
    entries = "".join(
        f"<entry><id>{i['id']}</id><title>{i['title']}</title>"
        f'<link href="{i["link"]}"/><updated>{i["updated"].isoformat()}</updated>'
        f"<author><name>{i.get('author', 'Someone')}</name></author>"
        f"<summary>{i.get('summary', '')}</summary></entry>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>A blog</title>'
        f"<id>urn:blog</id><updated>{recent().isoformat()}</updated>{entries}</feed>"
    ).encode()


def json_feed(items: list[dict]) -> bytes:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "A JSON feed",
            "items": items,
        }
    ).encode()


def rss_of(count: int, *, words="Bus timetables") -> bytes:
    return rss(
        [
            {
                "title": f"{words} question {n}",
                "link": f"https://forum.example.org/t/{n}",
                "guid": f"post-{n}",
                "pubDate": recent(days=1) - timedelta(minutes=n),
            }
            for n in range(count)
        ]
    )


HOSTILE = rss(
    [
        {
            "title": "&lt;script&gt;alert(1)&lt;/script&gt;"
            "Bus &lt;b&gt;fares&lt;/b&gt;",
            "link": "https://forum.example.org/t/hostile",
            "guid": "hostile",
            "description": "&lt;img src=x onerror=alert(2)&gt;"
            "&lt;a href=&quot;javascript:alert(3)&quot;&gt;click&lt;/a&gt; text",
            "pubDate": recent(),
        },
        {
            "title": "A javascript: link",
            "link": "javascript:alert(4)",
            "guid": "js-link",
            "pubDate": recent(),
        },
    ]
)


class FeedHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server API)
        self.server.seen.append((self.path, dict(self.headers)))
        route = self.server.routes.get(self.path.split("?")[0])
        if route is None:
            return self._send(404, b"not found", "text/plain")
        return route(self)

    def _send(self, status, body=b"", content_type="application/rss+xml", **headers):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve(body, content_type="application/rss+xml", status=200, **headers):
    return lambda handler: handler._send(status, body, content_type, **headers)


def conditional(handler):
    """ETag and Last-Modified: unchanged since either, a 304 and no body."""
    if (
        handler.headers.get("If-None-Match") == ETAG
        or handler.headers.get("If-Modified-Since") == LAST_MODIFIED
    ):
        return handler._send(304)
    return handler._send(200, rss_of(3), ETag=ETAG, Last_Modified=LAST_MODIFIED)


def slow(handler):
    time.sleep(handler.server.slow_seconds)
    return handler._send(200, rss_of(1))


def trickle(handler):
    """Headers at once, then a byte at a time: each read is quick, the
    whole answer is not."""
    body = rss_of(8)
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    for n in range(0, len(body), 64):
        handler.wfile.write(body[n : n + 64])
        handler.wfile.flush()
        time.sleep(0.05)


def redirect_to(location):
    return lambda handler: handler._send(302, b"", "text/plain", Location=location)


@functools.cache
def standard_routes() -> dict:
    bomb = gzip.compress(b" " * (64 * 1024 * 1024))  # 64 MB of spaces, ~64 KB sent
    return {
        "/rss": serve(
            rss(
                [
                    {
                        "title": "Bus timetables in the county",
                        "link": "https://forum.example.org/t/1",
                        "guid": "t1",
                        "description": "<p>When will the <b>new buses</b> run?</p>",
                        "pubDate": recent(),
                        "author": "jo@example.org (Jo)",
                    }
                ]
            )
        ),
        "/atom": serve(
            atom(
                [
                    {
                        "id": "urn:post:9",
                        "title": "School admissions appeal",
                        "link": "https://blog.example.org/2026/appeal",
                        "updated": recent(2),
                        "summary": "An appeal about admissions",
                    }
                ]
            ),
            "application/atom+xml",
        ),
        "/json": serve(
            json_feed(
                [
                    {
                        "id": "j1",
                        "url": "https://forum.example.org/j/1",
                        "title": "Rail fares rising",
                        "content_html": "<p>Fares <script>x()</script>again</p>",
                        "date_published": recent().isoformat(),
                        "authors": [{"name": "Kim"}],
                    }
                ]
            ),
            "application/feed+json",
        ),
        "/conditional": conditional,
        "/error": serve(b"oops", "text/plain", status=500),
        "/slow": slow,
        "/trickle": trickle,
        "/big": serve(b"<rss>" + b" " * (3 * 1024 * 1024) + b"</rss>"),
        "/bomb": serve(bomb, "application/rss+xml", Content_Encoding="gzip"),
        "/html": serve(
            b"<!doctype html><html><head><title>A forum</title></head>"
            b"<body><p>Welcome</p></body></html>",
            "text/html",
        ),
        "/malformed": serve(b"<?xml version='1.0'?><rss><channel><item><title>x"),
        "/many": serve(rss_of(10_000)),
        "/hostile": serve(HOSTILE),
        "/dates": serve(
            rss(
                [
                    {
                        "title": "From the future",
                        "link": "https://forum.example.org/t/future",
                        "guid": "future",
                        "pubDate": datetime.now(UTC) + timedelta(days=400),
                    },
                    {
                        "title": "No date at all",
                        "link": "https://forum.example.org/t/undated",
                        "guid": "undated",
                    },
                    {
                        "title": "Long ago",
                        "link": "https://forum.example.org/t/old",
                        "guid": "old",
                        "pubDate": recent(days=400),
                    },
                ]
            )
        ),
        "/duplicates": serve(
            rss(
                [
                    {
                        "title": f"Same guid {n}",
                        "link": f"https://forum.example.org/t/dup{n}",
                        "guid": "same",
                        "pubDate": recent(),
                    }
                    for n in range(3)
                ]
            )
        ),
        "/page": serve(
            b"<!doctype html><html><head><title>Forum</title>"
            b'<link rel="stylesheet" href="/style.css">'
            b'<link rel="alternate" type="application/rss+xml" href="/rss">'
            b'<link rel="alternate" type="application/atom+xml" href="/atom">'
            b"</head><body>hi</body></html>",
            "text/html; charset=utf-8",
        ),
        "/page-without-feed": serve(
            b"<!doctype html><html><head><title>Forum</title></head></html>",
            "text/html",
        ),
    }


class FeedServer(ThreadingHTTPServer):
    # The job opens up to FEED_CONCURRENCY connections at once: with the
    # default backlog of 5, a busy machine drops the rest, and each retry
    # waits a second, past a test's short FEED_TIMEOUT.
    request_queue_size = 64


@pytest.fixture
def feed_server(settings):
    """The server, on a free loopback port, for one test: `url(path)` gives
    an address on it, `routes` can be changed, `seen` lists the requests."""
    settings.LINK_CHECK_ALLOW_PRIVATE = True
    server = FeedServer(("127.0.0.1", 0), FeedHandler)
    server.daemon_threads = True
    server.routes = dict(standard_routes())
    server.seen = []
    server.slow_seconds = 3
    server.url = lambda path: f"http://127.0.0.1:{server.server_address[1]}{path}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()
