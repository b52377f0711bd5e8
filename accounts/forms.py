from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from .selectors import organisation_for_email

UNKNOWN_DOMAIN_MESSAGE = (
    "You can only create an account with a work email address from an "
    "organisation that uses the portal. Check the address, or ask your "
    "organisation's portal administrator to add your email domain."
)


class SignupForm(AllauthSignupForm):
    """Sign-up is open only to addresses on a known organisation's domain."""

    full_name = forms.CharField(
        max_length=200,
        label="Full name",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    job_title = forms.CharField(
        max_length=200,
        required=False,
        label="Job title (optional)",
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    field_order = ["full_name", "job_title", "email", "password1", "password2"]

    def clean_full_name(self) -> str:
        name = self.cleaned_data["full_name"].strip()
        if "<" in name or ">" in name:
            raise forms.ValidationError("Enter your name without < or > characters.")
        return name

    def clean_email(self) -> str:
        email = super().clean_email()
        if organisation_for_email(email) is None:
            raise forms.ValidationError(UNKNOWN_DOMAIN_MESSAGE, code="unknown_domain")
        return email
