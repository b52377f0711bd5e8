"""Conversations to join: feeds on half the listed communities, a few weeks
of their threads, stored and matched to the organisations by the services'
own functions (clean_item, matches_of, conversations_trim), in bulk."""

from datetime import timedelta

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from communities.feeds import FeedItem
from communities.models import Community, PolicyArea
from conversations.models import OrganisationThread, Thread
from conversations.services import (
    clean_item,
    community_areas,
    conversations_trim,
    matches_of,
    organisations_topics,
)

from . import vocab
from .base import World, bulk

THREADS_PER_FEED = 3
QUESTIONS = [
    "what does the new guidance mean for us?",
    "has anyone had an answer from the council?",
    "where can I find the figures?",
    "is this right?",
    "who decides this?",
]


def create_conversations(world: World) -> None:
    rng = world.rng
    areas = list(PolicyArea.objects.order_by("name"))
    follows = PolicyArea.organisations.through
    bulk(
        follows,
        [
            follows(policyarea_id=area.pk, organisation_id=organisation.pk)
            for organisation in world.organisations
            for area in rng.sample(areas, rng.choice([2, 3, 3, 4]))
        ],
    )
    listed = list(Community.objects.listed().order_by("pk").only("pk", "url", "risk"))
    with_feed = [c for c in listed if rng.random() < 0.5]
    Community.objects.filter(pk__in=[c.pk for c in with_feed]).update(
        feed_url=Concat(
            Value("https://feeds.bench.invalid/"),
            Cast("id", CharField()),
            Value(".xml"),
        )
    )
    areas_of = community_areas()
    topics = sorted(
        {name for names in world.sensitive_topics.values() for name in names}
    )
    rows = []
    for community in with_feed:
        names = sorted(areas_of.get(community.pk, {"Local government"}))
        for n in range(THREADS_PER_FEED):
            words = rng.choice(vocab.AREA_WORDS.get(rng.choice(names), ["news"]))
            about = rng.choice(topics) if rng.random() < 0.08 else words
            item = FeedItem(
                key=f"bench-{community.pk}-{n}",
                title=f"{about.capitalize()}: {rng.choice(QUESTIONS)}",
                link=f"https://feeds.bench.invalid/{community.pk}/t/{n}",
                author="A member",
                summary=f"A question about {words} from a member of the public.",
                published=world.now - timedelta(minutes=rng.randint(5, 60 * 24 * 60)),
            )
            row = clean_item(item, world.now)
            rows.append(Thread(community=community, **row))
    threads = bulk(Thread, rows)
    organisations = organisations_topics()
    matches = [
        match
        for thread in threads
        for match in matches_of(
            thread, areas_of.get(thread.community_id, set()), organisations
        )
    ]
    bulk(OrganisationThread, matches)
    conversations_trim([o.organisation_id for o in organisations])
