from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training and mentoring"

    def ready(self) -> None:
        from . import kinds  # noqa: F401  (registers the notification kinds)
