from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Participation log and review"

    def ready(self) -> None:
        from . import kinds  # noqa: F401  (registers the notification kinds)
