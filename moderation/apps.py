from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Participation log and review"

    def ready(self) -> None:
        from accounts.roles import Role
        from communities.hooks import PAGE_SECTIONS
        from notifications.summaries import register_weekly_summary
        from training.hooks import MENTORING_LINKS

        from . import (
            hooks,
            kinds,  # noqa: F401  (registers the notification kinds)
        )

        register_weekly_summary(Role.PRESS_OFFICER, hooks.queue_summary)
        PAGE_SECTIONS.register(hooks.posts_logged_here)
        MENTORING_LINKS.register(hooks.mentee_posts_link)
