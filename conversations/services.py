"""Storing the feeds' threads, matching them to organisations, and the press
office's decisions. The matches are derived here, when a thread is stored and
when an organisation's topics change, so no page works them out per request.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import SensitiveTopic
from accounts.selectors import organisations_reviewed_by, reviewers_of
from communities.addresses import normalise_url
from communities.feeds import FeedAnswer, FeedItem
from communities.models import Community, PolicyArea
from communities.services import feed_answer_record
from core.matching import matches_in, stemmed_text, topic_phrases
from core.sanitise import plain_text
from notifications.services import notify

from . import kinds
from .models import OrganisationThread, Thread, ThreadDecision

RISK_RANK = {"high": 3, "medium": 2, "low": 1}
_valid_url = URLValidator(schemes=["http", "https"])


def retention_cutoff(now=None):
    return (now or timezone.now()) - timedelta(days=settings.THREAD_RETENTION_DAYS)


@dataclass(frozen=True)
class OrganisationTopics:
    """What one organisation's threads are matched against, stemmed once."""

    organisation_id: int
    policy_areas: dict[str, list[str]]  # area name -> stemmed phrases
    sensitive_topics: dict[str, list[str]]


def area_wordings(name: str) -> list[str]:
    """A policy area's other wordings: the parts of a name like "Housing and
    planning" ("Housing", "planning"), since a thread rarely says both."""
    parts = [part.strip() for part in name.split(" and ")]
    return [part for part in parts if part] if len(parts) > 1 else []


def organisations_topics(organisation_ids=None) -> list[OrganisationTopics]:
    """Every organisation with policy areas or sensitive topics (or those of
    `organisation_ids`): two queries, whatever the number of threads."""
    areas: dict[int, dict[str, list[str]]] = {}
    follows = PolicyArea.organisations.through.objects.values_list(
        "organisation_id", "policyarea__name"
    )
    topics: dict[int, dict[str, list[str]]] = {}
    sensitive = SensitiveTopic.objects.values_list(
        "organisation_id", "name", "alternatives"
    )
    if organisation_ids is not None:
        follows = follows.filter(organisation_id__in=organisation_ids)
        sensitive = sensitive.filter(organisation_id__in=organisation_ids)
    for organisation_id, name in follows:
        areas.setdefault(organisation_id, {})[name] = area_wordings(name)
    for organisation_id, name, alternatives in sensitive:
        topics.setdefault(organisation_id, {})[name] = [
            line.strip() for line in alternatives.splitlines() if line.strip()
        ]
    return [
        OrganisationTopics(
            organisation_id,
            topic_phrases(areas.get(organisation_id, {})),
            topic_phrases(topics.get(organisation_id, {})),
        )
        for organisation_id in sorted(set(areas) | set(topics))
    ]


def matches_of(
    thread: Thread, areas_of_community: set[str], organisations
) -> list[OrganisationThread]:
    """Each organisation's view of `thread`, for those it concerns: it
    touches a policy area of theirs (its community is tagged with it, or its
    words name it) or one of their sensitive topics. A topic many
    organisations share is looked for once."""
    found: dict[tuple, bool] = {}

    def mentions(name: str, phrases: list[str]) -> bool:
        key = (name, *phrases)
        if key not in found:
            found[key] = bool(matches_in(thread.stemmed, {name: phrases}))
        return found[key]

    matches = []
    for topics in organisations:
        areas = sorted(
            name
            for name, phrases in topics.policy_areas.items()
            if name in areas_of_community or mentions(name, phrases)
        )
        sensitive = [
            name
            for name, phrases in topics.sensitive_topics.items()
            if mentions(name, phrases)
        ]
        if areas or sensitive:
            matches.append(
                OrganisationThread(
                    organisation_id=topics.organisation_id,
                    thread=thread,
                    policy_areas=areas,
                    sensitive_topics=sensitive,
                    relevant=bool(areas),
                    sensitive=bool(sensitive),
                    risk_rank=RISK_RANK.get(thread.community.risk, 2),
                    published_at=thread.published_at,
                )
            )
    return matches


