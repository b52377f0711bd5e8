from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ParticipationConfig(AppConfig):
    default = True
    name = "participation"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import mark_session_seen

        user_logged_in.connect(mark_session_seen, dispatch_uid="mark_session_seen")


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    """The Django admin, behind allauth sign-in and two-factor authentication."""

    default_site = "participation.admin_site.PortalAdminSite"
