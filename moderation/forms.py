from django import forms

from communities.addresses import validate_port
from communities.models import Community

from .models import Flag, Post, Purpose, RejectionReason

YES_NO = [
    ("yes", "Yes, I said who I am and who I work for"),
    ("no", "No, the community's rules do not allow it"),
]


class PostForm(forms.Form):
    community = forms.ModelChoiceField(
        Community.objects.listed(),
        required=False,
        label="Community from the directory",
        help_text="Or paste its address below if it is not in the directory.",
    )
    community_url = forms.URLField(
        max_length=500,
        required=False,
        assume_scheme="https",
        validators=[validate_port],
        label="Community address (optional)",
    )
    thread_url = forms.URLField(
        max_length=500,
        assume_scheme="https",
        validators=[validate_port],
        label="Address of the thread",
    )
    purpose = forms.ChoiceField(choices=Purpose.choices, widget=forms.RadioSelect)
    topic = forms.CharField(max_length=200)
    text = forms.CharField(
        label="Your post",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Paragraphs, lists, emphasis and links are kept; "
        "anything else is removed.",
    )
    notes = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Notes (optional)",
    )

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("community")
            and not cleaned.get("community_url")
            and not self.errors
        ):
            raise forms.ValidationError("Choose the community, or paste its address.")
        return cleaned


class DisclosureForm(forms.Form):
    disclosed_role = forms.ChoiceField(
        label="Did you say you are a civil servant, and where you work?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you disclosed your role."},
    )

    def clean_disclosed_role(self) -> bool:
        return self.cleaned_data["disclosed_role"] == "yes"


class RecordPostedForm(forms.Form):
    posted_url = forms.URLField(
        max_length=500,
        assume_scheme="https",
        validators=[validate_port],
        label="Address of your post",
    )
    outcome = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What happened in the conversation (optional)",
    )


class LogPostedForm(RecordPostedForm, DisclosureForm):
    """Posting without review first: the disclosure, then where and what came of
    it (fields in that order: Django collects the bases' fields last base first)."""


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approve", "Approve"),
            ("request_changes", "Request changes"),
            ("reject", "Reject"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a decision.",
            "invalid_choice": "Choose a decision.",
        },
    )
    comment = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you request changes or reject.",
    )
    reason_code = forms.ChoiceField(
        choices=[("", "Choose a reason"), *RejectionReason.choices],
        required=False,
        label="Reason for rejecting",
    )


class FlagForm(forms.Form):
    category = forms.ChoiceField(
        choices=Flag.Category.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), label="What happened"
    )


class ResponseForm(forms.Form):
    response = forms.CharField(
        max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), label="Your answer"
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reply to the press office",
        help_text="Answer their comment here; edit the post and send it again "
        "when it is ready.",
    )


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What was learned",
    )


class LogFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", "Any"), *Post.Status.choices], required=False
    )
    community = forms.ModelChoiceField(
        Community.objects.all(), required=False, empty_label="Any"
    )
    since = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="From"
    )
    until = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="To"
    )

    def __init__(self, *args, author, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the communities this person has posts in: the whole directory
        # (thousands) would make a select nobody can use, and a slow page.
        self.fields["community"].queryset = (
            Community.objects.filter(posts__author=author).distinct().order_by("name")
        )


class BulkApproveForm(forms.Form):
    posts = forms.ModelMultipleChoiceField(Post.objects.none())

    def __init__(self, *args, queue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posts"].queryset = queue


class QueueFilterForm(forms.Form):
    organisation = forms.ModelChoiceField(
        None, required=False, empty_label="All you cover", label="Organisation"
    )
    purpose = forms.ChoiceField(choices=[("", "Any"), *Purpose.choices], required=False)
    risk = forms.ChoiceField(
        choices=[("", "Any"), ("low", "Low"), ("medium", "Medium"), ("high", "High")],
        required=False,
        label="Community risk",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
