from dataclasses import dataclass

from accounts.permissions import has_mfa
from accounts.roles import Role
from accounts.selectors import has_role, organisations_trained_by

from .models import Assignment, Mentoring, PracticeReply


def can_train(user, person) -> bool:
    """Trainers (with 2FA) act on other people of the organisations they train."""
    return (
        user.is_authenticated
        and person.pk != user.pk  # nobody trains, confirms or levels themselves
        and has_role(user, Role.TRAINER)
        and has_mfa(user)
        and person.organisation_id is not None
        and organisations_trained_by(user).filter(pk=person.organisation_id).exists()
    )


def can_manage_courses_for(user, organisation) -> bool:
    """Trainers (with 2FA) add and change courses for the organisations they
    train. Courses for every organisation (no organisation) are the
    administrators', in the admin: a level requirement changes who may post."""
    return (
        user.is_authenticated
        and organisation is not None
        and has_role(user, Role.TRAINER)
        and has_mfa(user)
        and organisations_trained_by(user).filter(pk=organisation.pk).exists()
    )


def can_see_mentoring(user, mentoring) -> bool:
    """The mentor (guardian object permission), the mentee, and trainers of the
    mentee's organisation; nobody else, not even other mentors."""
    if not user.is_authenticated:
        return False
    if user.pk == mentoring.mentee_id:
        return True
    if user.pk == mentoring.mentor_id and user.has_perm(
        "training.mentor_mentee", mentoring
    ):
        return True
    return can_train(user, mentoring.mentee)


def can_mentor(user, mentoring) -> bool:
    """Only the mentor, while the pairing is active, logs sessions and signs off."""
    return (
        user.is_authenticated
        and mentoring.active
        and user.pk == mentoring.mentor_id
        and user.has_perm("training.mentor_mentee", mentoring)
    )


@dataclass(frozen=True)
class AssignmentActions:
    """What the person may do to their own assignment now: the buttons shown."""

    start: bool
    finish: bool


def assignment_actions_for(user, assignment: Assignment) -> AssignmentActions:
    """Only the person marks their progress; the transitions table says when
    (starting is offered only before it has started)."""
    own = user.is_authenticated and assignment.person_id == user.pk
    return AssignmentActions(
        start=own and assignment.status == Assignment.Status.ASSIGNED,
        finish=own and assignment.allows(Assignment.Action.FINISH),
    )


def can_review_practice_reply(user, reply: PracticeReply) -> bool:
    """Only the trainee's active mentor reviews their practice replies (the
    trainee has at most one: Mentoring's one_active_mentor constraint)."""
    return (
        user.is_authenticated
        and Mentoring.objects.filter(
            mentee_id=reply.trainee_id, mentor_id=user.pk, active=True
        ).exists()
    )


def can_send_practice_reply(reply: PracticeReply | None) -> bool:
    """A trainee sends their first reply to a scenario, or revises one when
    their mentor asked for changes."""
    return reply is None or reply.allows(PracticeReply.Action.REVISE)
