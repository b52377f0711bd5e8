"""The HTML checker the tests use: html5lib's strict parse, plus the id
rules the W3C checker also reports.

The W3C's checker (vnu) needs Java, which the test machines do not have.
html5lib parses as browsers do (the WHATWG algorithm) and lists every parse
error a browser would recover from silently: a control character
("invalid-codepoint"), a duplicated attribute, a stray or misnested end tag,
a missing doctype. It does not look at ids, so two rules vnu reports are
checked here on the parsed tree: an id used twice, and a label's `for` or an
`aria-*` reference naming an id the page does not have.
"""

from collections import Counter

import html5lib

# Attributes whose value is one id, or a space-separated list of them.
ID_REFERENCES = ("for", "aria-describedby", "aria-labelledby", "aria-controls")


def html_errors(html: str) -> list[str]:
    """Every problem the checker finds in a page, each as one line."""
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    document = parser.parse(html)
    errors = [
        f"line {line}, column {column}: {code} {data or ''}".rstrip()
        for (line, column), code, data in parser.errors
    ]
    return errors + _id_errors(document)


def _id_errors(document) -> list[str]:
    elements = list(document.iter())
    ids = Counter(e.get("id") for e in elements if e.get("id"))
    errors = [
        f"id {name!r} used {count} times" for name, count in ids.items() if count > 1
    ]
    for element in elements:
        for attribute in ID_REFERENCES:
            for name in (element.get(attribute) or "").split():
                if name not in ids:
                    errors.append(f"<{element.tag} {attribute}={name!r}>: no such id")
    return errors
