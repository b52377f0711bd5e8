"""Each organisation's review policy: who reviews when its press office has
nobody else (the fallback), and whether claims are advisory or required."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.roles import Role
from accounts.selectors import organisations_without_second_reviewer
from moderation import services
from moderation.models import (
    CLAIM_LAPSES_AFTER,
    ClaimRequired,
    Claims,
    Fallback,
    Post,
    PostEvent,
    ReviewPolicy,
)
from moderation.permissions import post_actions_for, posts_reviewable_by
from notifications.models import Notification
from tests.accounts.factories import OrganisationFactory, UserFactory, give_role
from tests.training.factories import at_level

from .helpers import make_post

pytestmark = pytest.mark.django_db


def send(post) -> Post:
    return services.post_submit(post_id=post.pk, actor=post.author, disclosed_role=True)


@pytest.fixture
def sole_officers_post(press_officer):
    """A draft by the organisation's only press officer."""
    return make_post(press_officer)


@pytest.fixture
def central_office(organisation, other_organisation):
    """The organisation's policy names another organisation's press office."""
    return ReviewPolicy.objects.create(
        organisation=organisation,
        fallback=Fallback.ORGANISATION,
        fallback_organisation=other_organisation,
    )


# The fallback ---------------------------------------------------------------


def test_the_only_press_officers_post_goes_to_the_administrators_by_default(
    sole_officers_post, admin_user, press_officer
):
    post = send(sole_officers_post)

    assert (post.fallback, post.fallback_organisation) == (
        Fallback.ADMINISTRATORS,
        None,
    )
    assert posts_reviewable_by(admin_user).filter(pk=post.pk).exists()
    assert not posts_reviewable_by(press_officer).filter(pk=post.pk).exists()
    assert Notification.objects.filter(
        recipient=admin_user, kind="moderation.sent_to_fallback"
    ).exists()


def test_an_administrator_approves_a_post_sent_to_them(
    client, sole_officers_post, admin_user
):
    post = send(sole_officers_post)
    client.force_login(admin_user)

    assert post.topic in client.get("/review/").content.decode()
    client.post(f"/review/{post.pk}/decide/", {"decision": "approve"})

    post.refresh_from_db()
    assert post.status == Post.Status.APPROVED
    assert post.events.filter(action="approve", actor=admin_user).exists()


def test_the_fallback_can_be_another_organisations_press_office(
    central_office, sole_officers_post, other_org_press_officer, admin_user
):
    post = send(sole_officers_post)

    assert post.fallback == Fallback.ORGANISATION
    assert post.fallback_organisation == central_office.fallback_organisation
    assert posts_reviewable_by(other_org_press_officer).filter(pk=post.pk).exists()
    assert not posts_reviewable_by(admin_user).filter(pk=post.pk).exists()
    services.post_approve(post_id=post.pk, actor=other_org_press_officer)
    assert Post.objects.get(pk=post.pk).status == Post.Status.APPROVED


def test_the_other_press_office_sees_only_the_posts_sent_to_it(
    central_office, press_officer, civil_servant, other_org_press_officer
):
    give_role(
        UserFactory(organisation=press_officer.organisation),
        Role.PRESS_OFFICER,
        scope_over=[press_officer.organisation],
    )  # a second reviewer: no fallback for Alex's post
    ordinary = send(make_post(civil_servant))

    assert ordinary.fallback == ""
    assert not posts_reviewable_by(other_org_press_officer).filter(pk=ordinary.pk)
    with pytest.raises(PermissionDenied):
        services.post_approve(post_id=ordinary.pk, actor=other_org_press_officer)


def test_a_fallback_office_with_nobody_able_passes_it_to_the_administrators(
    central_office, sole_officers_post, other_org_press_officer
):
    Authenticator.objects.filter(user=other_org_press_officer).delete()

    post = send(sole_officers_post)

    assert (post.fallback, post.fallback_organisation) == (
        Fallback.ADMINISTRATORS,
        None,
    )


