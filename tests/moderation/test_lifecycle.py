"""The state machine: every state x every action x every role, allowed or refused."""

import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection

from accounts.roles import Role
from core.states import InvalidTransition
from moderation import services
from moderation.models import Action, Flag, Post, PostEvent
from notifications.models import Notification
from tests.accounts.factories import UserFactory, give_role
from tests.communities.factories import CommunityFactory
from training.models import GrantedLevel

from .helpers import make_post

pytestmark = pytest.mark.django_db

URL = "https://forum.example.org/t/1#reply"


def _flag_of(post):
    flag = Flag.objects.filter(post=post).first()
    return flag or Flag.objects.create(
        post=post,
        organisation=post.organisation,
        category="tone",
        note="n",
        raised_by=post.author,
    )


ACTIONS = {
    # action: (who may, service call)
    Action.SUBMIT: (
        "author",
        lambda p, u: services.post_submit(post_id=p.pk, actor=u, disclosed_role=True),
    ),
    Action.LOG_POSTED: (
        "author",
        lambda p, u: services.post_log_posted(
            post_id=p.pk, actor=u, disclosed_role=True, posted_url=URL
        ),
    ),
    Action.WITHDRAW: (
        "author",
        lambda p, u: services.post_withdraw(post_id=p.pk, actor=u),
    ),
    Action.RECORD_POSTED: (
        "author",
        lambda p, u: services.post_record_posted(post_id=p.pk, actor=u, posted_url=URL),
    ),
    Action.APPROVE: (
        "reviewer",
        lambda p, u: services.post_approve(post_id=p.pk, actor=u),
    ),
    Action.REQUEST_CHANGES: (
        "reviewer",
        lambda p, u: services.post_request_changes(
            post_id=p.pk, actor=u, comment="Shorter"
        ),
    ),
    Action.REJECT: (
        "reviewer",
        lambda p, u: services.post_reject(
            post_id=p.pk, actor=u, comment="No", reason_code="off_policy"
        ),
    ),
    Action.FLAG: (
        "reviewer",
        lambda p, u: services.post_flag(
            post_id=p.pk, actor=u, category="tone", note="Too sharp"
        ),
    ),
    Action.RESOLVE: (
        "reviewer",
        lambda p, u: services.flag_resolve(
            flag_id=_flag_of(p).pk, actor=u, outcome="Learned"
        ),
    ),
}

ROLES = [
    "author",
    "press_officer",
    "other_org_press_officer",
    "trainer",
    "colleague",
    "anonymous",
]


@pytest.fixture
def people(civil_servant, press_officer, other_org_press_officer, trainer, mentor):
    # The author may post unreviewed in low-risk communities (level 2).
    GrantedLevel.objects.create(person=civil_servant, level=2)
    return {
        "author": civil_servant,
        "press_officer": press_officer,
        "other_org_press_officer": other_org_press_officer,
        "trainer": trainer,
        "colleague": mentor,
        "anonymous": AnonymousUser(),
    }


def outcome_expected(status, action, role) -> str:
    who, _ = ACTIONS[action]
    allowed_role = "author" if who == "author" else "press_officer"
    if role != allowed_role:
        return "denied"
    if action == Action.SUBMIT and status == Post.Status.DRAFT:
        return "ok"
    return "ok" if (status, action) in Post.TRANSITIONS else "invalid"


@pytest.mark.parametrize("status", Post.Status.values)
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_every_action_in_every_state_for_every_role(people, status, action, role):
    post = make_post(people["author"], status=status)
    expected = outcome_expected(status, action, role)

    try:
        ACTIONS[action][1](post, people[role])
        result = "ok"
    except PermissionDenied:
        result = "denied"
    except InvalidTransition:
        result = "invalid"

    assert result == expected
    post.refresh_from_db()
    if result == "ok":
        assert post.status == Post.TRANSITIONS[(status, action)]
        assert PostEvent.objects.filter(post=post, action=action).count() == 1
    else:
        assert post.status == status
        assert not PostEvent.objects.filter(post=post).exists()


def test_nobody_reviews_their_own_post_press_officers_included(organisation):
    officer = give_role(
        UserFactory(organisation=organisation),
        Role.PRESS_OFFICER,
        scope_over=[organisation],
    )
    post = make_post(officer, status=Post.Status.AWAITING_REVIEW)

    with pytest.raises(PermissionDenied):
        services.post_approve(post_id=post.pk, actor=officer)


def test_approval_tells_the_author_and_rejection_needs_a_reason(people):
    post = make_post(people["author"], status=Post.Status.AWAITING_REVIEW)
    services.post_approve(post_id=post.pk, actor=people["press_officer"])

    assert (
        Notification.objects.get(recipient=people["author"]).kind
        == "moderation.approved"
    )
    other = make_post(people["author"], status=Post.Status.AWAITING_REVIEW)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.post_reject(
            post_id=other.pk,
            actor=people["press_officer"],
            comment="x",
            reason_code="whim",
        )
    other.refresh_from_db()
    assert other.status == Post.Status.AWAITING_REVIEW