def clean_item(item: FeedItem, now) -> dict | None:
    """A feed item as it is stored, every text through the sanitiser; None
    for one that cannot be joined (no http(s) address) or is too old to keep."""
    link = item.link.strip()
    try:
        _valid_url(link)
    except ValidationError:
        return None
    if len(link) > 500:
        return None
    published = min(item.published or now, now)  # the future is now
    if published < retention_cutoff(now):
        return None
    title = plain_text(item.title, 300) or "Untitled thread"
    summary = plain_text(item.summary, 600)
    return {
        "key": hashlib.sha256(item.key.encode("utf-8", "replace")).hexdigest(),
        "title": title,
        "url": link,
        "normalised_url": normalise_url(link)[:500],
        "author": plain_text(item.author, 200),
        "summary": summary,
        "published_at": published,
        "stemmed": stemmed_text(f"{title}\n{summary}"),
    }


@transaction.atomic
def feed_fetched(
    community_id: int,
    answer: FeedAnswer,
    *,
    organisations: list[OrganisationTopics],
    now=None,
) -> int:
    """Store what one feed answered: its new threads, each matched to the
    organisations, and the feed's state. Returns how many threads were new.
    The entry's row is locked, so two runs never store a thread twice."""
    now = now or timezone.now()
    community = (
        Community.objects.select_for_update(no_key=True)
        .prefetch_related("policy_areas")
        .get(pk=community_id)
    )
    new = _store(community, answer.items, organisations, now) if answer.ok else 0
    feed_answer_record(community, answer, new_items=new, now=now)
    return new


def _store(community, items, organisations, now) -> int:
    cleaned = {}
    for item in items:
        if (row := clean_item(item, now)) and row["key"] not in cleaned:
            cleaned[row["key"]] = row
    known = set(
        Thread.objects.filter(community=community, key__in=list(cleaned)).values_list(
            "key", flat=True
        )
    )
    threads = Thread.objects.bulk_create(
        [
            Thread(community=community, **row)
            for key, row in cleaned.items()
            if key not in known
        ]
    )
    areas = {area.name for area in community.policy_areas.all()}
    OrganisationThread.objects.bulk_create(
        [
            match
            for thread in threads
            for match in matches_of(thread, areas, organisations)
        ]
    )
    return len(threads)


def threads_match_again(organisation_id: int) -> int:
    """Match every kept thread to one organisation again, after its policy
    areas or sensitive topics changed: matches gained are added, lost ones
    that nobody decided on are removed, decided ones keep their decision
    with the new topics. Returns how many it now matches."""
    topics = organisations_topics([organisation_id])
    topics = topics[0] if topics else OrganisationTopics(organisation_id, {}, {})
    areas_of = community_areas()
    existing = {
        m.thread_id: m
        for m in OrganisationThread.objects.filter(organisation_id=organisation_id)
    }
    add, change, keep = [], [], set()
    threads = (
        Thread.objects.filter(published_at__gte=retention_cutoff())
        .select_related("community")
        .only("pk", "stemmed", "published_at", "community__risk")
    )
    for thread in threads.iterator(chunk_size=2000):
        found = matches_of(thread, areas_of.get(thread.community_id, set()), [topics])
        if not found:
            continue
        match = found[0]
        keep.add(thread.pk)
        if (old := existing.get(thread.pk)) is None:
            add.append(match)
        else:
            for name in ("policy_areas", "sensitive_topics", "relevant", "sensitive"):
                setattr(old, name, getattr(match, name))
            change.append(old)
    with transaction.atomic():
        OrganisationThread.objects.bulk_create(add, batch_size=1000)
        OrganisationThread.objects.bulk_update(
            change,
            ["policy_areas", "sensitive_topics", "relevant", "sensitive"],
            batch_size=1000,
        )
        lost = [m.pk for thread_id, m in existing.items() if thread_id not in keep]
        for start in range(0, len(lost), 1000):
            batch = OrganisationThread.objects.filter(pk__in=lost[start : start + 1000])
            batch.filter(status=OrganisationThread.Status.NEW).delete()
            batch.update(
                policy_areas=[], sensitive_topics=[], relevant=False, sensitive=False
            )
    return len(keep)