def test_an_office_with_no_press_officer_at_all_sends_to_the_fallback():
    council = OrganisationFactory(name="Smallville Council", short_name="SC")

    post = send(make_post(UserFactory(organisation=council)))

    assert post.fallback == Fallback.ADMINISTRATORS


def test_a_press_officer_without_two_factor_is_not_a_second_reviewer(
    sole_officers_post, organisation
):
    give_role(
        UserFactory(organisation=organisation),
        Role.PRESS_OFFICER,
        scope_over=[organisation],
        mfa=False,
    )

    assert send(sole_officers_post).fallback == Fallback.ADMINISTRATORS


def test_with_a_second_reviewer_the_post_stays_with_its_own_press_office(
    sole_officers_post, organisation, admin_user
):
    second = give_role(
        UserFactory(organisation=organisation),
        Role.PRESS_OFFICER,
        scope_over=[organisation],
    )

    post = send(sole_officers_post)

    assert post.fallback == ""
    assert posts_reviewable_by(second).filter(pk=post.pk).exists()
    assert not posts_reviewable_by(admin_user).filter(pk=post.pk).exists()


def test_the_draft_page_says_where_it_will_go_and_the_sent_post_where_it_went(
    client, central_office, sole_officers_post, press_officer, other_org_press_officer
):
    client.force_login(press_officer)

    draft_page = client.get(f"/log/{sole_officers_post.pk}/").content.decode()
    send(sole_officers_post)
    sent_page = client.get(f"/log/{sole_officers_post.pk}/").content.decode()

    assert (
        "Your organisation's press office has nobody else who can review it, so it "
        "will go to the press office of Testshire County Council." in draft_page
    )
    assert "The press office of Testshire County Council: the press office" in sent_page


def test_a_self_posted_item_of_the_only_officer_is_read_after_by_the_fallback(
    press_officer, admin_user
):
    at_level(press_officer, 3)  # posts in a low-risk community without review
    post = services.post_log_posted(
        post_id=make_post(press_officer).pk,
        actor=press_officer,
        disclosed_role=True,
        posted_url="https://forum.example.org/t/1#2",
    )

    assert post.sampled_for_review
    assert (
        posts_reviewable_by(admin_user)
        .needing_review_after_posting()
        .filter(pk=post.pk)
    )


def test_escalation_tells_the_fallback_reviewers(sole_officers_post, admin_user):
    post = send(sole_officers_post)
    Post.objects.filter(pk=post.pk).update(
        submitted_at=timezone.now() - timedelta(days=7)
    )

    assert services.posts_escalate() == 1
    assert Notification.objects.filter(
        recipient=admin_user, kind="moderation.escalated"
    ).exists()


def test_administrators_see_organisations_with_no_second_reviewer(
    client, admin_user, press_officer, organisation, other_organisation
):
    give_role(
        UserFactory(organisation=other_organisation),
        Role.PRESS_OFFICER,
        scope_over=[other_organisation],
    )
    give_role(
        UserFactory(organisation=other_organisation),
        Role.PRESS_OFFICER,
        scope_over=[other_organisation],
    )
    client.force_login(admin_user)

    thin = {o.name: o.able_reviewers for o in organisations_without_second_reviewer()}
    page = client.get("/").content.decode()

    assert thin == {organisation.name: 1}
    assert "Organisations with no second reviewer" in page
    assert f"{organisation.name}: 1 press officer able to review" in page
    assert other_organisation.name not in page.split("no second reviewer")[1]


