"""Benchmark data at a chosen scale, inserted in bulk (see README, Benchmarks).

Scale 1: 50 organisations, 20,000 people, 5,000 communities, 200,000 posts in
every state with their history, 20,000 training assignments. Scale 10 is ten
times that. Sizes follow rank-size curves: a few big organisations and busy
communities, a long tail of small and quiet ones; most posts end up approved.
The same scale and seed give the same data.

Called by `manage.py generate_bench_data`; the database must be empty.
"""

import random
import time

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import RoleChange, User
from communities.models import Community, CommunityChange
from conversations.models import OrganisationThread, Thread
from guidelines.models import Acknowledgement, PageVersion
from guidelines.selectors import BASELINE_CACHE_KEY
from moderation.models import Flag, Post, PostEvent
from notifications.models import Notification
from training.models import (
    Assignment,
    Course,
    GrantedLevel,
    LevelDecision,
    Mentoring,
    MentoringSession,
)
from training.services import levels_recompute_everyone

from . import conversations, directory, people, posts, training
from .base import World, explicit_timestamps

BASE = {
    "organisations": 50,
    "users": 20_000,
    "communities": 5_000,
    "posts": 200_000,
    "assignments": 20_000,
}
# Small fractions of a scale still give a consistent world (tests use 0.005).
MINIMUM = {
    "organisations": 2,
    "users": 60,
    "communities": 20,
    "posts": 200,
    "assignments": 40,
}
TIMESTAMPED = [
    User,
    RoleChange,
    Community,
    CommunityChange,
    PageVersion,
    Acknowledgement,
    Course,
    Assignment,
    GrantedLevel,
    LevelDecision,
    Mentoring,
    MentoringSession,
    Post,
    PostEvent,
    Flag,
    Notification,
]


def counts_for(scale: float) -> dict[str, int]:
    return {k: max(MINIMUM[k], round(v * scale)) for k, v in BASE.items()}


def generate(*, scale: float = 1.0, seed: int = 2026, log=print) -> dict[str, int]:
    """Fill the (empty) database; returns the row counts of the main tables."""
    counts = counts_for(scale)
    world = World(rng=random.Random(seed), now=timezone.now())  # noqa: S311
    steps = [
        (
            "organisations",
            lambda: people.create_organisations(world, counts["organisations"]),
        ),
        ("people", lambda: people.create_people(world, counts["users"])),
        ("roles and 2FA", lambda: people.create_roles(world)),
        ("discretion levels", lambda: people.create_levels(world)),
        ("principles", lambda: directory.create_principles(world)),
        (
            "communities",
            lambda: directory.create_communities(world, counts["communities"]),
        ),
        ("conversations", lambda: conversations.create_conversations(world)),
        ("training", lambda: _training(world, counts["assignments"])),
        ("posts", lambda: posts.create_posts(world, counts["posts"], log)),
    ]
    with transaction.atomic(), explicit_timestamps(*TIMESTAMPED):
        for name, step in steps:
            started = time.monotonic()
            step()
            log(f"{name}: {time.monotonic() - started:.1f} s")
    cache.delete(BASELINE_CACHE_KEY)  # the principles changed under the cache
    # The steps write levels' inputs in bulk, around the services: store the
    # levels the pages read, as the services would have (and after the cache
    # forgot the old principles).
    started = time.monotonic()
    levels_recompute_everyone(assign_courses=False)
    log(f"stored levels: {time.monotonic() - started:.1f} s")
    _analyse()
    return {
        "organisations": len(world.organisations),
        "users": User.objects.count(),
        "communities": Community.objects.count(),
        "posts": Post.objects.count(),
        "post_events": PostEvent.objects.count(),
        "flags": Flag.objects.count(),
        "assignments": Assignment.objects.count(),
        "notifications": Notification.objects.count(),
        "threads": Thread.objects.count(),
        "organisation_threads": OrganisationThread.objects.count(),
    }


def _training(world: World, assignments: int) -> None:
    courses = training.create_courses(world)
    training.create_assignments(world, courses, assignments)
    training.create_mentoring(world)


def _analyse() -> None:
    """Fresh statistics and visibility maps, as autovacuum would leave a
    database that grew slowly: the planner must not guess on empty stats."""
    # VACUUM cannot run in a transaction (a test's, for one); ANALYZE can.
    if connection.vendor == "postgresql":
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(command)