def community_areas() -> dict[int, set[str]]:
    """Each community's policy area names (one query)."""
    areas: dict[int, set[str]] = {}
    tagged = PolicyArea.communities.through.objects.values_list(
        "community_id", "policyarea__name"
    )
    for community_id, name in tagged:
        areas.setdefault(community_id, set()).add(name)
    return areas


def conversations_trim(organisation_ids, *, keep=None) -> int:
    """Each organisation's list of conversations to join keeps its newest
    `keep` threads (CONVERSATIONS_PER_ORGANISATION): older ones leave its
    list unless they touch a sensitive topic, were decided on or have a post
    logged. So an organisation's rows stay bounded however many feeds and
    organisations there are (fan-out on write, capped). Two queries for each
    organisation; returns how many left."""
    keep = keep or settings.CONVERSATIONS_PER_ORGANISATION
    left = 0
    for organisation_id in organisation_ids:
        mine = OrganisationThread.objects.filter(
            organisation_id=organisation_id, relevant=True
        )
        last_kept = (
            mine.order_by("-published_at", "-id")
            .values_list("published_at", "id")[keep - 1 : keep]
            .first()
        )
        if last_kept is None:
            continue
        published_at, pk = last_kept
        left += (
            mine.filter(
                sensitive=False, has_post=False, status=OrganisationThread.Status.NEW
            )
            .filter(
                Q(published_at__lt=published_at)
                | Q(published_at=published_at, id__lt=pk)
            )
            .delete()[0]
        )
    return left


def threads_forget(now=None) -> int:
    """Delete threads published before the retention period, with their
    matches and decisions (feeds may quote members of the public)."""
    deleted, _ = Thread.objects.filter(published_at__lt=retention_cutoff(now)).delete()
    return deleted


def threads_mark_posted(*, organisation_id: int, thread_url: str) -> int:
    """Called by the participation log when someone logs a post for a thread:
    the organisation's match for it (if any) is marked as answered."""
    return OrganisationThread.objects.filter(
        organisation_id=organisation_id,
        thread__normalised_url=normalise_url(thread_url)[:500],
        has_post=False,
    ).update(has_post=True)


def can_monitor(user, organisation_id: int) -> bool:
    return organisations_reviewed_by(user).filter(pk=organisation_id).exists()


@transaction.atomic
def thread_decide(
    *,
    match_id: int,
    actor,
    status: str,
    assigned_to=None,
    note: str = "",
    decisions_seen: int,
) -> OrganisationThread:
    """A press officer marks a thread "needs a response" (assigned to one of
    the organisation's press officers, who is told) or "no action". Every
    decision is kept; one made on a page that is out of date is refused."""
    match = (
        OrganisationThread.objects.select_for_update(no_key=True)
        .select_related("thread", "organisation")
        .get(pk=match_id)
    )
    if not can_monitor(actor, match.organisation_id):
        raise PermissionDenied
    if match.decisions.count() != decisions_seen:
        raise ValidationError(
            "Someone else decided on this conversation while you were reading "
            "it: read their decision below, then decide again if you need to."
        )
    needs_response = status == OrganisationThread.Status.NEEDS_RESPONSE
    if needs_response:
        if assigned_to is None:
            raise ValidationError({"assigned_to": "Choose who will respond."})
        if not reviewers_of(match.organisation).filter(pk=assigned_to.pk).exists():
            raise ValidationError(
                {
                    "assigned_to": "Choose a press officer of "
                    f"{match.organisation.short_name}."
                }
            )
    else:
        assigned_to = None
    match.status, match.assigned_to, match.note = status, assigned_to, note
    match.decided_by, match.decided_at = actor, timezone.now()
    match.save(
        update_fields=["status", "assigned_to", "note", "decided_by", "decided_at"]
    )
    ThreadDecision.objects.create(
        organisation_thread=match,
        actor=actor,
        status=status,
        assigned_to=assigned_to,
        note=note,
    )
    if needs_response and assigned_to != actor:
        notify(
            recipients=[assigned_to],
            kind=kinds.THREAD_ASSIGNED.name,
            context={"title": match.thread.title[:150]},
            url=reverse("conversations:monitored", args=[match.pk]),
            organisation_name=match.organisation.name,
        )
    return match
