from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = "Community directory"

    def ready(self) -> None:
        from accounts.hooks import ORGANISATION_INLINES
        from accounts.roles import Role
        from notifications.summaries import register_weekly_summary

        from . import kinds  # noqa: F401  (registers the notification kinds)
        from .admin import policy_area_inline
        from .hooks import curation_summary

        ORGANISATION_INLINES.register(policy_area_inline)
        register_weekly_summary(Role.PRESS_OFFICER, curation_summary)
