from django.contrib import admin

from .models import PolicyArea


class PolicyAreaInline(admin.StackedInline):
    """On an organisation's admin page (accounts.hooks.ORGANISATION_INLINES):
    the policy areas its staff work on, which decide the conversations from
    the communities' feeds they are shown."""

    model = PolicyArea.organisations.through
    extra = 1
    verbose_name = "policy area its staff work on"
    verbose_name_plural = "policy areas its staff work on"


def policy_area_inline() -> type:
    return PolicyAreaInline
