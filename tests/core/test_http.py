import pytest
from django.contrib.auth import get_user_model
from django.http import Http404

from core.http import object_or_404


def test_object_or_404_answers_404_when_the_selector_finds_nothing(db):
    def hidden(pk):
        return get_user_model().objects.get(pk=pk)

    with pytest.raises(Http404):
        object_or_404(hidden, -1)


def test_object_or_404_returns_what_the_selector_found():
    assert object_or_404(lambda a, *, b: (a, b), 1, b=2) == (1, 2)
