from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst

from core.states import Transitions


class Platform(models.TextChoices):
    FORUM = "forum", "Forum"
    BLOG = "blog", "Blog"
    SOCIAL_GROUP = "social_group", "Social network group"
    WIKI = "wiki", "Wiki"
    MAILING_LIST = "mailing_list", "Mailing list"
    QA_SITE = "qa_site", "Q&A site"
    VIDEO_CHANNEL = "video_channel", "Video channel"
    OTHER = "other", "Other"


class Risk(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Activity(models.TextChoices):
    QUIET = "quiet", "Quiet (a few posts a month)"
    ACTIVE = "active", "Active (posts most days)"
    BUSY = "busy", "Busy (many posts a day)"


class PolicyArea(models.Model):
    """The curated list of policy areas communities are tagged with."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    # The organisations whose staff work on this area: the conversations in
    # the communities' feeds are shown to them (conversations/).
    organisations = models.ManyToManyField(
        "accounts.Organisation", related_name="policy_areas", blank=True
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PlatformPattern(models.Model):
    """A piece of a web address that identifies a platform (curators edit these)."""

    platform = models.CharField(max_length=20, choices=Platform.choices)
    pattern = models.CharField(
        max_length=100,
        unique=True,
        help_text="Part of the address, for example reddit.com/r/ or /forum",
    )

    class Meta:
        ordering = ["pattern"]

    def __str__(self) -> str:
        return f"{self.pattern} → {self.get_platform_display()}"


class CommunityQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(status=Community.Status.LISTED)

    def suggested(self):
        return self.filter(status=Community.Status.SUGGESTED)


class Community(Transitions, models.Model):
    """An external online community worth joining, shared across government."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        LISTED = "listed", "Listed"
        DECLINED = "declined", "Declined"
        ARCHIVED = "archived", "Archived"

    class Action(models.TextChoices):
        LIST = "list", "Listed"
        DECLINE = "decline", "Declined"
        ARCHIVE = "archive", "Archived"

    # (status, action) -> new status: a suggestion is listed or declined; a
    # listed entry is archived, and an archived one can be listed again.
    TRANSITIONS = {
        (Status.SUGGESTED, Action.LIST): Status.LISTED,
        (Status.SUGGESTED, Action.DECLINE): Status.DECLINED,
        (Status.LISTED, Action.ARCHIVE): Status.ARCHIVED,
        (Status.ARCHIVED, Action.LIST): Status.LISTED,
    }

    name = models.CharField(max_length=200)
    url = models.URLField(max_length=500)
    # Scheme, "www.", case and trailing slash removed: duplicates share it.
    normalised_url = models.CharField(max_length=500, unique=True)
    platform = models.CharField(max_length=20, choices=Platform.choices)
    description = models.TextField(max_length=2000)
    policy_areas = models.ManyToManyField(
        PolicyArea, related_name="communities", blank=True
    )
    audience = models.CharField(max_length=200, blank=True)
    approximate_size = models.PositiveIntegerField(null=True, blank=True)
    activity = models.CharField(max_length=10, choices=Activity.choices, blank=True)
    house_rules_url = models.URLField(max_length=500, blank=True)
    risk = models.CharField(max_length=10, choices=Risk.choices, default=Risk.MEDIUM)
    risk_note = models.CharField(max_length=500, blank=True)
    engagement_tips = models.TextField(max_length=2000, blank=True)

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.SUGGESTED
    )
    decline_reason = models.CharField(max_length=500, blank=True)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    curated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    listed_at = models.DateTimeField(null=True, blank=True)
    last_reviewed_at = models.DateTimeField(null=True, blank=True)
    # Set by the participation log when someone logs a post here.
    last_engagement_at = models.DateTimeField(null=True, blank=True)
    review_due = models.BooleanField(default=False)

    link_checked_at = models.DateTimeField(null=True, blank=True)
    link_ok = models.BooleanField(null=True)
    link_result = models.CharField(max_length=200, blank=True)

    # The community's feed (RSS, Atom or JSON Feed), set by a curator, and
    # one found on its page, offered to them (communities/feeds.py). The
    # rest is the fetcher's state, written by services.feed_answers_record.
    feed_url = models.URLField(
        "Feed address",
        max_length=500,
        blank=True,
        help_text="RSS, Atom or JSON Feed. Leave empty for no feed.",
    )
    feed_found_url = models.URLField(max_length=500, blank=True, editable=False)
    feed_etag = models.CharField(max_length=200, blank=True, editable=False)
    feed_modified = models.CharField(max_length=100, blank=True, editable=False)
    feed_fetched_at = models.DateTimeField(null=True, blank=True, editable=False)
    feed_new_item_at = models.DateTimeField(null=True, blank=True, editable=False)
    feed_failures = models.PositiveSmallIntegerField(default=0, editable=False)
    feed_result = models.CharField(max_length=200, blank=True, editable=False)
    # After failures the feed waits until then (doubling, up to a week).
    feed_retry_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Name, description and policy area names, kept by the services: the
    # PostgreSQL full-text index is built on it (migration 0002).
    search_text = models.TextField(blank=True, editable=False)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "communities"
        indexes = [
            models.Index(fields=["status", "name"], name="community_status_name"),
            models.Index(
                fields=["status", "listed_at"], name="community_status_listed"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_listed(self) -> bool:
        return self.status == self.Status.LISTED

    @property
    def is_declined(self) -> bool:
        return self.status == self.Status.DECLINED

    def refusal(self, action: str) -> str:
        return (
            f"{self.name} is {self.get_status_display().lower()}: "
            "someone may have dealt with it already."
        )


class CommunityChange(models.Model):
    """Who changed what in the directory, and when (append-only): an entry
    (`community` set) or the platform recognition patterns (`community` empty)."""

    community = models.ForeignKey(
        Community,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="changes",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=40)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.community_id}: {self.action}"

    def described(self) -> list[tuple[str, str, str]]:
        """Each change as people read it: the field's label and the values'
        display names ("Platform", "Forum" -> "Social group"), never the
        stored codes."""
        rows = []
        for name, values in self.changes.items():
            old, new = (list(values) + [None, None])[:2]
            try:
                field = Community._meta.get_field(name)
            except FieldDoesNotExist:  # not an entry's field (a pattern's, say)
                label, names = name.replace("_", " ").capitalize(), {}
            else:
                label = capfirst(getattr(field, "verbose_name", name))
                names = dict(getattr(field, "flatchoices", None) or [])
            rows.append((label, _shown(old, names), _shown(new, names)))
        return rows


def _shown(value, names: dict) -> str:
    if value in (None, ""):
        return "none"
    if isinstance(value, list):
        return ", ".join(_shown(v, names) for v in value) or "none"
    return str(names.get(value, value))
