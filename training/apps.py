from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training and mentoring"

    def ready(self) -> None:
        from accounts.hooks import PERSON_PLACED
        from accounts.roles import Role
        from guidelines.hooks import PRINCIPLES_ACKNOWLEDGED, PRINCIPLES_CHANGED
        from notifications.summaries import register_weekly_summary

        from . import (
            hooks,
            kinds,  # noqa: F401  (registers the notification kinds)
        )

        register_weekly_summary(Role.TRAINER, hooks.overdue_training_summary)
        PRINCIPLES_ACKNOWLEDGED.register(hooks.standing_after_acknowledgement)
        PRINCIPLES_CHANGED.register(hooks.standings_after_principles_change)
        PERSON_PLACED.register(hooks.standing_after_placement)
