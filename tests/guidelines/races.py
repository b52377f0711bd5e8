"""A real race with a unique constraint, without mocking our code.

Used by the tests of every app whose services insert rows a constraint keeps
unique (guidelines, training). Needs PostgreSQL and a `transaction=True` test.
"""

import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

import pytest
from django.db import connection, transaction

BLOCKED_BY_US = """
    SELECT EXISTS (
        SELECT 1 FROM pg_stat_activity
        WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid))
    )
"""


def _wait_until_someone_waits_for_us(timeout: float) -> None:
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(BLOCKED_BY_US)
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)


@contextmanager
def conflicting_row_in_flight(create: Callable[[], object], *, timeout: float = 10):
    """While the body runs, another connection has inserted a conflicting row
    and not yet committed it: the body's own checks cannot see it, but its
    INSERT must wait for it. The other side commits as soon as the body waits
    (or after `timeout`), so the body's INSERT then breaks the constraint,
    exactly as when two people submit the same thing at the same moment.
    """
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent transactions")
    inserted, failures = threading.Event(), []

    def other_person():
        try:
            with transaction.atomic():
                create()
                inserted.set()
                _wait_until_someone_waits_for_us(timeout)
        except BaseException as error:  # surfaced in the test below
            failures.append(error)
        finally:
            inserted.set()
            connection.close()

    thread = threading.Thread(target=other_person, daemon=True)
    thread.start()
    inserted.wait(timeout)
    if failures:
        raise failures[0]
    try:
        yield
    finally:
        thread.join(timeout)
    if failures:
        raise failures[0]
