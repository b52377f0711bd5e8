from django.db.models import QuerySet

from .models import Notification, NotificationPreference


def notifications_for(user) -> QuerySet[Notification]:
    """The person's own inbox, newest first."""
    return Notification.objects.for_recipient(user).order_by("-created_at", "-pk")


def unread_count_for(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.for_recipient(user).unread().count()


def email_frequency_for(user) -> str:
    preference = NotificationPreference.objects.filter(user=user).first()
    if preference is None:
        return NotificationPreference.Frequency.IMMEDIATE
    return preference.email_frequency


def failed_emails_since(since) -> QuerySet[Notification]:
    """Emails that failed to send since `since` (the small failed-email index)."""
    return Notification.objects.filter(
        email_status=Notification.Email.FAILED, created_at__gte=since
    )
