"""The portal's one HTML sanitiser (nh3), with named allow-lists.

Every service that stores HTML written by a user or an editor passes it through
clean_html() before saving; templates mark safe only values stored that way.
It lives in core/, the lowest layer, so every app can use it.
"""

from dataclasses import dataclass

import nh3


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

URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(value: str, policy: Policy = RICH_TEXT) -> str:
    """Return `value` with everything outside `policy` removed.

    Scripts and styles are dropped with their content; event handlers, style
    attributes and javascript: links never survive; links get rel=noopener.
    """
    return nh3.clean(
        value or "",
        tags=set(policy.tags),
        attributes={tag: set(attrs) for tag, attrs in policy.attributes.items()},
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()
