from django import forms

from .models import NotificationPreference


class PreferenceForm(forms.Form):
    email_frequency = forms.ChoiceField(
        label="How should we email you?",
        choices=NotificationPreference.Frequency.choices,
        widget=forms.RadioSelect,
        help_text="Everything also appears in your notifications in the portal.",
        error_messages={"required": "Select how we should email you."},
    )
