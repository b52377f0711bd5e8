from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Participation log and review"

    def ready(self) -> None:
        from accounts.roles import Role
        from communities.extensions import register_detail_section
        from notifications.summaries import register_weekly_summary

        from . import kinds  # noqa: F401  (registers the notification kinds)
        from .selectors import engagement_by_organisation
        from .summaries import queue_summary

        register_weekly_summary(Role.PRESS_OFFICER, queue_summary)
        register_detail_section(
            lambda community: {
                "title": "Posts logged here",
                "rows": [
                    (name, f"{n} post{'s' if n != 1 else ''}")
                    for name, n in engagement_by_organisation(community)
                ],
                "empty": "Nobody has logged a post here yet.",
            }
        )
