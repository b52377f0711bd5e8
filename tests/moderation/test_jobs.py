from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from accounts.roles import Role
from moderation import services
from moderation.models import Post, ReviewPolicy
from notifications.models import Notification
from tests.accounts.factories import UserFactory, give_role

from .helpers import make_post

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def at(day: int, hour: int) -> datetime:
    """A moment in the week of Monday 2 November 2026, London time."""
    return datetime(2026, 11, day, hour, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (at(2, 9), at(2, 13), 4),  # Monday morning
        (at(2, 16), at(3, 11), 3),  # overnight does not count
        (at(6, 16), at(9, 10), 2),  # nor does the weekend (Friday -> Monday)
        (at(7, 10), at(7, 15), 0),  # Saturday
    ],
)
def test_working_hours_count_only_weekdays_nine_to_five(start, end, hours):
    assert services._working_hours_between(start, end) == hours


def test_items_past_the_target_are_escalated_to_the_other_officers_once(
    organisation, civil_servant, press_officer
):
    second = give_role(
        UserFactory(organisation=organisation),
        Role.PRESS_OFFICER,
        scope_over=[organisation],
    )
    late = make_post(
        civil_servant,
        status=Post.Status.AWAITING_REVIEW,
        submitted_at=at(2, 9),
        claimed_by=press_officer,
    )
    fresh = make_post(
        civil_servant, status=Post.Status.AWAITING_REVIEW, submitted_at=at(2, 12)
    )

    assert services.posts_escalate(now=at(2, 14)) == 1
    assert services.posts_escalate(now=at(2, 14)) == 0  # fresh is only at 2 hours

    late.refresh_from_db()
    fresh.refresh_from_db()
    assert late.escalated_at and not fresh.escalated_at
    told = list(
        Notification.objects.filter(kind="moderation.escalated").values_list(
            "recipient", flat=True
        )
    )
    assert told == [second.pk]  # not the officer already on it, not the author


def test_the_organisations_own_target_applies(
    organisation, civil_servant, press_officer
):
    ReviewPolicy.objects.create(organisation=organisation, target_working_hours=1)
    make_post(civil_servant, status=Post.Status.AWAITING_REVIEW, submitted_at=at(2, 9))

    assert services.posts_escalate(now=at(2, 10)) == 1


def test_approvals_not_posted_in_time_expire_back_to_draft(
    civil_servant, press_officer
):
    post = make_post(civil_servant, status=Post.Status.AWAITING_REVIEW)
    services.post_approve(post_id=post.pk, actor=press_officer)
    post.refresh_from_db()

    assert services.approvals_expire(now=post.approved_at + timedelta(days=2)) == 0
    assert (
        services.approvals_expire(now=post.approved_at + timedelta(days=3, minutes=1))
        == 1
    )

    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT
    assert Notification.objects.filter(
        recipient=civil_servant, kind="moderation.expired"
    ).exists()


@pytest.mark.parametrize("job", ["posts_escalate", "approvals_expire"])
def test_periodic_jobs_look_up_each_organisations_policy_once(
    job, civil_servant, other_org_civil_servant, queries
):
    status = {
        "posts_escalate": Post.Status.AWAITING_REVIEW,
        "approvals_expire": Post.Status.APPROVED,
    }[job]
    for author in [civil_servant] * 3 + [other_org_civil_servant] * 3:
        # Not yet due: the job reads every post's policy and changes nothing.
        make_post(author, status=status, submitted_at=at(2, 9), approved_at=at(2, 9))

    with queries() as captured:
        assert getattr(services, job)(now=at(2, 10)) == 0

    policy_reads = [q for q in captured if 'FROM "moderation_reviewpolicy"' in q["sql"]]
    assert len(policy_reads) == 2
