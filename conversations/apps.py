from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "conversations"
    verbose_name = "Conversations to join"

    def ready(self) -> None:
        from accounts.hooks import ORGANISATION_SAVED
        from accounts.roles import Role
        from notifications.summaries import register_weekly_summary

        from . import hooks, kinds  # noqa: F401  (registers the notification kinds)

        register_weekly_summary(Role.PRESS_OFFICER, hooks.sensitive_threads_summary)
        ORGANISATION_SAVED.register(hooks.match_again_later)
