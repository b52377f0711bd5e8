"""Django forms rendered as GOV.UK Design System markup.

The renderer points every form at templates/django/forms/ (our GOV.UK versions
of Django's form templates) and the bound field adds the GOV.UK class for each
widget, with its error variant. Chosen over crispy-forms-gds to keep to Django's
own form API with no extra dependency; it lives in core/, the lowest layer,
so every app's forms get it.
"""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input

from .date_fields import GovukDateInput

# Widget class -> (GOV.UK class, error modifier or "")
WIDGET_CLASSES = {
    # Given to each of the three boxes (GovukDateInput adds their widths).
    GovukDateInput: ("govuk-input govuk-date-input__input", "govuk-input--error"),
    forms.Textarea: ("govuk-textarea", "govuk-textarea--error"),
    forms.Select: ("govuk-select", "govuk-select--error"),
    forms.SelectMultiple: ("govuk-select", "govuk-select--error"),
    forms.CheckboxInput: ("govuk-checkboxes__input", ""),
    forms.RadioSelect: ("govuk-radios__input", ""),
    forms.CheckboxSelectMultiple: ("govuk-checkboxes__input", ""),
    forms.ClearableFileInput: ("govuk-file-upload", "govuk-file-upload--error"),
    forms.FileInput: ("govuk-file-upload", "govuk-file-upload--error"),
    Input: ("govuk-input", "govuk-input--error"),
}


def govuk_class(widget: forms.Widget, has_errors: bool) -> str:
    for widget_class, (css, error_css) in WIDGET_CLASSES.items():
        if isinstance(widget, widget_class):
            return f"{css} {error_css}".strip() if has_errors else css
    return ""


class GovukBoundField(forms.BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = govuk_class(widget, bool(self.errors))
        attrs["class"] = " ".join(filter(None, [attrs.get("class"), css]))
        return attrs

    @property
    def is_checkbox(self) -> bool:
        return isinstance(self.field.widget, forms.CheckboxInput)

    @property
    def is_text_group(self) -> bool:
        """Text boxes in a fieldset (a date's day, month, year): GOV.UK gives
        the fieldset role="group", or JAWS does not read its hint."""
        return isinstance(self.field.widget, forms.MultiWidget)


class GovukFormRenderer(TemplatesSetting):
    bound_field_class = GovukBoundField
