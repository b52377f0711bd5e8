"""Filters for the reports: a date range and one of the viewer's organisations."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone

from core.date_fields import GovukDateField

DEFAULT_DAYS = 91  # about a quarter
LONGEST_RANGE = timedelta(days=3 * 366)
EARLIEST = date(2000, 1, 1)  # before the portal existed: nothing to count


class ReportFilterForm(forms.Form):
    start = GovukDateField(
        required=False,
        label="From",
        help_text="For example, 1 10 2026",
        error_messages={
            "invalid": "Enter the start date as a real date.",
            "incomplete": "The start date must include a %(missing)s.",
            "year": "Enter the year of the start date as 4 digits.",
        },
    )
    end = GovukDateField(
        required=False,
        label="To",
        help_text="For example, 31 12 2026",
        error_messages={
            "invalid": "Enter the end date as a real date.",
            "incomplete": "The end date must include a %(missing)s.",
            "year": "Enter the year of the end date as 4 digits.",
        },
    )
    organisation = forms.ModelChoiceField(
        None,
        required=False,
        empty_label="All your organisations",
        error_messages={"invalid_choice": "Choose one of your organisations."},
    )

    def __init__(self, *args, organisations, **kwargs):
        """`organisations` None: a whole-of-government report, not filtered."""
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        data["end"] = data.get("end") or today
        data["start"] = data.get("start") or data["end"] - timedelta(days=DEFAULT_DAYS)
        latest = today + timedelta(days=366)
        for name in ("start", "end"):
            if not EARLIEST <= data[name] <= latest:
                self.add_error(
                    name,
                    f"Enter a date between {EARLIEST:%-d %B %Y} and "
                    f"{latest:%-d %B %Y}.",
                )
                return data
        if data["start"] > data["end"]:
            self.add_error("end", "The start date must be on or before the end date.")
        elif data["end"] - data["start"] > LONGEST_RANGE:
            self.add_error("start", "Choose a range of three years or less.")
        return data


def recent_quarters(count: int = 8) -> list[tuple[str, str]]:
    today = timezone.localdate()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    choices = []
    for _ in range(count):
        choices.append((f"{year}-Q{quarter}", f"{year} quarter {quarter}"))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return choices


class TransparencyForm(forms.Form):
    quarter = forms.ChoiceField(
        choices=recent_quarters,
        error_messages={
            "required": "Choose a quarter.",
            "invalid_choice": "Choose one of the quarters listed.",
        },
    )

    def quarter_parts(self) -> tuple[int, int]:
        year, quarter = self.cleaned_data["quarter"].split("-Q")
        return int(year), int(quarter)
