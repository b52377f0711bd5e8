from django.contrib import admin, messages

from core.admin import ReadOnlyAdmin

from .models import Notification, NotificationPreference
from .services import notifications_retry_failed


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """Read-only: administrators see what was sent and what failed, and why."""

    list_display = [
        "created_at",
        "recipient",
        "subject",
        "email_status",
        "email_attempts",
        "read_at",
    ]
    list_filter = ["email_status", "kind"]
    search_fields = ["recipient__email", "subject"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["retry_failed"]

    @admin.action(description="Try sending the failed emails again")
    def retry_failed(self, request, queryset):
        count = notifications_retry_failed(
            notification_ids=queryset.values_list("pk", flat=True)
        )
        self.message_user(request, f"{count} email(s) queued again.", messages.SUCCESS)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email_frequency", "updated_at"]
    list_filter = ["email_frequency"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
