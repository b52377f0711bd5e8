"""Reading the threads: each list is one indexed query on the matches the
services wrote, paged by the views; nothing is matched per request."""

from django.db.models import Count, Q, QuerySet

from accounts.selectors import organisations_reviewed_by

from .models import OrganisationThread


def _with_thread(matches: QuerySet) -> QuerySet:
    return matches.select_related("thread", "thread__community")


def conversations_for(user) -> QuerySet[OrganisationThread]:
    """Threads touching the policy areas of the person's organisation,
    newest first: "Conversations you could join"."""
    if not user.is_authenticated or user.organisation_id is None:
        return OrganisationThread.objects.none()
    return _with_thread(
        OrganisationThread.objects.filter(
            organisation_id=user.organisation_id, relevant=True
        )
    ).order_by("-published_at", "-id")


def newest_conversations_for(user, count: int) -> list[OrganisationThread]:
    """The first `count` of conversations_for with only what a link to each
    needs (its title and community's name): whole threads and communities
    cost the home page more to build than to fetch."""
    return list(
        conversations_for(user).only("thread__title", "thread__community__name")[:count]
    )


def conversation_for(user, pk: int) -> OrganisationThread:
    """One of conversations_for (DoesNotExist for any other): what
    "Join this conversation" fills the draft from."""
    return conversations_for(user).get(pk=pk)


def _as_monitored(matches: QuerySet) -> QuerySet:
    """What the press office's pages show of each: the thread, its community,
    the organisation and who was assigned."""
    return _with_thread(matches).select_related("organisation", "assigned_to")


def _monitored(user) -> QuerySet[OrganisationThread]:
    """Every sensitive thread of the organisations the press officer covers."""
    return OrganisationThread.objects.filter(
        organisation__in=organisations_reviewed_by(user), sensitive=True
    )


def monitoring_for(user, *, status: str = "", organisation=None):
    """Threads touching a sensitive topic of the organisations the press
    officer covers: in high-risk communities first, then newest.

    The organisations' ids are read first: filtered on an organisation's id,
    the list is read in its index's order and stops at the page; filtered
    on a subquery, every sensitive thread of the office was joined and
    sorted (at scale 10, for a big office: 24 ms warm, 160 ms cold, against
    0.6 ms now)."""
    covered = organisations_reviewed_by(user).values_list("pk", flat=True)
    if organisation is not None:
        covered = covered.filter(pk=organisation.pk)
    matches = OrganisationThread.objects.filter(
        organisation_id__in=list(covered), sensitive=True
    )
    if status:
        matches = matches.filter(status=status)
    return _as_monitored(matches).order_by("-risk_rank", "-published_at", "-id")


def new_to_monitor_count(user) -> int:
    """The home page's figure: one query, the organisations as a subquery."""
    return _monitored(user).filter(status=OrganisationThread.Status.NEW).count()


def monitored_for(user, pk: int) -> OrganisationThread:
    return _as_monitored(_monitored(user)).get(pk=pk)


def decisions_on(match: OrganisationThread):
    return match.decisions.select_related("actor", "assigned_to")


def sensitive_counts_for(user, *, since) -> dict:
    """The weekly summary: sensitive threads matched since `since` for the
    organisations the press officer covers, those marked as needing a
    response, and those a post was logged for. One query."""
    return (
        _monitored(user)
        .filter(matched_at__gte=since)
        .aggregate(
            sensitive=Count("pk"),
            needing_response=Count(
                "pk", filter=Q(status=OrganisationThread.Status.NEEDS_RESPONSE)
            ),
            answered=Count("pk", filter=Q(has_post=True)),
        )
    )
