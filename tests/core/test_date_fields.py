from datetime import date

import pytest
from django import forms

from core.date_fields import GovukDateField


class WhenForm(forms.Form):
    when = GovukDateField(required=False, label="When")


def boxes(day="", month="", year="") -> dict[str, str]:
    return {"when_day": day, "when_month": month, "when_year": year}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (boxes("1", "10", "2026"), date(2026, 10, 1)),
        (boxes("01", "09", "2026"), date(2026, 9, 1)),
        (boxes(" 7 ", " 3 ", " 2026 "), date(2026, 3, 7)),
        (boxes("29", "2", "2028"), date(2028, 2, 29)),
        (boxes("5", "March", "2026"), date(2026, 3, 5)),
        (boxes("5", "mar", "2026"), date(2026, 3, 5)),
        (boxes(), None),
        ({}, None),
        # An address from before the three boxes.
        ({"when": "2026-10-01"}, date(2026, 10, 1)),
    ],
)
def test_a_real_date_in_three_boxes_is_read(data, expected):
    form = WhenForm(data)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (boxes("31", "2", "2026"), "Enter a real date."),
        (boxes("29", "2", "2026"), "Enter a real date."),
        (boxes("0", "1", "2026"), "Enter a real date."),
        (boxes("1", "13", "2026"), "Enter a real date."),
        (boxes("one", "1", "2026"), "Enter a real date."),
        (boxes("1", "Smarch", "2026"), "Enter a real date."),
        (boxes("-1", "1", "2026"), "Enter a real date."),
        (boxes("1", "1", "0000"), "Enter a real date."),
        (boxes("١", "1", "2026"), "Enter a real date."),  # not ASCII digits
        (boxes("1", "1", "9" * 5000), "Enter a real date."),
        (boxes("<script>", "1", "2026"), "Enter a real date."),
        (boxes("1", "", "2026"), "The date must include a month."),
        (boxes("", "", "2026"), "The date must include a day and month."),
        (boxes("1", "1", ""), "The date must include a year."),
        (boxes("1", "1", "99999"), "The year must have 4 digits."),
        (boxes("1", "1", "26"), "The year must have 4 digits."),
        ({"when": "yesterday"}, "Enter a real date."),
        ({"when": "2026-13-45"}, "Enter a real date."),
    ],
)
def test_a_date_that_cannot_be_read_says_why(data, message):
    form = WhenForm(data)

    assert not form.is_valid()
    assert form.errors["when"] == [message]


def test_what_was_typed_is_shown_again_with_the_error():
    html = str(WhenForm(boxes("31", "February", "2026"))["when"])

    assert 'name="when_day" value="31"' in html
    assert 'name="when_month" value="February"' in html
    assert 'name="when_year" value="2026"' in html
    assert html.count("govuk-input--error") == 3


def test_the_boxes_are_labelled_in_a_group_with_a_legend():
    html = WhenForm()["when"].as_field_group()

    assert '<fieldset class="govuk-fieldset" role="group"' in html
    assert 'govuk-fieldset__legend--s">When</legend>' in html
    for number, label in enumerate(["Day", "Month", "Year"]):
        assert f'for="id_when_{number}">{label}</label>' in html
    assert 'type="date"' not in html
