"""Writing, publishing and acknowledging the principles and guidance."""

from functools import partial

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.sanitise import RICH_TEXT, clean_html
from core.states import InvalidTransition
from core.transactions import refuse_if_taken
from notifications.services import notify

from . import kinds
from .hooks import PRINCIPLES_ACKNOWLEDGED, PRINCIPLES_CHANGED
from .models import Acknowledgement, Page, PageVersion
from .permissions import can_edit_guidelines
from .selectors import (
    BASELINE_CACHE_KEY,
    acknowledgement_baseline,
    acknowledgement_deadline,
    of_baseline_page,
    principles_page,
    users_yet_to_acknowledge,
)

SLUG_TAKEN = "A page already uses this web address."


def _require_editor(actor) -> None:
    if not can_edit_guidelines(actor):
        raise PermissionDenied


def _new_version(page: Page, *, title, body, change_summary, actor) -> PageVersion:
    number = (page.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return PageVersion.objects.create(
        page=page,
        number=number,
        title=title.strip(),
        body=clean_html(body, RICH_TEXT),
        change_summary=change_summary.strip(),
        created_by=actor,
    )


@transaction.atomic
def page_create(
    *, section: str, slug: str, title: str, body: str, change_summary: str, actor
) -> Page:
    """A new page with its first draft. Editors only.

    A web address already in use, even by a page created a moment ago by
    someone else, is a ValidationError on "slug", never a database error.
    """
    _require_editor(actor)
    if Page.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": SLUG_TAKEN})
    with refuse_if_taken(
        Page.objects.filter(slug=slug), lambda _: ValidationError({"slug": SLUG_TAKEN})
    ):
        page = Page.objects.create(section=section, slug=slug)
    _new_version(
        page, title=title, body=body, change_summary=change_summary, actor=actor
    )
    return page


@transaction.atomic
def page_version_save(
    *, page_id: int, title: str, body: str, change_summary: str, actor
) -> PageVersion:
    """Save a new draft of the page; the live version is unchanged. Editors only."""
    _require_editor(actor)
    # Locked so version numbers stay unique.
    page = Page.objects.select_for_update(no_key=True).get(pk=page_id)
    return _new_version(
        page, title=title, body=body, change_summary=change_summary, actor=actor
    )


@transaction.atomic
def page_version_publish(
    *, version_id: int, actor, requires_reacknowledgement: bool = False
) -> PageVersion:
    """Make a draft the live version; earlier versions are all kept.

    Only a draft newer than the live version can be published. A principles
    change marked as material asks everyone to acknowledge again and tells
    them so; the first principles version always does.
    """
    _require_editor(actor)
    page_id = PageVersion.objects.values_list("page_id", flat=True).get(pk=version_id)
    page = (
        Page.objects.select_for_update(no_key=True, of=("self",))
        .select_related("live_version")
        .get(pk=page_id)
    )
    version = PageVersion.objects.select_for_update(no_key=True).get(pk=version_id)
    if version.is_published:
        raise InvalidTransition("This version has already been published.")
    if page.live_version and version.number < page.live_version.number:
        raise InvalidTransition(
            f"Version {version.number} is older than the live version "
            f"({page.live_version.number}). Save a new draft instead."
        )
    material = page.needs_acknowledgement and (
        requires_reacknowledgement or page.live_version is None
    )
    version.published_at = timezone.now()
    version.published_by = actor
    version.requires_reacknowledgement = material
    version.save(
        update_fields=["published_at", "published_by", "requires_reacknowledgement"]
    )
    page.live_version = version
    page.save(update_fields=["live_version"])
    if page.needs_acknowledgement:
        # Cleared now for reads in this transaction, and again after commit in
        # case another request cached the old baseline in between.
        cache.delete(BASELINE_CACHE_KEY)
        transaction.on_commit(partial(cache.delete, BASELINE_CACHE_KEY))
    if material:
        notify(
            recipients=User.objects.filter(is_active=True).iterator(),
            kind=kinds.PRINCIPLES_CHANGED.name,
            context={
                "message": f"What changed: {version.change_summary}. Read the "
                "principles and acknowledge them in the portal.",
            },
            url=reverse("guidelines:page", args=[page.slug]),
        )
        PRINCIPLES_CHANGED.values()
    return version


@transaction.atomic
def principles_acknowledge(*, user) -> Acknowledgement:
    """Record that `user` agreed to the live principles version (idempotent)."""
    page = principles_page()
    if page is None:
        raise InvalidTransition("There are no published principles to acknowledge.")
    acknowledgement, _ = Acknowledgement.objects.get_or_create(
        user=user, version=page.live_version
    )
    PRINCIPLES_ACKNOWLEDGED.values(person=user)
    return acknowledgement


def acknowledgement_reminders_send() -> int:
    """Remind everyone who has not acknowledged the current principles; those
    who acknowledged the version before are told their deadline, the end of
    the grace period in which they keep their discretion level."""
    page = principles_page()
    baseline = acknowledgement_baseline()
    if page is None or baseline is None:
        return 0
    owing = users_yet_to_acknowledge()
    earlier = of_baseline_page(baseline, earlier=True).filter(user=OuterRef("pk"))
    # Everyone who acknowledged an earlier version has the same deadline:
    # they joined before the change.
    deadline = acknowledgement_deadline(baseline, baseline.published_at)
    asked = (
        "You have not yet acknowledged the current principles for taking part online."
    )
    sent = 0
    with transaction.atomic():
        for recipients, message in (
            (
                owing.filter(Exists(earlier)),
                f"{asked} Acknowledge them by {deadline:%-d %B %Y} to keep your "
                "discretion level: after that you cannot post until you do.",
            ),
            (
                owing.exclude(Exists(earlier)),
                f"{asked} Please read and acknowledge them.",
            ),
        ):
            sent += len(
                notify(
                    recipients=recipients.iterator(),
                    kind=kinds.ACKNOWLEDGEMENT_REMINDER.name,
                    context={"message": message},
                    url=reverse("guidelines:page", args=[page.slug]),
                )
            )
    return sent
