import pytest

from core.states import InvalidTransition, next_status

TRANSITIONS = {("draft", "submit"): "awaiting_review"}


def test_an_allowed_move_gives_the_new_status():
    assert next_status(TRANSITIONS, "draft", "submit", "no") == "awaiting_review"


def test_a_move_the_table_lacks_is_invalid_with_the_given_reason():
    with pytest.raises(InvalidTransition, match="already sent"):
        next_status(TRANSITIONS, "awaiting_review", "submit", "It is already sent.")
