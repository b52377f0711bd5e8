"""The buttons training's pages offer: from the same rules the services apply
(who the viewer is, and the transitions tables)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.training.factories import AssignmentFactory
from training import services
from training.models import Assignment, PracticeReply
from training.permissions import (
    assignment_actions_for,
    can_review_practice_reply,
    can_send_practice_reply,
)

pytestmark = pytest.mark.django_db

S = Assignment.Status
NONE: set[str] = set()

# (persona, status) -> the actions "Your training" offers on the assignment.
ASSIGNMENT_TABLE = [
    ("civil_servant", S.ASSIGNED, {"start", "finish"}),
    ("civil_servant", S.IN_PROGRESS, {"finish"}),
    ("civil_servant", S.AWAITING_CONFIRMATION, NONE),
    ("civil_servant", S.COMPLETED, NONE),
    ("trainer", S.ASSIGNED, NONE),  # trainers confirm, on the dashboard
    ("mentor", S.IN_PROGRESS, NONE),
]


@pytest.mark.parametrize(("persona", "status", "allowed"), ASSIGNMENT_TABLE)
def test_my_training_offers_exactly_the_progress_the_rules_allow(
    request, civil_servant, persona, status, allowed
):
    assignment = AssignmentFactory(person=civil_servant, status=status)

    actions = assignment_actions_for(request.getfixturevalue(persona), assignment)

    assert {n for n in ("start", "finish") if getattr(actions, n)} == allowed


@pytest.mark.parametrize(
    ("status", "may_send"),
    [
        (None, True),  # no reply yet: the first one
        (PracticeReply.Status.SUBMITTED, False),
        (PracticeReply.Status.CHANGES_REQUESTED, True),
        (PracticeReply.Status.APPROVED, False),
    ],
)
def test_a_trainee_may_send_a_first_reply_or_a_revision_asked_for(status, may_send):
    reply = None if status is None else PracticeReply(status=status)

    assert can_send_practice_reply(reply) is may_send


def test_only_the_trainees_active_mentor_reviews_their_replies(
    trainer, mentor, civil_servant, organisation
):
    from tests.accounts.factories import UserFactory

    pairing = services.mentoring_create(
        mentor=mentor,
        mentee=civil_servant,
        goals="g",
        end_date=timezone.localdate() + timedelta(days=9),
        actor=trainer,
    )
    reply = PracticeReply(trainee=civil_servant)
    someone = UserFactory(organisation=organisation)

    assert can_review_practice_reply(mentor, reply)
    assert not can_review_practice_reply(trainer, reply)
    assert not can_review_practice_reply(civil_servant, reply)
    assert not can_review_practice_reply(someone, reply)
    services.mentoring_end(mentoring_id=pairing.pk, actor=trainer)
    assert not can_review_practice_reply(mentor, reply)
