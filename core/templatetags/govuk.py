"""GOV.UK Design System markup that pages would otherwise write out by hand.

``{% load govuk %}``, then:

- ``{% table "Column" ... caption="..." %}rows{% endtable %}``: a table.
- ``{% summary_row "Key" %}value{% endsummary_row %}``: one row of a
  ``<dl class="govuk-summary-list">``.
- ``{% status_tag "Text" "colour" %}``: a tag.
- ``{% error_summary form %}`` or ``{% error_summary errors=... title="..." %}``:
  the "There is a problem" box.

Nothing here needs ``|safe``: the tags build their HTML with ``format_html``,
which escapes every value, and a block tag's content is the template's own
rendered output, already escaped by autoescaping.
"""

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join

register = template.Library()

# govuk-frontend 6's tag modifiers. "blue" has no rule of its own there (blue is
# the default colour) but pages already ask for it, so it stays allowed.
TAG_COLOURS = frozenset(
    {
        "blue",
        "green",
        "grey",
        "magenta",
        "orange",
        "pink",
        "purple",
        "red",
        "teal",
        "turquoise",
        "yellow",
    }
)
CAPTION_SIZES = frozenset({"s", "m", "l", "xl"})
HEADER = '<th scope="col" class="govuk-table__header">{}</th>'


@register.simple_block_tag
def table(content, *columns, caption, caption_size="", actions=False):
    """A ``govuk-table``: a caption, one header row, and ``content`` as its body.

    ``content`` is the rows (``<tr class="govuk-table__row">``). The caption is
    visually hidden, since a heading above the table already says what it is,
    unless ``caption_size`` ("s", "m", "l" or "xl") shows it at that size.
    ``actions`` adds a last column headed "Actions" for screen readers only, for
    rows that end in a link or a button.
    """
    if caption_size and caption_size not in CAPTION_SIZES:
        raise ValueError(f"caption_size must be one of {sorted(CAPTION_SIZES)}")
    if caption_size:
        caption_class = f"govuk-table__caption--{caption_size}"
    else:
        caption_class = "govuk-visually-hidden"
    headers = format_html_join("", HEADER, ((column,) for column in columns))
    if actions:
        hidden = format_html('<span class="govuk-visually-hidden">{}</span>', "Actions")
        headers += format_html(HEADER, hidden)
    # At 320 px a table wider than the screen scrolls inside its own region
    # (WCAG 1.4.10 lets a data table keep its two dimensions), never the
    # page; the region is named and focusable so a keyboard can scroll it.
    return format_html(
        '<div class="app-table-container" role="region" aria-label="{}" '
        'tabindex="0">\n'
        '<table class="govuk-table">\n'
        '  <caption class="govuk-table__caption {}">{}</caption>\n'
        '  <thead class="govuk-table__head">'
        '<tr class="govuk-table__row">{}</tr></thead>\n'
        '  <tbody class="govuk-table__body">{}</tbody>\n'
        "</table>\n</div>",
        caption,
        caption_class,
        caption,
        headers,
        content,
    )


@register.simple_block_tag
def summary_row(content, key):
    """One ``govuk-summary-list__row``: ``key`` as its key, ``content`` as its value."""
    return format_html(
        '<div class="govuk-summary-list__row">'
        '<dt class="govuk-summary-list__key">{}</dt>'
        '<dd class="govuk-summary-list__value">{}</dd></div>',
        key,
        content,
    )


@register.simple_tag
def status_tag(text, colour=""):
    """A ``govuk-tag`` saying ``text``; ``colour`` picks its modifier (none: blue)."""
    if not colour:
        return format_html('<strong class="govuk-tag">{}</strong>', text)
    if colour not in TAG_COLOURS:
        raise ValueError(f"colour must be one of {sorted(TAG_COLOURS)}")
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text
    )


@register.inclusion_tag("includes/error_summary.html")
def error_summary(form=None, *, errors=(), title="There is a problem"):
    """The ``govuk-error-summary`` box, with its own context (nothing leaks in).

    ``form``: each field error links to its field, non-field errors are listed
    first. ``errors``: messages that belong to no field (such as a file that
    cannot be read), listed without links. ``title``: the box's heading.
    """
    return {"form": form, "errors": errors, "title": title}


@register.filter
def govuk_datetime(value) -> str:
    """A moment as GOV.UK writes it, in the portal's time zone: "2 December
    2026 at 5:10pm", "midday", "midnight" (not Django's "5:10 p.m.")."""
    if not value:
        return ""
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    if (moment.hour, moment.minute) == (12, 0):
        time = "midday"
    elif (moment.hour, moment.minute) == (0, 0):
        time = "midnight"
    else:
        hour = moment.hour % 12 or 12
        time = f"{hour}:{moment.minute:02d}{'am' if moment.hour < 12 else 'pm'}"
    return f"{moment.day} {moment:%B %Y} at {time}"
