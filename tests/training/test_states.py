"""The transitions tables of assignments and practice replies: every (status,
action) pair, allowed or refused with the plain message the services show."""

import pytest

from core.states import InvalidTransition
from training.models import Assignment, Course, PracticeReply

A = Assignment.Status
DO = Assignment.Action
FINISHED = "“Basics” is already marked as finished."
COMPLETED = "“Basics” is already completed."

# (status, action) -> the new status, or the refusal.
ASSIGNMENT_TABLE = [
    (A.ASSIGNED, DO.START, A.IN_PROGRESS),
    (A.IN_PROGRESS, DO.START, A.IN_PROGRESS),  # a second click is harmless
    (A.AWAITING_CONFIRMATION, DO.START, FINISHED),
    (A.COMPLETED, DO.START, FINISHED),
    (A.ASSIGNED, DO.FINISH, A.AWAITING_CONFIRMATION),
    (A.IN_PROGRESS, DO.FINISH, A.AWAITING_CONFIRMATION),
    (A.AWAITING_CONFIRMATION, DO.FINISH, FINISHED),
    (A.COMPLETED, DO.FINISH, FINISHED),
    (A.ASSIGNED, DO.COMPLETE, A.COMPLETED),
    (A.IN_PROGRESS, DO.COMPLETE, A.COMPLETED),
    (A.AWAITING_CONFIRMATION, DO.COMPLETE, FINISHED),
    (A.COMPLETED, DO.COMPLETE, FINISHED),
    (A.ASSIGNED, DO.CONFIRM, A.COMPLETED),
    (A.IN_PROGRESS, DO.CONFIRM, A.COMPLETED),
    (A.AWAITING_CONFIRMATION, DO.CONFIRM, A.COMPLETED),
    (A.COMPLETED, DO.CONFIRM, COMPLETED),
]


def test_the_assignment_table_covers_every_status_and_action():
    assert {(s, a) for s, a, _ in ASSIGNMENT_TABLE} == {
        (s, a) for s in A.values for a in DO.values
    }


@pytest.mark.parametrize(("status", "action", "outcome"), ASSIGNMENT_TABLE)
def test_an_assignment_moves_only_as_its_table_allows(status, action, outcome):
    assignment = Assignment(course=Course(title="Basics"), status=status)

    if outcome in A.values:
        assert assignment.allows(action)
        assert assignment.next_status(action) == outcome
    else:
        assert not assignment.allows(action)
        with pytest.raises(InvalidTransition, match=f"^{outcome}$"):
            assignment.next_status(action)


R = PracticeReply.Status
REPLY = PracticeReply.Action
WITH_MENTOR = "Your reply is already with your mentor."
APPROVED = "Your reply was approved: there is nothing to revise."
REVIEWED = "This reply has already been reviewed."

REPLY_TABLE = [
    (R.SUBMITTED, REPLY.REVISE, WITH_MENTOR),
    (R.CHANGES_REQUESTED, REPLY.REVISE, R.SUBMITTED),
    (R.APPROVED, REPLY.REVISE, APPROVED),
    (R.SUBMITTED, REPLY.APPROVE, R.APPROVED),
    (R.CHANGES_REQUESTED, REPLY.APPROVE, REVIEWED),
    (R.APPROVED, REPLY.APPROVE, REVIEWED),
    (R.SUBMITTED, REPLY.REQUEST_CHANGES, R.CHANGES_REQUESTED),
    (R.CHANGES_REQUESTED, REPLY.REQUEST_CHANGES, REVIEWED),
    (R.APPROVED, REPLY.REQUEST_CHANGES, REVIEWED),
]


def test_the_practice_reply_table_covers_every_status_and_action():
    assert {(s, a) for s, a, _ in REPLY_TABLE} == {
        (s, a) for s in R.values for a in REPLY.values
    }


@pytest.mark.parametrize(("status", "action", "outcome"), REPLY_TABLE)
def test_a_practice_reply_moves_only_as_its_table_allows(status, action, outcome):
    reply = PracticeReply(status=status)

    if outcome in R.values:
        assert reply.allows(action)
        assert reply.next_status(action) == outcome
    else:
        assert not reply.allows(action)
        with pytest.raises(InvalidTransition, match=f"^{outcome}$"):
            reply.next_status(action)
