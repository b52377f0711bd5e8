from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def email_due(self, *, created_before, now):
        """Emails still to send on their own, whose next try is due: none is
        under way, or the one that was stopped mid-send longer ago than any
        send takes (notifications.services.SEND_TIMEOUT)."""
        from .services import SEND_TIMEOUT

        return (
            self.filter(
                email_status=Notification.Email.PENDING, created_at__lt=created_before
            )
            .filter(Q(email_retry_at__isnull=True) | Q(email_retry_at__lte=now))
            .filter(
                Q(email_attempt_started_at__isnull=True)
                | Q(email_attempt_started_at__lt=now - SEND_TIMEOUT)
            )
        )


class Notification(models.Model):
    """One thing one person is told: a row in their inbox and, later, an email.

    Written in the same transaction as the event it tells of (an outbox); the
    email is sent after commit by a Celery task, or swept up later.
    """

    class Email(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        IN_DIGEST = "in_digest", "Waiting for the daily digest"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        NOT_SENT = "not_sent", "Not sent (account inactive)"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=100)
    subject = models.CharField(max_length=200)
    context = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    url = models.CharField(max_length=500, blank=True)
    # For digests grouped by where things happened, not by event.
    organisation_name = models.CharField(max_length=200, blank=True)
    community_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    email_status = models.CharField(
        max_length=20, choices=Email.choices, default=Email.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_retry_at = models.DateTimeField(null=True, blank=True)
    # Set, and committed, before the SMTP conversation starts; cleared when it
    # ends either way. Still set later means the sender died mid-send.
    email_attempt_started_at = models.DateTimeField(null=True, blank=True)
    email_last_error = models.TextField(blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"], name="inbox_newest_first"
            ),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="inbox_unread",
            ),
            # Failed emails, for the administrators' home page: few, however
            # many were ever sent.
            models.Index(
                fields=["created_at"],
                condition=Q(email_status="failed"),
                name="email_failed",
            ),
            models.Index(
                fields=["created_at"],
                condition=Q(email_status__in=["pending", "in_digest"]),
                name="email_outbox",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} (to {self.recipient_id})"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", "Email me straight away"
        DAILY_DIGEST = "daily_digest", "Email me once a day, in a daily digest"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email_frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.get_email_frequency_display()}"
