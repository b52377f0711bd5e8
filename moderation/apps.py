from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Participation log and review"

    def ready(self) -> None:
        from accounts.roles import Role
        from notifications.summaries import register_weekly_summary

        from . import kinds  # noqa: F401  (registers the notification kinds)
        from .summaries import queue_summary

        register_weekly_summary(Role.PRESS_OFFICER, queue_summary)
