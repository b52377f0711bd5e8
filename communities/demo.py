"""A few dozen plausible communities for the demo (fictional, on reserved
example domains so the link checker never calls a real site)."""

import random

from django.db import transaction
from django.utils.text import slugify

from .models import Activity, Community, Platform, PolicyArea, Risk
from .services import community_list, community_suggest, community_update

PLACES = [
    (
        "Parents Talk: schools board",
        "forum.example.org/parents/schools",
        Platform.FORUM,
        "Education and skills",
    ),
    (
        "Renters United forum",
        "renters.example.net/forum",
        Platform.FORUM,
        "Housing and planning",
    ),
    (
        "Cycle Commuters Network",
        "cyclecommute.example.com/blog",
        Platform.BLOG,
        "Transport",
    ),
    (
        "Small Business Owners Group",
        "social.example.com/groups/small-business",
        Platform.SOCIAL_GROUP,
        "Business and trade",
    ),
    (
        "Carers Connect",
        "carers.example.org/forum",
        Platform.FORUM,
        "Health and social care",
    ),
    (
        "Local Planning Watch",
        "planningwatch.example.org/blog",
        Platform.BLOG,
        "Housing and planning",
    ),
    (
        "Flood Wardens Mailing List",
        "lists.example.ac.uk/flood-wardens",
        Platform.MAILING_LIST,
        "Climate and environment",
    ),
    (
        "Benefits Advice Q&A",
        "answers.example.com/benefits",
        Platform.QA_SITE,
        "Benefits and welfare",
    ),
    (
        "Teachers' Staffroom",
        "staffroom.example.org/forum",
        Platform.FORUM,
        "Education and skills",
    ),
    (
        "Open Data Enthusiasts",
        "opendata.example.net/wiki",
        Platform.WIKI,
        "Digital and technology",
    ),
    (
        "Neighbourhood Watch Chat",
        "nhwatch.example.org/forum",
        Platform.FORUM,
        "Crime and policing",
    ),
    (
        "Apprentices Together",
        "social.example.com/groups/apprentices",
        Platform.SOCIAL_GROUP,
        "Work and employment",
    ),
    (
        "Green Homes Retrofit",
        "retrofit.example.com/blog",
        Platform.BLOG,
        "Climate and environment",
    ),
    ("Rural Bus Users", "ruralbus.example.org/forum", Platform.FORUM, "Transport"),
    (
        "Foster Families Circle",
        "fostering.example.net/forum",
        Platform.FORUM,
        "Children and families",
    ),
    (
        "Civic Tech Meetup",
        "video.example.com/civictech",
        Platform.VIDEO_CHANNEL,
        "Digital and technology",
    ),
    (
        "Council Tax Questions",
        "answers.example.com/council-tax",
        Platform.QA_SITE,
        "Local government",
    ),
    (
        "Allotment Holders Association",
        "allotments.example.org/forum",
        Platform.FORUM,
        "Local government",
    ),
    (
        "Jobseekers Help Desk",
        "jobhelp.example.net/forum",
        Platform.FORUM,
        "Work and employment",
    ),
    (
        "Clean Air Campaigners",
        "cleanair.example.org/blog",
        Platform.BLOG,
        "Climate and environment",
    ),
    (
        "Dementia Friends Online",
        "dementia.example.org/forum",
        Platform.FORUM,
        "Health and social care",
    ),
    (
        "Exporters' Exchange",
        "export.example.com/forum",
        Platform.FORUM,
        "Business and trade",
    ),
    (
        "Youth Voice Network",
        "social.example.com/groups/youth-voice",
        Platform.SOCIAL_GROUP,
        "Children and families",
    ),
    (
        "Community Energy Wiki",
        "energy.example.net/wiki",
        Platform.WIKI,
        "Climate and environment",
    ),
    (
        "Road Safety Parents",
        "roadsafety.example.org/forum",
        Platform.FORUM,
        "Transport",
    ),
    (
        "Digital Inclusion Champions",
        "inclusion.example.org/blog",
        Platform.BLOG,
        "Digital and technology",
    ),
    (
        "Self-employed and Freelancers",
        "freelance.example.com/forum",
        Platform.FORUM,
        "Work and employment",
    ),
    (
        "Housing Associations Forum",
        "housing.example.net/forum",
        Platform.FORUM,
        "Housing and planning",
    ),
    (
        "Victims Support Network",
        "support.example.org/forum",
        Platform.FORUM,
        "Crime and policing",
    ),
    (
        "Pension Planning Q&A",
        "answers.example.com/pensions",
        Platform.QA_SITE,
        "Benefits and welfare",
    ),
]


@transaction.atomic
def seed_communities(*, suggester, curator) -> None:
    """List the demo communities, plus two suggestions waiting for a curator."""
    if Community.objects.exists():
        return
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    # The policy areas come with a migration, but an administrator may have
    # renamed or removed some since: the demo brings back the ones it uses.
    areas = {
        name: PolicyArea.objects.get_or_create(
            name=name, defaults={"slug": slugify(name)}
        )[0]
        for name in {place[3] for place in PLACES}
    }
    for index, (name, address, platform, area) in enumerate(PLACES):
        waiting = index >= len(PLACES) - 2  # left for the press officer to curate
        community = community_suggest(
            actor=suggester if waiting else curator,
            data={
                "name": name,
                "url": f"https://{address}",
                "platform": platform,
                "description": f"{name}: people discussing {area.lower()} and how "
                "national and local decisions affect them day to day.",
                "audience": "Members of the public and practitioners",
                "house_rules_url": f"https://{address}/rules",
            },
            policy_areas=[areas[area]],
        )
        if waiting:
            continue
        community_update(
            community_id=community.pk,
            actor=curator,
            data={
                "approximate_size": rng.choice([400, 1500, 6000, 25000, 120000]),
                "activity": rng.choice(list(Activity.values)),
                "risk": rng.choices(list(Risk.values), weights=[5, 3, 1])[0],
                "risk_note": "Rated by the demo curator.",
                "engagement_tips": "Read the house rules, introduce yourself, and link to evidence.",
            },
        )
        community_list(community_id=community.pk, actor=curator)
