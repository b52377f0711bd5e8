from django.apps import AppConfig


class GuidelinesConfig(AppConfig):
    name = "guidelines"
    verbose_name = "Principles and guidance"

    def ready(self) -> None:
        from . import kinds  # noqa: F401  (registers the notification kinds)
