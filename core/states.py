"""State changes, written one way in every app.

A model with a status keeps a table of allowed moves, TRANSITIONS:
{(status, action): new status}. Its services ask `next_status()` for the
new state and get InvalidTransition when the move is not allowed, so a wrong
state is always this error (a 409 or a plain message in the view), never
PermissionDenied: a 403 means "not yours to do", and only that.
"""

from collections.abc import Mapping


class InvalidTransition(Exception):
    """The object is not in a state that allows this action (never a 403)."""


def next_status(
    transitions: Mapping[tuple[str, str], str], status: str, action: str, refusal: str
) -> str:
    """The status `action` leads to from `status`; InvalidTransition(refusal)
    when the table has no such move."""
    try:
        return transitions[(status, action)]
    except KeyError:
        raise InvalidTransition(refusal) from None


class Transitions:
    """For a model with a `status` field and a TRANSITIONS table: whether an
    action is allowed now (for the page's buttons), and the status it leads to
    (for the service), with the model's own words for a refusal."""

    TRANSITIONS: Mapping[tuple[str, str], str] = {}

    def allows(self, action: str) -> bool:
        """Whether TRANSITIONS has `action` from the current status."""
        return (self.status, action) in self.TRANSITIONS

    def next_status(self, action: str) -> str:
        return next_status(self.TRANSITIONS, self.status, action, self.refusal(action))

    def refusal(self, action: str) -> str:
        """Why `action` is not allowed from the current status, in plain words."""
        raise NotImplementedError