def test_other_roles_do_not_see_the_review_cover_panels(client, press_officer):
    client.force_login(press_officer)

    assert "no second reviewer" not in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"fallback": "organisation"}, "fallback_organisation", "Choose whose"),
        (
            {"fallback": "organisation", "self": True},
            "fallback_organisation",
            "another",
        ),
        (
            {"fallback": "administrators", "other": True},
            "fallback_organisation",
            "empty",
        ),
        ({"fallback": "everyone"}, "fallback", "valid choice"),
        (
            {"fallback": "administrators", "claims": "<b>x</b>"},
            "claims",
            "valid choice",
        ),
    ],
)
def test_the_policy_admin_refuses_a_fallback_that_cannot_work(
    client, admin_user, organisation, other_organisation, data, field, message
):
    client.force_login(admin_user)
    form = {
        "organisation": organisation.pk,
        "target_working_hours": 4,
        "approval_window_days": 3,
        "post_review_sample_percent": 100,
        "claims": "advisory",
        "fallback": data["fallback"],
        **({"claims": data["claims"]} if "claims" in data else {}),
    }
    if data.get("self"):
        form["fallback_organisation"] = organisation.pk
    if data.get("other"):
        form["fallback_organisation"] = other_organisation.pk

    response = client.post("/admin/moderation/reviewpolicy/add/", form)

    assert response.status_code == 200  # the admin's form again, with the error
    assert message in str(response.context["adminform"].form.errors[field])
    assert not ReviewPolicy.objects.exists()


# Claims ---------------------------------------------------------------------


@pytest.fixture
def required(organisation):
    return ReviewPolicy.objects.create(
        organisation=organisation, claims=Claims.REQUIRED
    )


@pytest.fixture
def second_officer(organisation):
    user = UserFactory(organisation=organisation, full_name="Dana Ivers")
    return give_role(user, Role.PRESS_OFFICER, scope_over=[organisation])


@pytest.fixture
def waiting(civil_servant):
    return make_post(civil_servant, status=Post.Status.AWAITING_REVIEW)


def claim(post, officer, minutes_ago=0):
    services.post_claim(post_id=post.pk, actor=officer)
    Post.objects.filter(pk=post.pk).update(
        claimed_at=timezone.now() - timedelta(minutes=minutes_ago)
    )


# (who claimed, minutes ago, released, who decides, allowed)
CLAIM_TABLE = [
    (None, 0, False, "press_officer", False),  # nobody claimed: claim first
    ("press_officer", 0, False, "press_officer", True),  # the claimant
    ("press_officer", 0, False, "second_officer", False),  # another officer
    ("press_officer", 31, False, "second_officer", False),  # lapsed, not claimed
    ("press_officer", 0, True, "press_officer", False),  # released: claim again
]


@pytest.mark.parametrize(
    ("holder", "ago", "released", "decider", "allowed"), CLAIM_TABLE
)
def test_under_required_claims_only_the_claimant_decides(
    request, required, waiting, second_officer, holder, ago, released, decider, allowed
):
    if holder:
        claim(waiting, request.getfixturevalue(holder), minutes_ago=ago)
    if released:
        services.post_release(post_id=waiting.pk, actor=request.getfixturevalue(holder))
    officer = request.getfixturevalue(decider)

    if allowed:
        services.post_approve(post_id=waiting.pk, actor=officer)
        assert Post.objects.get(pk=waiting.pk).status == Post.Status.APPROVED
    else:
        with pytest.raises(ClaimRequired):
            services.post_approve(post_id=waiting.pk, actor=officer)
        assert Post.objects.get(pk=waiting.pk).status == Post.Status.AWAITING_REVIEW


