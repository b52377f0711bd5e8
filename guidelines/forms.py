from django import forms
from django.core.validators import validate_slug

from core.sanitise import RICH_TEXT, clean_html

from .models import Page, Section
from .services import SLUG_TAKEN

BODY_HELP = (
    "Write in HTML. You can use paragraphs (&lt;p&gt;), headings (&lt;h2&gt;, "
    "&lt;h3&gt;), lists (&lt;ul&gt;, &lt;ol&gt;, &lt;li&gt;), &lt;strong&gt;, "
    "&lt;em&gt;, quotes (&lt;blockquote&gt;) and links (&lt;a href&gt;). "
    "Anything else is removed when you save."
)


class PageVersionForm(forms.Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        label="Page text",
        max_length=100_000,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 20}),
    )
    change_summary = forms.CharField(
        max_length=300,
        help_text="What changed and why, for the page's history.",
    )

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if not clean_html(body, RICH_TEXT):
            raise forms.ValidationError(
                "Enter the page text. Nothing was left after removing unsafe HTML."
            )
        return body


class NewPageForm(PageVersionForm):
    section = forms.ChoiceField(choices=Section.choices, widget=forms.RadioSelect)
    slug = forms.CharField(
        label="Web address",
        max_length=80,
        help_text="Lower-case words joined by hyphens, for example joining-a-forum.",
        validators=[validate_slug],
    )
    field_order = ["section", "title", "slug", "body", "change_summary"]

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].lower()
        if Page.objects.filter(slug=slug).exists():
            raise forms.ValidationError(SLUG_TAKEN)
        return slug


class PublishForm(forms.Form):
    requires_reacknowledgement = forms.BooleanField(
        required=False,
        label="This is a material change: everyone must read and acknowledge it again",
        help_text="Leave unticked for minor edits such as typos.",
    )


class DiffForm(forms.Form):
    """Which two versions to compare, from the page's own history."""

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, f"Version {n}") for n in numbers]
        self.fields["old"] = forms.TypedChoiceField(
            label="Compare", choices=choices, coerce=int
        )
        self.fields["new"] = forms.TypedChoiceField(
            label="with", choices=choices, coerce=int
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("old") is not None and cleaned.get("old") == cleaned.get("new"):
            raise forms.ValidationError("Choose two different versions to compare.")
        return cleaned


class SearchForm(forms.Form):
    q = forms.CharField(label="Search the principles and guidance", max_length=200)
