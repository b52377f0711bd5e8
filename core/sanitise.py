"""The portal's one HTML sanitiser (nh3), with named allow-lists.

Every service that stores HTML written by a user or an editor passes it through
clean_html() before saving; templates mark safe only values stored that way.
It lives in core/, the lowest layer, so every app can use it.
"""

import html
import re
from dataclasses import dataclass

import nh3

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls;
# the noncharacters U+FFFE and U+FFFF. Typed or pasted into a field they are
# invisible, and printed back they make the page invalid HTML.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def strip_control_characters(value: str) -> str:
    """`value` without control characters: every text that comes in, plain
    (core.middleware, on every form field) or rich (clean_html), passes here."""
    return CONTROL_CHARACTERS.sub("", value)


@dataclass(frozen=True)
class Policy:
    tags: frozenset[str]
    attributes: dict[str, set[str]]


# Pages and posts: structure, emphasis, lists, quotes and links.
RICH_TEXT = Policy(
    tags=frozenset(
        {
            "p",
            "br",
            "strong",
            "em",
            "b",
            "i",
            "ul",
            "ol",
            "li",
            "a",
            "h2",
            "h3",
            "h4",
            "blockquote",
            "code",
            "pre",
            "hr",
        }
    ),
    attributes={"a": {"href", "title"}},
)

# Short notes and comments: paragraphs and links only.
PLAIN_WITH_LINKS = Policy(
    tags=frozenset({"p", "br", "a"}),
    attributes={"a": {"href"}},
)

# Text from outside the portal shown as text (a feed's titles and summaries).
NO_TAGS = Policy(tags=frozenset(), attributes={})

URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(value: str, policy: Policy = RICH_TEXT) -> str:
    """Return `value` with everything outside `policy` removed.

    Scripts and styles are dropped with their content; event handlers, style
    attributes and javascript: links never survive; links get rel=noopener.
    """
    return nh3.clean(
        strip_control_characters(value or ""),
        tags=set(policy.tags),
        attributes={tag: set(attrs) for tag, attrs in policy.attributes.items()},
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def plain_text(value: str, max_length: int) -> str:
    """`value` (HTML or not) as one line of plain text, at most `max_length`
    characters: tags and scripts dropped by clean_html, entities read back
    to characters (templates escape them again), spaces collapsed, and
    anything longer cut at a word with an ellipsis."""
    text = " ".join(html.unescape(clean_html(value, NO_TAGS)).split())
    if len(text) <= max_length:
        return text
    return text[: max_length - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