def test_after_a_claim_lapses_another_officer_claims_and_decides(
    required, waiting, press_officer, second_officer
):
    claim(waiting, press_officer, minutes_ago=CLAIM_LAPSES_AFTER.seconds // 60 + 1)

    claim(waiting, second_officer)
    services.post_request_changes(
        post_id=waiting.pk, actor=second_officer, comment="Cite the timetable"
    )

    assert Post.objects.get(pk=waiting.pk).status == Post.Status.CHANGES_REQUESTED


def test_advisory_claims_let_any_covering_officer_decide(
    waiting, press_officer, second_officer
):
    claim(waiting, press_officer)

    services.post_approve(post_id=waiting.pk, actor=second_officer)

    assert Post.objects.get(pk=waiting.pk).status == Post.Status.APPROVED


def test_a_claim_held_by_another_cannot_be_taken_over(
    waiting, press_officer, second_officer
):
    claim(waiting, press_officer)

    with pytest.raises(ClaimRequired, match="Priya Shah is already looking at this"):
        services.post_claim(post_id=waiting.pk, actor=second_officer)


def test_under_required_claims_a_held_claim_says_until_when(
    required, waiting, press_officer, second_officer
):
    claim(waiting, press_officer)

    with pytest.raises(ClaimRequired, match="only they can decide it until"):
        services.post_claim(post_id=waiting.pk, actor=second_officer)


def test_only_the_claimant_releases_and_the_release_is_recorded(
    waiting, press_officer, second_officer
):
    claim(waiting, press_officer)

    with pytest.raises(Exception, match="You do not hold a claim"):
        services.post_release(post_id=waiting.pk, actor=second_officer)
    services.post_release(post_id=waiting.pk, actor=press_officer)

    post = Post.objects.get(pk=waiting.pk)
    assert (post.claimed_by, post.claimed_at) == (None, None)
    assert PostEvent.objects.filter(post=post, action="release").count() == 1


def test_the_officer_stopped_by_a_claim_is_told_who_and_keeps_their_comment(
    client, required, waiting, press_officer, second_officer
):
    claim(waiting, press_officer)
    client.force_login(second_officer)

    response = client.post(
        f"/review/{waiting.pk}/decide/",
        {"decision": "request_changes", "comment": "Say when it starts"},
    )
    page = response.content.decode()

    assert response.status_code == 409
    assert "Priya Shah claimed this at" in page
    assert "until they release it or the claim lapses at" in page
    assert "Say when it starts" in page
    assert Post.objects.get(pk=waiting.pk).status == Post.Status.AWAITING_REVIEW
    assert not PostEvent.objects.filter(post=waiting, action="request_changes")


@pytest.mark.parametrize(
    ("holder", "viewer", "review", "claim_button", "release"),
    [
        (None, "press_officer", False, True, False),
        ("press_officer", "press_officer", True, False, True),
        ("press_officer", "second_officer", False, False, False),
    ],
)
def test_the_page_offers_claim_release_and_decide_as_the_rule_allows(
    request,
    required,
    waiting,
    second_officer,
    holder,
    viewer,
    review,
    claim_button,
    release,
):
    if holder:
        claim(waiting, request.getfixturevalue(holder))
    post = Post.objects.get(pk=waiting.pk)

    actions = post_actions_for(request.getfixturevalue(viewer), post)

    assert (actions.review, actions.claim, actions.release) == (
        review,
        claim_button,
        release,
    )


def test_the_claim_button_is_not_shown_to_the_officer_who_holds_it(
    client, waiting, press_officer
):
    claim(waiting, press_officer)
    client.force_login(press_officer)

    page = client.get(f"/log/{waiting.pk}/").content.decode()

    assert "Claim: I am looking at this" not in page
    assert "Release my claim" in page
    assert "Record decision" in page  # advisory: they may decide


def test_bulk_approve_under_required_claims_approves_only_the_officers_claims(
    client, required, civil_servant, press_officer
):
    claimed, unclaimed = (
        make_post(civil_servant, status=Post.Status.AWAITING_REVIEW, topic=t)
        for t in ("Claimed one", "Unclaimed one")
    )
    claim(claimed, press_officer)
    client.force_login(press_officer)

    client.post(
        "/review/bulk-approve/", {"posts": [claimed.pk, unclaimed.pk], "confirm": 1}
    )

    assert Post.objects.get(pk=claimed.pk).status == Post.Status.APPROVED
    assert Post.objects.get(pk=unclaimed.pk).status == Post.Status.AWAITING_REVIEW


def test_an_office_never_sent_a_fallback_post_looks_only_at_its_own(
    press_officer, central_office, sole_officers_post, other_org_press_officer
):
    send(sole_officers_post)  # to the other organisation's office

    own_only = str(posts_reviewable_by(press_officer).query).split(" WHERE ", 1)[1]
    with_fallback = str(posts_reviewable_by(other_org_press_officer).query)
    with_fallback = with_fallback.split(" WHERE ", 1)[1]

    assert "fallback_organisation_id" not in own_only
    assert "fallback_organisation_id" in with_fallback
