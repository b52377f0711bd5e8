from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from .hooks import PERSON_PLACED
from .selectors import organisation_for_email


class AccountAdapter(DefaultAccountAdapter):
    """New people join the organisation that owns their email domain."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data["full_name"]
        user.job_title = form.cleaned_data.get("job_title", "")
        user.organisation = organisation_for_email(user.email)
        if commit:
            with transaction.atomic():
                user.save()
                # Their stored discretion level, as when an administrator adds someone.
                PERSON_PLACED.values(person=user)
        return user
