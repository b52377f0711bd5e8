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


def monitoring_for(user, *, status: str = "", organisation=None):
    """Threads touching a sensitive topic of the organisations the press
    officer covers: in high-risk communities first, then newest."""
    matches = OrganisationThread.objects.filter(
        organisation__in=organisations_reviewed_by(user), sensitive=True
    )
    if status:
        matches = matches.filter(status=status)
    if organisation is not None:
        matches = matches.filter(organisation=organisation)
    return (
        _with_thread(matches)
        .select_related("organisation", "assigned_to")
        .order_by("-risk_rank", "-published_at", "-id")
    )


def monitored_for(user, pk: int) -> OrganisationThread:
    return monitoring_for(user).get(pk=pk)


def decisions_on(match: OrganisationThread):
    return match.decisions.select_related("actor", "assigned_to")


def sensitive_counts_for(user, *, since) -> dict:
    """The weekly summary: sensitive threads matched since `since` for the
    organisations the press officer covers, those marked as needing a
    response, and those a post was logged for. One query."""
    return OrganisationThread.objects.filter(
        organisation__in=organisations_reviewed_by(user),
        sensitive=True,
        matched_at__gte=since,
    ).aggregate(
        sensitive=Count("pk"),
        needing_response=Count(
            "pk", filter=Q(status=OrganisationThread.Status.NEEDS_RESPONSE)
        ),
        answered=Count("pk", filter=Q(has_post=True)),
    )
