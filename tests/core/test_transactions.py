import pytest
from django.db import IntegrityError

from accounts.models import Organisation
from core.transactions import refuse_if_taken

pytestmark = pytest.mark.django_db


def test_a_row_that_got_there_first_becomes_the_callers_refusal(organisation):
    taken = Organisation.objects.filter(name=organisation.name)

    with (
        pytest.raises(LookupError, match="exists"),
        refuse_if_taken(taken, lambda row: LookupError(f"{row.name} exists")),
    ):
        Organisation.objects.create(name=organisation.name, short_name="X")

    assert taken.count() == 1


def test_any_other_constraint_failure_is_raised_as_it_is(organisation):
    nothing_taken = Organisation.objects.filter(name="Nobody has this name")

    with (
        pytest.raises(IntegrityError),
        refuse_if_taken(nothing_taken, lambda row: LookupError("wrong refusal")),
    ):
        Organisation.objects.create(name=organisation.name, short_name="Y")
