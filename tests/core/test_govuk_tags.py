"""The GOV.UK template tags: the markup the pages used to write by hand, escaped."""

from datetime import UTC, datetime

import pytest
from django.forms import CharField, Form, ValidationError
from django.template import Context, Template

from core.templatetags.govuk import govuk_datetime

HOSTILE = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
ROW = '<tr class="govuk-table__row"><td class="govuk-table__cell">{}</td></tr>'


def render(source: str, **context) -> str:
    return Template("{% load govuk %}" + source).render(Context(context))


def test_table_has_a_hidden_caption_one_header_row_and_the_rows_as_its_body():
    html = render(
        '{% table "Topic" "Status" caption="Your posts" %}'
        + ROW.format("{{ topic }}")
        + "{% endtable %}",
        topic=HOSTILE,
    )
    assert html == (
        '<div class="app-table-container" role="region" aria-label="Your posts" '
        'tabindex="0">\n'
        '<table class="govuk-table">\n'
        '  <caption class="govuk-table__caption govuk-visually-hidden">'
        "Your posts</caption>\n"
        '  <thead class="govuk-table__head"><tr class="govuk-table__row">'
        '<th scope="col" class="govuk-table__header">Topic</th>'
        '<th scope="col" class="govuk-table__header">Status</th></tr></thead>\n'
        '  <tbody class="govuk-table__body">' + ROW.format(ESCAPED) + "</tbody>\n"
        "</table>\n</div>"
    )


def test_table_caption_with_a_size_is_shown_at_that_size():
    html = render(
        '{% table "A" caption=title caption_size="m" %}{% endtable %}', title=HOSTILE
    )
    assert (
        f'<caption class="govuk-table__caption govuk-table__caption--m">{ESCAPED}'
        "</caption>"
    ) in html


def test_table_caption_size_must_be_a_govuk_size():
    with pytest.raises(ValueError):
        render('{% table "A" caption="c" caption_size="huge" %}{% endtable %}')


@pytest.mark.parametrize(("actions", "has_column"), [(True, True), (False, False)])
def test_table_actions_column_is_headed_for_screen_readers_only(actions, has_column):
    html = render(
        '{% table "A" caption="c" actions=actions %}{% endtable %}', actions=actions
    )
    column = (
        '<th scope="col" class="govuk-table__header">'
        '<span class="govuk-visually-hidden">Actions</span></th>'
    )
    assert (column in html) is has_column


def test_summary_row_escapes_its_key_and_keeps_its_rendered_value():
    html = render(
        '{% summary_row key %}<a href="/x">{{ value }}</a>{% endsummary_row %}',
        key=HOSTILE,
        value=HOSTILE,
    )
    assert html == (
        '<div class="govuk-summary-list__row">'
        f'<dt class="govuk-summary-list__key">{ESCAPED}</dt>'
        f'<dd class="govuk-summary-list__value"><a href="/x">{ESCAPED}</a></dd></div>'
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            '{% status_tag "Live" "green" %}',
            '<strong class="govuk-tag govuk-tag--green">Live</strong>',
        ),
        ('{% status_tag "Posted" %}', '<strong class="govuk-tag">Posted</strong>'),
        (
            '{% status_tag text "red" %}',
            f'<strong class="govuk-tag govuk-tag--red">{ESCAPED}</strong>',
        ),
    ],
)
def test_status_tag_is_a_strong_with_the_colour_modifier_and_escaped_text(
    source, expected
):
    assert render(source, text=HOSTILE) == expected


def test_status_tag_colour_must_be_a_govuk_colour():
    with pytest.raises(ValueError):
        render('{% status_tag "Live" "chartreuse" %}')


class NameForm(Form):
    name = CharField()

    def clean(self):
        raise ValidationError(HOSTILE)


def test_error_summary_lists_non_field_errors_then_links_each_field_error():
    form = NameForm(data={})
    form.is_valid()
    html = render("{% error_summary form %}", form=form)
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in html
    assert html.index("<li>&lt;script&gt;") < html.index(
        '<li><a href="#id_name">This field is required.</a></li>'
    )
    assert HOSTILE not in html


def test_error_summary_lists_plain_errors_under_the_title_it_is_given():
    html = render(
        '{% error_summary errors=problems title="The file cannot be imported" %}',
        problems=["Line 2 has no name", HOSTILE],
    )
    assert (
        '<h2 class="govuk-error-summary__title">The file cannot be imported</h2>'
        in html
    )
    assert "<li>Line 2 has no name</li>" in html
    assert "<a " not in html
    assert HOSTILE not in html


def test_error_summary_ignores_the_pages_own_title():
    # Form pages put their heading in `title`: it must not become the box's heading.
    html = render(
        "{% error_summary errors=problems %}", problems=["x"], title="Edit a post"
    )
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in html


@pytest.mark.parametrize(
    ("moment", "written"),
    [
        (datetime(2026, 12, 2, 17, 10, tzinfo=UTC), "2 December 2026 at 5:10pm"),
        (datetime(2026, 12, 2, 9, 5, tzinfo=UTC), "2 December 2026 at 9:05am"),
        (datetime(2026, 12, 2, 12, 0, tzinfo=UTC), "2 December 2026 at midday"),
        (datetime(2026, 12, 3, 0, 0, tzinfo=UTC), "3 December 2026 at midnight"),
        (datetime(2026, 12, 2, 0, 30, tzinfo=UTC), "2 December 2026 at 12:30am"),
        # British Summer Time: the portal's clock, not UTC.
        (datetime(2026, 7, 1, 16, 10, tzinfo=UTC), "1 July 2026 at 5:10pm"),
    ],
)
def test_moments_are_written_the_govuk_way(moment, written):
    assert govuk_datetime(moment) == written


def test_no_moment_is_written_as_nothing():
    assert govuk_datetime(None) == ""
