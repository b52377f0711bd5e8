from django.conf import settings
from django.db import models
from django.db.models import Q


class Section(models.TextChoices):
    PRINCIPLES = "principles", "Principles for participation online"
    GUIDANCE = "guidance", "Operational guidance"
    TOOLKIT = "toolkit", "Toolkit"


class Page(models.Model):
    """A principles, guidance or toolkit page; its text lives in its versions."""

    section = models.CharField(max_length=20, choices=Section.choices)
    slug = models.SlugField(max_length=80, unique=True)
    position = models.PositiveIntegerField(default=0, help_text="Order in its section")
    # The one page staff must acknowledge: the principles themselves.
    needs_acknowledgement = models.BooleanField(default=False)
    live_version = models.ForeignKey(
        "PageVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["section", "position", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["needs_acknowledgement"],
                condition=Q(needs_acknowledgement=True),
                name="one_page_to_acknowledge",
            )
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def title(self) -> str:
        return self.live_version.title if self.live_version else self.slug


class PageVersion(models.Model):
    """One saved state of a page. Never changed once published; drafts until then."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Cleaned HTML (core.sanitise.RICH_TEXT)")
    change_summary = models.CharField(max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # A material change to the principles: everyone must acknowledge again.
    requires_reacknowledgement = models.BooleanField(default=False)

    class Meta:
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "number"], name="unique_version_number"
            )
        ]
        indexes = [
            models.Index(
                fields=["published_at"],
                condition=Q(published_at__isnull=False),
                name="published_versions",
            )
        ]

    def __str__(self) -> str:
        return f"{self.page.slug} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Acknowledgement(models.Model):
    """A person agreed to exactly this version of the principles, at this time."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    version = models.ForeignKey(
        PageVersion, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="acknowledge_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} acknowledged {self.version}"
