from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class Organisation(models.Model):
    """A central department, agency or local council whose staff use the portal."""

    class Kind(models.TextChoices):
        CENTRAL_DEPARTMENT = "central_department", "Central government department"
        AGENCY = "agency", "Agency or public body"
        LOCAL_COUNCIL = "local_council", "Local council"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        # Scopes held by press officers and trainers, as guardian object
        # permissions on the organisation they act for.
        permissions = [
            ("review_posts_for", "Review posts by staff of this organisation"),
            ("train_staff_of", "Train and mentor staff of this organisation"),
        ]

    def __str__(self) -> str:
        return self.name


class EmailDomain(models.Model):
    """An email domain belonging to one organisation: it decides who may sign up."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="email_domains"
    )
    domain = models.CharField(
        max_length=253, unique=True, help_text="For example, council.gov.uk"
    )

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain

    def save(self, *args, **kwargs):
        # Stored lower-case so the unique constraint also catches "Council.gov.uk".
        self.domain = self.domain.strip().lower()
        super().save(*args, **kwargs)


class SensitiveTopic(models.Model):
    """A topic on which an organisation wants every post reviewed first."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="sensitive_topics"
    )
    name = models.CharField(max_length=100)
    alternatives = models.TextField(
        blank=True,
        help_text='Other wordings of the same topic, one a line ("spending '
        'review" for "Budget announcements", say). Plurals, case and '
        "hyphens are matched already.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="unique_topic_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """Everyone who signs in; every user is a civil servant, roles come on top."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="staff",
        null=True,
        blank=True,
        help_text="Set from the email domain at sign-up.",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="unique_email_ignoring_case")
        ]
        indexes = [
            # The few who left: counts over an organisation's stored levels
            # leave them out with this small index instead of joining every
            # person (training.selectors.of_active_people).
            models.Index(
                fields=["id"],
                condition=models.Q(is_active=False),
                name="inactive_people",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class RoleChange(models.Model):
    """Append-only record of every role or scope granted or revoked.

    Names are copied as text so the record still reads correctly after a
    person or organisation is deleted.
    """

    class Action(models.TextChoices):
        ROLE_GRANTED = "role_granted", "Role granted"
        ROLE_REVOKED = "role_revoked", "Role revoked"
        SCOPE_GRANTED = "scope_granted", "Scope granted"
        SCOPE_REVOKED = "scope_revoked", "Scope revoked"

    created_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_email = models.CharField(max_length=254)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="role_changes"
    )
    user_email = models.CharField(max_length=254)
    action = models.CharField(max_length=20, choices=Action.choices)
    role = models.CharField(max_length=30)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_at"], name="role_change_time")]

    def __str__(self) -> str:
        where = f" for {self.organisation_name}" if self.organisation_name else ""
        return f"{self.get_action_display()}: {self.role}{where} ({self.user_email})"


# Direct foreign keys for guardian: "the organisations I cover" becomes one join
# instead of a generic-relation lookup per organisation.
class OrganisationUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Organisation, on_delete=models.CASCADE)


class OrganisationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Organisation, on_delete=models.CASCADE)
