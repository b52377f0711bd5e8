"""Demo threads, stored as the hourly job stores a feed's answer, so the
feature shows with no outside network (the demo's feeds are on names
reserved for examples, which are never fetched)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation
from communities.feeds import FeedAnswer, FeedItem
from communities.models import Community, PolicyArea

from .models import Thread
from .services import feed_fetched, organisations_topics

# community name -> threads (title, summary, hours ago)
THREADS = {
    "Cycle Commuters Network": [
        (
            "Will the new bus lanes be open to cycles?",
            "The consultation map shows bus lanes on the ring road. Does anyone "
            "know whether cycles can use them?",
            3,
        ),
        (
            "Budget announcements and the active travel fund",
            "Rumours that the active travel fund is cut in the budget "
            "announcements next week: has anyone seen the figures?",
            20,
        ),
    ],
    "Road Safety Parents": [
        (
            "20 mph outside schools: what does the guidance say?",
            "Our council says the transport guidance does not allow it on main "
            "roads. Is that right?",
            6,
        ),
    ],
    "Renters United forum": [
        (
            "Planning applications for the old depot site",
            "Three planning applications went in this week for flats on the "
            "depot site. How do we comment?",
            9,
        ),
        (
            "Housing allocations: how long is the waiting list?",
            "Has anyone had a straight answer on housing waiting times?",
            30,
        ),
    ],
    "Flood Wardens Mailing List": [
        (
            "Flood warnings came late last night",
            "The flood warnings for the lower valley arrived after the water did. "
            "Who decides when they go out?",
            2,
        ),
    ],
}
# organisation short name -> the policy areas its staff work on
FOLLOWS = {
    "DPE": ["Transport", "Housing and planning"],
    "Riverside DC": ["Housing and planning"],
    "EMA": ["Climate and environment"],
    "Northfield CC": ["Housing and planning", "Transport"],
}


@transaction.atomic
def seed_conversations() -> None:
    if Thread.objects.exists():
        return
    for short_name, areas in FOLLOWS.items():
        organisation = Organisation.objects.filter(short_name=short_name).first()
        if organisation:
            for area in PolicyArea.objects.filter(name__in=areas):
                area.organisations.add(organisation)
    organisations = organisations_topics()
    now = timezone.now()
    for name, threads in THREADS.items():
        community = Community.objects.listed().filter(name=name).first()
        if community is None:
            continue
        Community.objects.filter(pk=community.pk).update(
            feed_url=f"{community.url.rstrip('/')}/feed.xml"
        )
        items = [
            FeedItem(
                key=f"demo-{name}-{n}",
                title=title,
                link=f"{community.url.rstrip('/')}/threads/{n}",
                author="A member",
                summary=summary,
                published=now - timedelta(hours=hours),
            )
            for n, (title, summary, hours) in enumerate(threads, start=1)
        ]
        feed_fetched(
            community.pk,
            FeedAnswer(ok=True, message=f"{len(items)} items (demo)", items=items),
            organisations=organisations,
        )
