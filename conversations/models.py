from django.conf import settings
from django.db import models

from communities.models import Community


class Thread(models.Model):
    """One item of a community's feed, stored once (by its guid, else its
    link) and kept for THREAD_RETENTION_DAYS after it was published. Every
    text is cleaned on the way in (conversations.services.clean_item)."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="threads"
    )
    key = models.CharField(max_length=64)  # SHA-256 of the guid (or link)
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500)
    # communities.addresses.normalise_url(url): a post logged for the same
    # thread marks it answered whatever the scheme, "www." or trailing slash.
    normalised_url = models.CharField(max_length=500, db_index=True)
    author = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)  # plain text, at most 600 characters
    published_at = models.DateTimeField()  # missing or in the future: when fetched
    stored_at = models.DateTimeField(auto_now_add=True)
    # Title, summary and the community's policy areas as word stems
    # (core.matching.stemmed_text): matching again never re-stems.
    stemmed = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "key"], name="thread_once_per_community"
            )
        ]
        indexes = [models.Index(fields=["published_at"], name="thread_published")]

    def __str__(self) -> str:
        return self.title


class OrganisationThread(models.Model):
    """A thread as one organisation sees it: which of its policy areas and
    sensitive topics it touches (written when the thread is stored, and again
    when the organisation's topics change), and what its press office did."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        NEEDS_RESPONSE = "needs_response", "Needs a response"
        NO_ACTION = "no_action", "No action"

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="matches")
    policy_areas = models.JSONField(default=list)  # names of the areas it touches
    sensitive_topics = models.JSONField(default=list)
    # Shown to the organisation's staff (it touches one of their policy
    # areas) and monitored by its press office (a sensitive topic).
    relevant = models.BooleanField(default=False)
    sensitive = models.BooleanField(default=False)
    # The community's risk when matched (3 high, 2 medium, 1 low): high first.
    risk_rank = models.PositiveSmallIntegerField(default=2)
    published_at = models.DateTimeField()  # the thread's, for the lists' order
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Someone in the organisation logged a post for this thread.
    has_post = models.BooleanField(default=False)
    matched_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "thread"], name="thread_once_per_organisation"
            )
        ]
        indexes = [
            # The staff's list: their organisation's relevant threads, newest first.
            models.Index(
                fields=["organisation", "relevant", "-published_at", "-id"],
                name="orgthread_relevant",
            ),
            # The press office's: sensitive ones by status, high risk first.
            models.Index(
                fields=[
                    "organisation",
                    "sensitive",
                    "status",
                    "-risk_rank",
                    "-published_at",
                    "-id",
                ],
                name="orgthread_monitoring",
            ),
            # The same in any status (the filter's "any"): sensitive rows only.
            models.Index(
                fields=["organisation", "-risk_rank", "-published_at", "-id"],
                condition=models.Q(sensitive=True),
                name="orgthread_sensitive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.thread_id}"

    @property
    def sensitive_topics_text(self) -> str:
        return ", ".join(self.sensitive_topics)


class ThreadDecision(models.Model):
    """What a press officer decided about a thread, and when (append-only)."""

    organisation_thread = models.ForeignKey(
        OrganisationThread, on_delete=models.CASCADE, related_name="decisions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=OrganisationThread.Status.choices)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation_thread_id}: {self.status}"
