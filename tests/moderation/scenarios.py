"""Random-ish but seeded posts written through the real services, at chosen
moments: the data the rollup tests count both ways."""

import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from unittest import mock

from django.utils import timezone

from moderation import services
from moderation.models import Flag, Post, Purpose
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory
from training.models import GrantedLevel

URL = "https://forum.example.org/t/1#reply"
# Around the end of British Summer Time (25 October 2026), so local days and
# weeks differ from UTC ones for part of the range.
FIRST_DAY = timezone.make_aware(datetime(2026, 9, 28))
DAYS = 60


class Clock:
    """timezone.now() for the services and auto_now fields, moved by hand."""

    def __init__(self, now: datetime):
        self.now = now

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@contextmanager
def clock_at(now: datetime):
    clock = Clock(now)
    with mock.patch("django.utils.timezone.now", side_effect=lambda: clock.now):
        yield clock


def _draft(author, community, purpose):
    data = {
        "thread_url": "https://forum.example.org/t/1",
        "purpose": purpose,
        "topic": "Bus timetables",
        "text": "<p>The new timetable starts in May.</p>",
    }
    if community is None:  # outside the directory: always reviewed first
        data["community_url"] = "https://elsewhere.example.org/"
    else:
        data["community"] = community
    return services.post_create(author=author, data=data)


def _flag_of(post_id: int) -> int:
    return Flag.objects.filter(post_id=post_id).values_list("pk", flat=True).first()


@dataclass
class World:
    authors: list
    officers: dict  # organisation id -> press officer
    communities: list  # None: outside the directory
    rng: random.Random
    posts: list = field(default_factory=list)

    def step(self, post: Post, action: str, clock: Clock) -> None:
        officer = self.officers[post.organisation_id]
        author, pk = post.author, post.pk
        {
            "submit": lambda: services.post_submit(
                post_id=pk, actor=author, disclosed_role=True
            ),
            "log_posted": lambda: services.post_log_posted(
                post_id=pk, actor=author, disclosed_role=True, posted_url=URL
            ),
            "withdraw": lambda: services.post_withdraw(post_id=pk, actor=author),
            "approve": lambda: services.post_approve(post_id=pk, actor=officer),
            "request_changes": lambda: services.post_request_changes(
                post_id=pk, actor=officer, comment="Shorter, please"
            ),
            "reject": lambda: services.post_reject(
                post_id=pk, actor=officer, comment="No", reason_code="off_policy"
            ),
            "record_posted": lambda: services.post_record_posted(
                post_id=pk, actor=author, posted_url=URL
            ),
            "flag": lambda: services.post_flag(
                post_id=pk, actor=officer, category="tone", note="Too sharp"
            ),
            "resolve": lambda: services.flag_resolve(
                flag_id=_flag_of(pk), actor=officer, outcome="Learned"
            ),
            "expire": lambda: services.approvals_expire(now=clock.advance(days=4)),
            "edit": lambda: services.post_update(
                post_id=pk,
                actor=author,
                data={
                    "purpose": self.rng.choice(Purpose.values),
                    "community": self.rng.choice(self.communities),
                },
            ),
        }[action]()


REVIEWED = [
    [],
    ["submit"],
    ["submit", "approve"],
    ["submit", "approve", "record_posted"],
    ["submit", "approve", "record_posted", "flag"],
    ["submit", "approve", "record_posted", "flag", "resolve"],
    ["submit", "reject"],
    ["submit", "request_changes"],
    ["submit", "request_changes", "edit"],
    ["submit", "request_changes", "edit", "submit", "approve", "record_posted"],
    ["submit", "withdraw"],
    ["withdraw"],
    ["submit", "approve", "expire"],
    ["submit", "approve", "expire", "edit", "submit", "reject"],
]
SELF_POSTED = [
    ["log_posted"],
    ["log_posted", "flag"],
    ["log_posted", "flag", "resolve"],
]


def build_world(organisation, other_organisation, officer, other_officer, seed=14):
    """Two organisations' authors (level 2: they may post unreviewed in
    low-risk communities) and a small directory on three platforms."""
    authors = [
        UserFactory(organisation=organisation if i < 3 else other_organisation)
        for i in range(5)
    ]
    for author in authors:
        GrantedLevel.objects.create(person=author, level=2)
    communities = [
        CommunityFactory(platform=platform, risk="low")
        for platform in ["forum", "forum", "blog", "social_group"]
    ]
    return World(
        authors=authors,
        officers={organisation.pk: officer, other_organisation.pk: other_officer},
        communities=[*communities, None],
        rng=random.Random(seed),  # noqa: S311 (test data)
    )


def write_posts(world: World, count: int) -> list[Post]:
    """`count` posts, each created at a random moment of the range and taken
    through a random path, hours apart, by the services."""
    rng = world.rng
    for _ in range(count):
        start = FIRST_DAY + timedelta(
            days=rng.randrange(DAYS),
            hours=rng.choice([0, 8, 12, 22, 23]),
            minutes=rng.randrange(60),
        )
        community = rng.choice(world.communities)
        paths = REVIEWED + (SELF_POSTED if community else [])
        with clock_at(start) as clock:
            post = _draft(
                rng.choice(world.authors), community, rng.choice(Purpose.values)
            )
            for action in rng.choice(paths):
                clock.advance(minutes=rng.randrange(5, 60 * 30))
                world.step(post, action, clock)
        world.posts.append(post)
    return world.posts
