from django import forms

from .addresses import validate_port
from .models import Activity, Community, Platform, PolicyArea, Risk

ANY = [("", "Any")]


class SuggestForm(forms.Form):
    url = forms.URLField(
        label="Web address of the community",
        max_length=500,
        assume_scheme="https",
        validators=[validate_port],
        help_text="Paste it from your browser: we recognise the platform for you.",
    )
    name = forms.CharField(max_length=200)
    description = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What is discussed there, and why it matters to your policy area.",
    )
    platform = forms.ChoiceField(
        choices=[("", "Recognise it from the address"), *Platform.choices],
        required=False,
    )
    policy_areas = forms.ModelMultipleChoiceField(
        PolicyArea.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    audience = forms.CharField(
        max_length=200, required=False, label="Who takes part (optional)"
    )
    house_rules_url = forms.URLField(
        max_length=500,
        required=False,
        assume_scheme="https",
        label="Web address of its house rules (optional)",
        validators=[validate_port],
    )
    field_order = [
        "url",
        "name",
        "description",
        "platform",
        "policy_areas",
        "audience",
        "house_rules_url",
    ]


class CurateForm(SuggestForm):
    platform = forms.ChoiceField(choices=Platform.choices)
    approximate_size = forms.IntegerField(
        min_value=0,
        max_value=1_000_000_000,
        required=False,
        label="Approximate members (optional)",
    )
    activity = forms.ChoiceField(
        choices=[("", "Not known"), *Activity.choices], required=False
    )
    risk = forms.ChoiceField(
        choices=Risk.choices, widget=forms.RadioSelect, label="Risk rating"
    )
    risk_note = forms.CharField(max_length=500, required=False, label="Why this rating")
    engagement_tips = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    feed_url = forms.URLField(
        max_length=500,
        required=False,
        assume_scheme="https",
        validators=[validate_port],
        label="Feed address (optional)",
        help_text="RSS, Atom or JSON Feed: its new threads are shown to the "
        "staff of the organisations working on its policy areas. Leave empty "
        "for no feed.",
    )

    @classmethod
    def for_community(cls, community: Community, data=None):
        initial = {
            f: getattr(community, f) for f in cls.base_fields if f != "policy_areas"
        }
        initial["policy_areas"] = list(community.policy_areas.all())
        return cls(data, initial=initial)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The person who suggested it will see this.",
        error_messages={"required": "Enter why the community is not being listed."},
    )


class DirectoryFilterForm(forms.Form):
    """The filters shared by the directory page, its downloads and its feed."""

    q = forms.CharField(label="Search", max_length=200, required=False)
    platform = forms.ChoiceField(choices=ANY + Platform.choices, required=False)
    policy_area = forms.ModelChoiceField(
        PolicyArea.objects.all(),
        required=False,
        empty_label="Any",
        label="Policy area",
        to_field_name="slug",
    )
    risk = forms.ChoiceField(
        choices=ANY + Risk.choices, required=False, label="Risk rating"
    )
    activity = forms.ChoiceField(choices=ANY + Activity.choices, required=False)
    sort = forms.ChoiceField(
        choices=[
            ("name", "Name"),
            ("newest", "Newest listed"),
            ("largest", "Largest"),
            ("relevance", "Best match"),
        ],
        required=False,
        label="Sort by",
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file", help_text="UTF-8, at most 1 MB and 2,000 rows."
    )
    skip_invalid = forms.BooleanField(
        required=False, label="Import the valid rows and skip the invalid ones"
    )


class PatternForm(forms.Form):
    pattern = forms.CharField(
        max_length=100, help_text="Part of a web address, for example reddit.com/r/"
    )
    platform = forms.ChoiceField(choices=Platform.choices)


class LookupForm(forms.Form):
    url = forms.URLField(
        max_length=500, assume_scheme="https", validators=[validate_port]
    )
