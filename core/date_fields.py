"""A date as GOV.UK asks for one: day, month and year in three boxes.

The GOV.UK date-input pattern rather than <input type="date">, whose picker
shows "mm/dd/yyyy" to British users and which some assistive technology reads
badly. The boxes render through templates/django/forms/widgets/govuk_date.html
inside the renderer's fieldset (core/forms.py), legend and error included.
"""

import calendar
from datetime import date

from django import forms
from django.core.exceptions import ValidationError

DATE_PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))
MONTHS_BY_NAME = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}


class GovukDateInput(forms.MultiWidget):
    """Three text boxes named <name>_day, <name>_month, <name>_year.

    An address written before the three boxes, ?<name>=2026-10-01, still
    fills them, so bookmarked and shared links keep working."""

    template_name = "django/forms/widgets/govuk_date.html"

    def __init__(self, attrs=None):
        boxes = {
            name: forms.TextInput(attrs={"inputmode": "numeric"})
            for name, *_ in DATE_PARTS
        }
        super().__init__(boxes, attrs)

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]

    def value_from_datadict(self, data, files, name):
        if super().value_omitted_from_data(data, files, name) and name in data:
            year, month, day = (data[name].split("-", 2) + ["", ""])[:3]
            return [day, month, year] if month else [data[name], "", ""]
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and name not in data

    def id_for_label(self, id_):
        # The error summary links to the first box, as GOV.UK's does.
        return f"{id_}_0" if id_ else ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for box, (_, label, width) in zip(
            context["widget"]["subwidgets"], DATE_PARTS, strict=True
        ):
            box["label"] = label
            css = box["attrs"].get("class", "")
            box["attrs"]["class"] = f"{css} govuk-input--width-{width}".strip()
        return context


class GovukDateField(forms.MultiValueField):
    """A date from GOV.UK's three boxes: day, month (a number or its name) and
    a four-digit year. Messages, each overridable in `error_messages`:
    "incomplete" (with %(missing)s: "month", "day and year"...), "invalid"
    (letters, or no such day, such as 31 February) and "year" (not 4 digits)."""

    widget = GovukDateInput
    default_error_messages = {
        "incomplete": "The date must include a %(missing)s.",
        "invalid": "Enter a real date.",
        "year": "The year must have 4 digits.",
    }

    def __init__(self, **kwargs):
        # The boxes are checked together in compress(), which can say which is
        # missing; the subfields only strip what was typed.
        boxes = [forms.CharField(required=False) for _ in DATE_PARTS]
        super().__init__(boxes, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not any(data_list):
            return None
        day, month, year = data_list
        month = MONTHS_BY_NAME.get(month.lower(), month)
        if any(part and not _is_number(part) for part in (day, month, year)):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        missing = [
            name
            for (name, *_), part in zip(DATE_PARTS, data_list, strict=True)
            if not part
        ]
        if missing:
            raise ValidationError(
                self.error_messages["incomplete"],
                code="incomplete",
                params={"missing": " and ".join(missing)},
            )
        if len(year) != 4:
            raise ValidationError(self.error_messages["year"], code="year")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from None


def _is_number(part) -> bool:
    """ASCII digits only, and not many: int() would also read "١٢", or take
    its time over a 4,000-digit string."""
    return isinstance(part, int) or (
        part.isascii() and part.isdigit() and len(part) <= 8
    )
