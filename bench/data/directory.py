"""The community directory, and the principles with who acknowledged them."""

from datetime import timedelta

from django.utils.text import slugify

from communities.models import (
    Activity,
    Community,
    CommunityChange,
    Platform,
    PolicyArea,
    Risk,
)
from guidelines.models import Acknowledgement, Page, PageVersion, Section

from . import vocab
from .base import World, bulk, cumulative, days_ago, later, pick_state, zipf_weights

STATUSES = [
    (Community.Status.LISTED, 0.85),
    (Community.Status.SUGGESTED, 0.05),
    (Community.Status.DECLINED, 0.05),
    (Community.Status.ARCHIVED, 0.05),
]
RISKS = [(Risk.LOW, 0.5), (Risk.MEDIUM, 0.35), (Risk.HIGH, 0.15)]
PLATFORMS = [
    (Platform.FORUM, 0.35),
    (Platform.SOCIAL_GROUP, 0.25),
    (Platform.BLOG, 0.15),
    (Platform.QA_SITE, 0.08),
    (Platform.MAILING_LIST, 0.07),
    (Platform.WIKI, 0.04),
    (Platform.VIDEO_CHANNEL, 0.04),
    (Platform.OTHER, 0.02),
]


def _community(world: World, number: int, areas, curator: int, suggester: int):
    rng = world.rng
    platform = pick_state(rng, PLATFORMS)
    words = [w for a in areas for w in vocab.AREA_WORDS.get(a.name, [a.name.lower()])]
    topic = rng.choice(words)
    adjective = rng.choice(vocab.COMMUNITY_ADJECTIVES)
    host, label = vocab.PLATFORM_HOSTS[platform]
    slug = f"{slugify(adjective + ' ' + topic)}-{number}"
    address = host.format(slug=slug)
    name = f"{adjective} {label.format(slug=topic)}"
    description = (
        f"A {platform.label.lower()} where people discuss {topic} and "
        f"{rng.choice(words)}: {', '.join(a.name.lower() for a in areas)}."
    )
    status = pick_state(rng, STATUSES)
    created = days_ago(world, 60, 1400)
    decided = later(world, created, 2, 240)
    return Community(
        name=name,
        url=f"https://{address}",
        normalised_url=address,
        platform=platform,
        description=description,
        audience=rng.choice(["Residents", "Parents", "Professionals", "Students"]),
        approximate_size=int(rng.paretovariate(1.2) * 200),
        risk=pick_state(rng, RISKS),
        status=status,
        decline_reason="Not active enough." if status == "declined" else "",
        suggested_by_id=suggester,
        curated_by_id=None if status == "suggested" else curator,
        created_at=created,
        listed_at=decided if status in ("listed", "archived") else None,
        last_reviewed_at=later(world, decided, 24, 9000)
        if rng.random() < 0.3
        else None,
        search_text=f"{name} {description} {' '.join(a.name for a in areas)}",
    )


def create_communities(world: World, count: int) -> None:
    """Popularity follows a rank-size curve: a few busy communities, most quiet."""
    rng = world.rng
    areas = list(PolicyArea.objects.all())
    curators = [u for officers in world.press_officers.values() for u in officers]
    people = list(world.organisation_of)
    chosen_areas, rows = [], []
    for number in range(count):
        picked = rng.sample(areas, rng.choice([1, 1, 2, 3]))
        chosen_areas.append(picked)
        curator, suggester = rng.choice(curators), rng.choice(people)
        rows.append(_community(world, number, picked, curator, suggester))
    communities = bulk(Community, rows)
    through = Community.policy_areas.through
    bulk(
        through,
        [
            through(community_id=c.pk, policyarea_id=a.pk)
            for c, picked in zip(communities, chosen_areas, strict=True)
            for a in picked
        ],
    )
    _record_changes(communities)
    # Posts go to listed (and once-listed) communities, busiest first.
    open_ = [c for c in communities if c.listed_at is not None]
    rng.shuffle(open_)
    weights = zipf_weights(len(open_), 0.9)
    for rank, community in enumerate(open_):
        share = rank / len(open_)
        community.activity = (
            Activity.BUSY
            if share < 0.02
            else Activity.ACTIVE
            if share < 0.17
            else Activity.QUIET
        )
    Community.objects.bulk_update(open_, ["activity"], batch_size=5000)
    world.communities = [(c.pk, c.url, c.name, c.risk) for c in open_]
    world.community_weights = cumulative(weights)


def _record_changes(communities) -> None:
    rows = []
    for c in communities:
        rows.append(
            CommunityChange(
                community=c,
                actor_id=c.suggested_by_id,
                action="suggested",
                created_at=c.created_at,
            )
        )
        if c.status != Community.Status.SUGGESTED:
            action = "declined" if c.status == "declined" else "listed"
            rows.append(
                CommunityChange(
                    community=c,
                    actor_id=c.curated_by_id,
                    action=action,
                    created_at=c.listed_at or c.created_at + timedelta(days=2),
                )
            )
    bulk(CommunityChange, rows)


def create_principles(world: World) -> None:
    """The principles (three versions, the second asked everyone to acknowledge
    again) and a few guidance pages, with acknowledgements by most people."""
    editor = world.editors[0]
    principles = Page.objects.create(
        section=Section.PRINCIPLES, slug="principles", needs_acknowledgement=True
    )
    versions = []
    for number, age, material in ((1, 900, True), (2, 240, True), (3, 60, False)):
        published = world.now - timedelta(days=age)
        versions.append(
            PageVersion(
                page=principles,
                number=number,
                title="Principles for participation online",
                body="<p>Be credible, consistent, responsive and accountable.</p>",
                change_summary=f"Version {number}",
                created_by_id=editor,
                created_at=published - timedelta(days=3),
                published_by_id=editor,
                published_at=published,
                requires_reacknowledgement=material,
            )
        )
    versions = bulk(PageVersion, versions)
    Page.objects.filter(pk=principles.pk).update(live_version=versions[-1])
    for position, slug in enumerate(["before-you-post", "sensitive-topics", "toolkit"]):
        page = Page.objects.create(
            section=Section.TOOLKIT if slug == "toolkit" else Section.GUIDANCE,
            slug=slug,
            position=position,
        )
        version = PageVersion.objects.create(
            page=page,
            number=1,
            title=slug.replace("-", " ").capitalize(),
            body="<p>Guidance text.</p>",
            change_summary="First version",
            created_by_id=editor,
            created_at=world.now - timedelta(days=301),
            published_by_id=editor,
            published_at=world.now - timedelta(days=300),
        )
        Page.objects.filter(pk=page.pk).update(live_version=version)
    _acknowledge(world, versions)


def _acknowledge(world: World, versions) -> None:
    """88% acknowledged the current baseline (version 2 or 3), 5% only
    version 1, the rest never."""
    rng = world.rng
    rows = []
    for user, joined in world.joined.items():
        draw = rng.random()
        if draw < 0.88:
            version = versions[2] if rng.random() < 0.3 else versions[1]
        elif draw < 0.93:
            version = versions[0]
        else:
            continue
        start = max(joined, version.published_at)
        rows.append(
            Acknowledgement(
                user_id=user,
                version=version,
                acknowledged_at=later(world, start, 1, 24 * 14),
            )
        )
    bulk(Acknowledgement, rows)