def _consultation_draft(author):
    """A draft for a community outside the directory: it always needs review."""
    return services.post_create(
        author=author,
        data={
            "thread_url": URL,
            "purpose": "consult",
            "topic": "Buses",
            "text": "<p>Hi</p>",
            "community_url": "https://high.example.org",
        },
    )


def test_history_is_kept_in_order_with_who_and_why(people):
    post = _consultation_draft(people["author"])
    services.post_submit(post_id=post.pk, actor=people["author"], disclosed_role=True)
    services.post_request_changes(
        post_id=post.pk, actor=people["press_officer"], comment="Add the link"
    )
    services.post_submit(post_id=post.pk, actor=people["author"], disclosed_role=True)
    services.post_approve(
        post_id=post.pk, actor=people["press_officer"], comment="Good"
    )

    events = list(post.events.values_list("action", "actor_id", "comment"))
    assert [e[0] for e in events] == [
        "edit",
        "submit",
        "request_changes",
        "submit",
        "approve",
    ]
    assert events[2] == ("request_changes", people["press_officer"].pk, "Add the link")


def test_hostile_html_in_post_text_is_cleaned(people):
    post = services.post_create(
        author=people["author"],
        data={
            "thread_url": URL,
            "purpose": "engage",
            "topic": "t",
            "text": '<p onclick="x()">Hi</p><script>steal()</script>'
            '<a href="javascript:x()">l</a>',
        },
    )

    assert (
        "onclick" not in post.text
        and "script" not in post.text
        and "javascript:" not in post.text
    )


@pytest.mark.django_db(transaction=True)
def test_two_officers_deciding_at_once_record_exactly_one_decision(
    organisation, civil_servant, press_officer
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    second = give_role(
        UserFactory(organisation=organisation),
        Role.PRESS_OFFICER,
        scope_over=[organisation],
    )
    post = make_post(civil_servant, status=Post.Status.AWAITING_REVIEW)
    start = threading.Barrier(2, timeout=10)
    results = {}

    def decide(name, call):
        try:
            start.wait()
            call()
            results[name] = "decided"
        except InvalidTransition as error:
            results[name] = str(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=decide,
            args=(
                "approve",
                lambda: services.post_approve(post_id=post.pk, actor=press_officer),
            ),
        ),
        threading.Thread(
            target=decide,
            args=(
                "reject",
                lambda: services.post_reject(
                    post_id=post.pk,
                    actor=second,
                    comment="No",
                    reason_code="off_policy",
                ),
            ),
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(results.values()).count("decided") == 1
    loser = next(v for v in results.values() if v != "decided")
    assert "cannot be" in loser  # told plainly what happened
    decisions = PostEvent.objects.filter(post=post, action__in=["approve", "reject"])
    assert decisions.count() == 1


def test_a_post_counts_as_sent_when_it_first_leaves_draft(people):
    post = _consultation_draft(people["author"])
    assert post.sent_at is None

    services.post_submit(post_id=post.pk, actor=people["author"], disclosed_role=True)
    first = Post.objects.get(pk=post.pk).sent_at
    services.post_request_changes(
        post_id=post.pk, actor=people["press_officer"], comment="Add the link"
    )
    services.post_submit(post_id=post.pk, actor=people["author"], disclosed_role=True)

    post.refresh_from_db()
    assert first is not None and post.sent_at == first < post.submitted_at


def test_a_post_logged_as_posted_counts_as_sent_then(people):
    post = services.post_create(
        author=people["author"],
        data={
            "thread_url": URL,
            "purpose": "answer_question",
            "topic": "Buses",
            "text": "<p>Hi</p>",
            "community": CommunityFactory(risk="low"),
        },
    )

    services.post_log_posted(
        post_id=post.pk,
        actor=people["author"],
        disclosed_role=True,
        posted_url=URL + "#1",
    )

    post.refresh_from_db()
    assert post.sent_at is not None and post.status == Post.Status.POSTED


@pytest.mark.parametrize(
    ("topic", "text", "reviewed"),
    [
        ("The budget announcement", "<p>What it means for you.</p>", True),
        ("Spending", "<p>After the <em>budget-announcements</em>, a FAQ.</p>", True),
        ("Spending", "<p>Our budgetary process, explained.</p>", False),
    ],
)
def test_a_sensitive_topic_in_another_form_is_found_and_routes_to_review(
    people, organisation, topic, text, reviewed
):
    organisation.sensitive_topics.create(name="Budget announcements")
    post = make_post(people["author"], topic=topic, text=text)  # level 2, low risk

    services.post_submit(post_id=post.pk, actor=people["author"], disclosed_role=True)

    post.refresh_from_db()
    assert post.sensitive_topics == ("Budget announcements" if reviewed else "")
    if reviewed:
        assert post.status == Post.Status.AWAITING_REVIEW
