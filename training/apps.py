from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training and mentoring"

    def ready(self) -> None:
        from accounts.roles import Role
        from notifications.summaries import register_weekly_summary

        from . import (
            hooks,
            kinds,  # noqa: F401  (registers the notification kinds)
        )

        register_weekly_summary(Role.TRAINER, hooks.overdue_training_summary)
