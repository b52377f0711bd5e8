"""Helpers shared by the benchmark data builders."""

import io
import itertools
import json
import random
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection

BATCH = 5000


@dataclass
class World:
    """What later builders need to know about what earlier ones made (ids only,
    so scale 10 fits in memory)."""

    rng: random.Random
    now: datetime
    organisations: list = field(default_factory=list)  # Organisation rows
    staff: dict = field(default_factory=dict)  # organisation id -> [user ids]
    organisation_of: dict = field(default_factory=dict)  # user id -> org id
    joined: dict = field(default_factory=dict)  # user id -> date_joined
    inactive: set = field(default_factory=set)
    press_officers: dict = field(default_factory=dict)  # org id -> [user ids]
    trainers: dict = field(default_factory=dict)  # org id -> [user ids]
    editors: list = field(default_factory=list)
    administrators: list = field(default_factory=list)
    granted_levels: dict = field(default_factory=dict)  # user id -> level (not 1)
    sensitive_topics: dict = field(default_factory=dict)  # org id -> [names]
    communities: list = field(default_factory=list)  # (id, url, name, risk)
    community_weights: list = field(default_factory=list)  # cumulative, for posts


def zipf_weights(n: int, exponent: float) -> list[float]:
    """Rank-size weights: a few large, a long tail of small ones."""
    return [1 / (rank + 1) ** exponent for rank in range(n)]


def cumulative(weights: Iterable[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def split(total: int, weights: Sequence[float], minimum: int) -> list[int]:
    """Share `total` out in proportion to `weights`, at least `minimum` each."""
    scale = (total - minimum * len(weights)) / sum(weights)
    sizes = [minimum + int(w * scale) for w in weights]
    sizes[0] += total - sum(sizes)  # rounding goes to the largest
    return sizes


def pick_state(rng: random.Random, table: Sequence[tuple[str, float]]) -> str:
    return rng.choices([s for s, _ in table], weights=[w for _, w in table])[0]


def days_ago(world: World, low: float, high: float) -> datetime:
    return world.now - timedelta(days=world.rng.uniform(low, high))


def later(world: World, start: datetime, low_hours: float, high_hours: float):
    """A moment after `start`, never in the future."""
    moment = start + timedelta(hours=world.rng.uniform(low_hours, high_hours))
    return min(moment, world.now - timedelta(seconds=world.rng.uniform(1, 600)))


def bulk(model, rows: list, batch_size: int = BATCH) -> list:
    """bulk_create in batches; PostgreSQL returns the new ids on the rows."""
    return model.objects.bulk_create(rows, batch_size=batch_size)


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value)
    text = str(value)
    if any(c in text for c in "\\\t\n\r"):
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def copy(model, rows: list) -> list:
    """Like bulk() for the largest tables, several times faster: ids come from
    the table's sequence first, then the rows go in with COPY. Unset fields
    get their model default. Falls back to bulk() off PostgreSQL."""
    if connection.vendor != "postgresql" or not rows:
        return bulk(model, rows)
    table = model._meta.db_table
    fields = model._meta.concrete_fields
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
            "FROM generate_series(1, %s)",
            [table, len(rows)],
        )
        for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            row.pk = pk
        buffer = io.StringIO()
        for row in rows:
            buffer.write(
                "\t".join(_copy_text(getattr(row, f.attname)) for f in fields) + "\n"
            )
        buffer.seek(0)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        cursor.cursor.copy_expert(
            f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN", buffer
        )
    return rows


@contextmanager
def explicit_timestamps(*models):
    """Let bulk inserts keep the historic times we give them.

    auto_now and auto_now_add would stamp every row with "now"; they are turned
    off on the field objects of this process only, and always turned back on.
    """
    fields = [
        f
        for model in models
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)
