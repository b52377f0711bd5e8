"""The transitions tables of assignments and practice replies: every (status,
action) pair, allowed or refused with the plain message the services show."""

import pytest

from core.states import InvalidTransition
from training.models import Assignment, Course, PracticeReply

A = Assignment.Status
DO = Assignment.Action
FINISHED = "“Basics” is already marked as finished."
COMPLETED = "“Basics” is already completed."
NOTHING_TO_DECLINE = "“Basics” is not marked as finished: nothing to decline."

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
    (A.ASSIGNED, DO.DECLINE, NOTHING_TO_DECLINE),
    (A.IN_PROGRESS, DO.DECLINE, NOTHING_TO_DECLINE),
    (A.AWAITING_CONFIRMATION, DO.DECLINE, A.IN_PROGRESS),  # back to work
    (A.COMPLETED, DO.DECLINE, "“Basics” is already confirmed as completed."),
]


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


def basics(status):
    return Assignment(course=Course(title="Basics"), status=status)


def reply(status):
    return PracticeReply(status=status)


TABLES = [
    (basics, A, DO, ASSIGNMENT_TABLE),
    (reply, R, REPLY, REPLY_TABLE),
]
ROWS = [(make, *row) for make, _, _, table in TABLES for row in table]


@pytest.mark.parametrize(("make", "statuses", "actions", "table"), TABLES)
def test_each_table_here_covers_every_status_and_action(make, statuses, actions, table):
    assert {(s, a) for s, a, _ in table} == {
        (s, a) for s in statuses.values for a in actions.values
    }


@pytest.mark.parametrize(("make", "status", "action", "outcome"), ROWS)
def test_a_record_moves_only_as_its_table_allows(make, status, action, outcome):
    record = make(status)

    if outcome in type(status).values:
        assert record.allows(action)
        assert record.next_status(action) == outcome
    else:
        assert not record.allows(action)
        with pytest.raises(InvalidTransition, match=f"^{outcome}$"):
            record.next_status(action)
