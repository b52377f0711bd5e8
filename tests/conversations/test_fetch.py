"""The feed fetcher against the tests' own feed server: never the internet."""

import pytest

from communities.feeds import (
    FeedRefused,
    discover_feed,
    feed_links_in,
    fetch_feed,
    is_reserved,
    read_feed,
)
from tests.communities.test_links import PUBLIC

from .feedserver import ETAG, LAST_MODIFIED

LIMITS = {"timeout": 2.0, "max_bytes": 1024 * 1024, "max_items": 200}


def fetch(server, path, **kwargs):
    return fetch_feed(server.url(path), **{**LIMITS, **kwargs})


@pytest.mark.parametrize(
    "path, title, link, author",
    [
        (
            "/rss",
            "Bus timetables in the county",
            "https://forum.example.org/t/1",
            "jo@example.org (Jo)",
        ),
        (
            "/atom",
            "School admissions appeal",
            "https://blog.example.org/2026/appeal",
            "Someone",
        ),
        ("/json", "Rail fares rising", "https://forum.example.org/j/1", "Kim"),
    ],
)
def test_rss_atom_and_json_feeds_are_read(feed_server, path, title, link, author):
    answer = fetch(feed_server, path)

    assert answer.ok, answer.message
    assert answer.message == "1 items"
    [item] = answer.items
    assert (item.title, item.link, item.author) == (title, link, author)
    assert item.published is not None and item.published.tzinfo is not None


def test_an_unchanged_feed_costs_a_304_on_the_next_fetch(feed_server):
    first = fetch(feed_server, "/conditional")
    again = fetch(feed_server, "/conditional", etag=first.etag, modified=first.modified)

    assert (first.etag, first.modified, len(first.items)) == (ETAG, LAST_MODIFIED, 3)
    assert again.ok and again.not_modified and again.items == []
    assert again.etag == ETAG
    sent = feed_server.seen[-1][1]
    assert sent["If-None-Match"] == ETAG
    assert sent["If-Modified-Since"] == LAST_MODIFIED


@pytest.mark.parametrize(
    "path, message",
    [
        ("/error", "HTTP 500"),
        ("/missing", "HTTP 404"),
        ("/html", "not a feed: neither RSS, Atom nor JSON Feed"),
        ("/big", "too large: over 1024 KB"),
        ("/bomb", "too large: over 1024 KB"),
    ],
)
def test_what_is_not_a_feed_is_refused_with_the_reason(feed_server, path, message):
    answer = fetch(feed_server, path)

    assert (answer.ok, answer.message, answer.items) == (False, message, [])


def test_malformed_xml_gives_what_can_be_read_and_never_raises(feed_server):
    answer = fetch(feed_server, "/malformed")

    # feedparser reads what it can of broken XML; the item has no address,
    # so nothing is stored from it (conversations.services.clean_item).
    assert answer.ok
    assert [item.link for item in answer.items] in ([], [""])


def test_a_server_that_never_answers_is_given_up_on_at_the_timeout(feed_server):
    answer = fetch(feed_server, "/slow", timeout=0.5)

    assert (answer.ok, answer.message) == (False, "no answer within 0.5 s")


def test_a_server_that_trickles_is_given_up_on_at_the_deadline(feed_server):
    answer = fetch(feed_server, "/trickle", timeout=0.3)

    assert answer.ok is False
    assert answer.message.startswith("too slow")


def test_a_feed_of_ten_thousand_items_keeps_the_newest(feed_server):
    answer = fetch(feed_server, "/many", max_bytes=5 * 1024 * 1024, max_items=100)

    assert answer.ok
    assert answer.message == "10000 items, the newest 100 kept"
    assert len(answer.items) == 100
    assert answer.items[0].title == "Bus timetables question 0"
    assert [i.published for i in answer.items] == sorted(
        (i.published for i in answer.items), reverse=True
    )


