"""A readable comparison of two versions: paragraph by paragraph, as text."""

import difflib
import html
import re

BLOCK_END = re.compile(r"</(?:p|li|h2|h3|h4|blockquote|pre)>|<br\s*/?>|<hr\s*/?>", re.I)
TAG = re.compile(r"<[^>]+>")


def text_blocks(body: str) -> list[str]:
    """The page's paragraphs, list items and headings as plain text lines."""
    blocks = (
        html.unescape(TAG.sub("", part)).strip() for part in BLOCK_END.split(body)
    )
    return [b for b in blocks if b]


def compare(old_title, old_body, new_title, new_body) -> list[tuple[str, str]]:
    """Lines as (change, text), change being "removed", "added" or "same"."""
    old = [f"Title: {old_title}", *text_blocks(old_body)]
    new = [f"Title: {new_title}", *text_blocks(new_body)]
    lines = []
    for line in difflib.ndiff(old, new):
        code, text = line[:2], line[2:]
        if code == "- ":
            lines.append(("removed", text))
        elif code == "+ ":
            lines.append(("added", text))
        elif code == "  ":
            lines.append(("same", text))
    return lines
