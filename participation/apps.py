from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ParticipationConfig(AppConfig):
    default = True
    name = "participation"


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    """The Django admin, behind allauth sign-in and two-factor authentication."""

    default_site = "participation.admin_site.PortalAdminSite"