def test_a_repeated_guid_gives_one_item(feed_server):
    answer = fetch(feed_server, "/duplicates")

    assert [item.title for item in answer.items] == ["Same guid 0"]


def test_private_addresses_are_refused_unless_allowed(feed_server, settings):
    settings.LINK_CHECK_ALLOW_PRIVATE = False

    answer = fetch(feed_server, "/rss")

    assert answer.ok is False
    assert answer.message == "127.0.0.1 is not a public address"
    assert feed_server.seen == []


def test_a_redirect_from_a_public_feed_to_a_private_address_is_refused(
    feed_server,
    settings,
    dns,
    network,
):
    settings.LINK_CHECK_ALLOW_PRIVATE = False
    dns.names["feeds.fixture-only.uk"] = [PUBLIC]
    network.routes[PUBLIC] = feed_server.server_address[1]
    feed_server.routes["/moved"] = lambda handler: handler._send(
        302, b"", "text/plain", Location="http://10.0.0.1/rss"
    )

    answer = fetch_feed(
        f"http://feeds.fixture-only.uk:{feed_server.server_address[1]}/moved", **LIMITS
    )

    assert answer.ok is False
    assert "10.0.0.1 is not a public address" in answer.message
    assert [path for path, _ in feed_server.seen] == ["/moved"]


def test_only_web_addresses_are_fetched():
    answer = fetch_feed("file:///etc/passwd", **LIMITS)

    assert (answer.ok, answer.message) == (False, "not an http(s) address")


@pytest.mark.parametrize(
    "body",
    [
        b'{"version": "https://jsonfeed.org/version/1", "items": "nope"}',
        b'{"not": "a feed"}',
        b"[1, 2, 3]",
        b"{broken",
        b"[" * 100_000,
    ],
)
def test_json_that_is_not_a_json_feed_is_refused(body):
    with pytest.raises(FeedRefused):
        read_feed(body, "application/json")


def test_json_feed_items_without_an_id_or_address_are_left_out():
    items = read_feed(
        b'{"version": "https://jsonfeed.org/version/1.1", "items": '
        b'[{"title": "no id"}, "not an object", {"id": 7, "date_published": "x"}]}',
        "application/feed+json",
    )

    assert [(i.key, i.published) for i in items] == [("7", None)]


def test_a_page_announces_its_feeds_in_order_as_absolute_addresses():
    html = (
        '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
        '<link rel="Alternate stylesheet" type="text/css" href="/x.css">'
        '<link rel="alternate" type="application/atom+xml; charset=utf-8" '
        'href="https://other.example.org/atom">'
        '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">'
        '<link rel="alternate" hreflang="cy" href="/cy">'
    )

    assert feed_links_in(html, "https://forum.example.org/board/") == [
        "https://forum.example.org/feed.xml",
        "https://other.example.org/atom",
    ]


def test_discovery_reads_the_page_for_its_first_feed(feed_server):
    limits = {"timeout": 2.0, "max_bytes": 1024 * 1024}

    assert discover_feed(feed_server.url("/page"), **limits) == feed_server.url("/rss")
    assert discover_feed(feed_server.url("/page-without-feed"), **limits) == ""
    assert discover_feed(feed_server.url("/rss"), **limits) == ""  # not HTML
    assert discover_feed(feed_server.url("/error"), **limits) == ""


@pytest.mark.parametrize(
    "url, reserved",
    [
        ("https://forum.example.org/feed", True),
        ("https://example.com/", True),
        ("http://feeds.example.test:8080/rss", True),
        ("https://x.localhost/", True),
        ("https://myexample.org/feed", False),
        ("https://example.org.uk/feed", False),
        ("https://www.gov.uk/feed", False),
    ],
)
def test_names_reserved_for_examples_are_never_fetched(url, reserved):
    assert is_reserved(url) is reserved
    if reserved:
        assert fetch_feed(url, **LIMITS).message == (
            "not fetched: a name reserved for examples"
        )
        assert discover_feed(url, timeout=1, max_bytes=1024) == ""
