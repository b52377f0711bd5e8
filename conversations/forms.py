from django import forms

from .models import OrganisationThread

Status = OrganisationThread.Status


class MonitoringFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("new", "New"), *Status.choices[1:], ("", "Any")],
        required=False,
        label="Status",
    )
    organisation = forms.ModelChoiceField(
        None, required=False, empty_label="All you cover", label="Organisation"
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class DecisionForm(forms.Form):
    status = forms.ChoiceField(
        label="What does this conversation need?",
        choices=[
            (Status.NEEDS_RESPONSE, "A response: assign it to someone"),
            (Status.NO_ACTION, "No action"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether it needs a response."},
    )
    assigned_to = forms.ModelChoiceField(
        None,
        required=False,
        label="Who will respond",
        empty_label="Choose a press officer",
        help_text="Yourself or a colleague; they are told.",
    )
    note = forms.CharField(
        max_length=500,
        required=False,
        label="Note (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decisions_seen = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = reviewers
        self.fields["assigned_to"].label_from_instance = lambda u: u.full_name

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == Status.NEEDS_RESPONSE
            and not cleaned.get("assigned_to")
            and "assigned_to" not in self.errors
        ):
            self.add_error("assigned_to", "Choose who will respond.")
        return cleaned
