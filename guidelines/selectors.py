"""Reads of the principles and guidance, and of who has acknowledged them."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from accounts.models import User

from .models import Acknowledgement, Page, PageVersion, Section
from .permissions import can_edit_guidelines

BASELINE_CACHE_KEY = "guidelines:acknowledgement-baseline:2"  # :2 added the slug
BASELINE_SECONDS = 60


def live_pages() -> QuerySet[Page]:
    return Page.objects.filter(live_version__isnull=False).select_related(
        "live_version"
    )


def contents() -> list[tuple[str, list[Page]]]:
    """Published pages by section, in order: the contents list."""
    pages = list(live_pages())
    return [
        (label, [p for p in pages if p.section == value])
        for value, label in Section.choices
        if any(p.section == value for p in pages)
    ]


def page_for(user, slug: str) -> Page:
    """A page the user may read: published ones, or any page for editors.

    Raises Page.DoesNotExist otherwise, exactly as for a page that does not exist.
    """
    pages = Page.objects.select_related("live_version")
    if not can_edit_guidelines(user):
        pages = pages.filter(live_version__isnull=False)
    return pages.get(slug=slug)


def version_of(page: Page, number: int) -> PageVersion:
    """One version of a page by its number; PageVersion.DoesNotExist otherwise."""
    return page.versions.get(number=number)


def versions_for(user, page: Page) -> QuerySet[PageVersion]:
    """A page's history: published versions for everyone, drafts for editors."""
    versions = page.versions.select_related("created_by", "published_by")
    if not can_edit_guidelines(user):
        versions = versions.filter(published_at__isnull=False)
    return versions.order_by("-number")


def latest_version(page: Page) -> PageVersion | None:
    return page.versions.order_by("-number").first()


def pages_with_unpublished_drafts() -> QuerySet[Page]:
    """Pages whose newest version is not the live one, with that draft's title."""
    drafts = PageVersion.objects.filter(
        page=OuterRef("pk"), published_at__isnull=True
    ).filter(
        Q(page__live_version__isnull=True)
        | Q(number__gt=OuterRef("live_version__number"))
    )
    newest_title = drafts.order_by("-number").values("title")[:1]
    return (
        Page.objects.filter(Exists(drafts))
        .annotate(draft_title=Subquery(newest_title))
        .select_related("live_version")
    )


def principles_page() -> Page | None:
    return live_pages().filter(needs_acknowledgement=True).first()


@dataclass(frozen=True)
class Baseline:
    """The version everyone must have acknowledged (or a later one)."""

    page_id: int
    page_slug: str  # for the link to read it, without a query
    version_id: int
    number: int
    published_at: datetime


def acknowledgement_baseline() -> Baseline | None:
    """The latest published principles version that asked for acknowledgement.

    Cached: it changes only when principles are published (the service clears
    it). For a minute only, so that a publication while Redis was down (the
    clearing went to the fallback cache, core/cache.py) is seen a minute
    after Redis is back.
    """
    baseline = cache.get(BASELINE_CACHE_KEY)
    if baseline is None:
        version = (
            PageVersion.objects.select_related("page")
            .filter(
                page__needs_acknowledgement=True,
                published_at__isnull=False,
                requires_reacknowledgement=True,
            )
            .order_by("-published_at", "-number")
            .first()
        )
        baseline = (
            Baseline(
                version.page_id,
                version.page.slug,
                version.pk,
                version.number,
                version.published_at,
            )
            if version
            else False
        )
        cache.set(BASELINE_CACHE_KEY, baseline, BASELINE_SECONDS)
    return baseline or None


def of_baseline_page(baseline: Baseline, *, earlier=False) -> QuerySet[Acknowledgement]:
    """Acknowledgements of the current principles (this version or a later
    one), or with `earlier` of a version before it: those who have one keep
    their level during the grace period (training)."""
    versions = (
        {"version__number__lt": baseline.number}
        if earlier
        else {"version__number__gte": baseline.number}
    )
    return Acknowledgement.objects.filter(version__page_id=baseline.page_id, **versions)


def _acknowledged(baseline: Baseline, user_ref) -> QuerySet[Acknowledgement]:
    return of_baseline_page(baseline).filter(user=user_ref)


def has_acknowledged_current_principles(user) -> bool:
    """One indexed query (the baseline is cached). No principles yet: True."""
    if not user.is_authenticated:
        return False
    baseline = acknowledgement_baseline()
    if baseline is None:
        return True
    return _acknowledged(baseline, user).exists()


def acknowledged_user_ids(user_ids) -> set[int]:
    """Which of these people have acknowledged the current principles (one query)."""
    baseline = acknowledgement_baseline()
    if baseline is None:
        return set(user_ids)
    return set(
        of_baseline_page(baseline)
        .filter(user_id__in=list(user_ids))
        .values_list("user_id", flat=True)
    )


def acknowledged_earlier_ids(user_ids) -> set[int]:
    """Which of these people acknowledged an earlier version of the current
    principles (not this one, or they would be acknowledged): they keep their
    standing until their deadline (training's grace period). One query."""
    baseline = acknowledgement_baseline()
    if baseline is None:
        return set()
    return set(
        of_baseline_page(baseline, earlier=True)
        .filter(user_id__in=list(user_ids))
        .values_list("user_id", flat=True)
    )


def acknowledgement_deadline(baseline: Baseline, date_joined: datetime) -> datetime:
    """When a person must have acknowledged the current principles by: the
    one rule behind the report's deadline and training's grace period.
    ACKNOWLEDGEMENT_DAYS from the change, or from joining for later joiners."""
    since = max(baseline.published_at, date_joined)
    return since + timedelta(days=settings.ACKNOWLEDGEMENT_DAYS)


def users_yet_to_acknowledge(organisations=None) -> QuerySet[User]:
    """Active people who have not acknowledged the current principles."""
    baseline = acknowledgement_baseline()
    if baseline is None:
        return User.objects.none()
    people = User.objects.filter(is_active=True).exclude(
        Exists(_acknowledged(baseline, OuterRef("pk")))
    )
    if organisations is not None:
        people = people.filter(organisation__in=organisations)
    return people.select_related("organisation").order_by(
        "organisation__name", "full_name", "email"
    )


@dataclass(frozen=True)
class Outstanding:
    person: User
    since: datetime
    deadline: datetime
    overdue: bool


def outstanding_acknowledgements(people, *, now: datetime) -> list[Outstanding]:
    """Since when each person has owed an acknowledgement, and their deadline.

    New joiners owe it from the day they joined, so they get their own deadline
    (ACKNOWLEDGEMENT_DAYS after joining).
    """
    baseline = acknowledgement_baseline()
    if baseline is None:
        return []
    rows = []
    for person in people:
        since = max(baseline.published_at, person.date_joined)
        deadline = acknowledgement_deadline(baseline, person.date_joined)
        rows.append(Outstanding(person, since, deadline, overdue=deadline < now))
    return rows


def search_pages(query: str) -> QuerySet[Page]:
    """Published pages whose live title or text mention every word of `query`."""
    pages = live_pages()
    for word in query.split()[:10]:
        pages = pages.filter(
            Q(live_version__title__icontains=word)
            | Q(live_version__body__icontains=word)
        )
    return pages


def published_changes(limit: int = 30) -> QuerySet[PageVersion]:
    return (
        PageVersion.objects.filter(published_at__isnull=False)
        .select_related("page")
        .order_by("-published_at")[:limit]
    )
