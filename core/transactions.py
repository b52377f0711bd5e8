"""Writes a unique constraint may refuse when two people act at the same moment."""

from collections.abc import Callable
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.db.models import QuerySet


@contextmanager
def refuse_if_taken(taken: QuerySet, refusal: Callable[[object], Exception]):
    """Run the block in a savepoint. If a unique constraint refuses it because
    a row of `taken` got there first (someone else's request, a moment ago),
    raise `refusal(that row)` instead of a database error; any other
    IntegrityError is raised as it is.
    """
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        row = taken.first()
        if row is None:
            raise
        raise refusal(row) from None
