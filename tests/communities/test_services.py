from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from communities import services
from communities.addresses import normalise_url, recognise_platform
from communities.models import Community, CommunityChange, PlatformPattern
from core.states import InvalidTransition
from notifications.models import Notification

from .factories import CommunityFactory, policy_area

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://www.Example.org/Forum/", "http://example.org/forum"),
        ("HTTP://EXAMPLE.ORG", "https://www.example.org/"),
        ("https://example.org/path?x=1", "http://www.example.org/path/?x=1"),
    ],
)
def test_the_same_site_normalises_the_same(a, b):
    assert normalise_url(a) == normalise_url(b)


def test_different_sites_stay_different():
    assert normalise_url("https://example.org/a") != normalise_url(
        "https://example.org/b"
    )
    assert normalise_url("https://example.org") != normalise_url(
        "https://example.org:8443"
    )


@pytest.mark.parametrize(
    ("url", "platform"),
    [
        ("https://www.reddit.com/r/ukpolitics/", "forum"),
        ("https://someone.wordpress.com/", "blog"),
        ("https://www.facebook.com/groups/123", "social_group"),
        ("https://groups.google.com/g/list", "mailing_list"),
        ("https://www.youtube.com/@channel", "video_channel"),
        ("https://unknown.example/", None),
    ],
)
def test_pasting_an_address_recognises_the_platform(url, platform):
    assert recognise_platform(url) == platform


def suggest(actor, url="https://www.Forum.example.org/talk/", **extra):
    data = {"name": "Talk", "url": url, "platform": "", "description": "d", **extra}
    return services.community_suggest(
        actor=actor, data=data, policy_areas=[policy_area()]
    )


def test_anyone_can_suggest_and_the_platform_is_recognised(civil_servant):
    community = suggest(civil_servant, url="https://www.reddit.com/r/transport")

    assert community.status == Community.Status.SUGGESTED
    assert community.platform == "forum"
    assert community.suggested_by == civil_servant
    assert "Transport" in community.search_text
    assert CommunityChange.objects.get(community=community).action == "suggested"


def test_a_duplicate_site_is_caught_with_the_existing_entry(civil_servant, mentor):
    existing = suggest(civil_servant, url="https://www.forum.example.org/talk/")

    with pytest.raises(services.DuplicateCommunity) as caught:
        suggest(mentor, url="http://FORUM.example.org/talk")

    assert caught.value.existing == existing
    assert Community.objects.count() == 1


def test_listing_tells_the_suggester(
    civil_servant, press_officer, django_capture_on_commit_callbacks
):
    community = suggest(civil_servant)

    services.community_list(community_id=community.pk, actor=press_officer)

    community.refresh_from_db()
    assert community.status == Community.Status.LISTED
    assert community.curated_by == press_officer
    assert (
        Notification.objects.get(recipient=civil_servant).kind
        == "communities.suggestion_listed"
    )


def test_declining_keeps_the_reason_and_tells_the_suggester(
    civil_servant, press_officer
):
    community = suggest(civil_servant)

    services.community_decline(
        community_id=community.pk, actor=press_officer, reason="Closed forum"
    )

    community.refresh_from_db()
    assert community.status == Community.Status.DECLINED
    assert community.decline_reason == "Closed forum"
    (note,) = Notification.objects.filter(recipient=civil_servant)
    assert note.kind == "communities.suggestion_declined"
    assert "Closed forum" in note.context["message"]


def test_a_suggestion_already_dealt_with_cannot_be_declined(
    civil_servant, press_officer
):
    community = suggest(civil_servant)
    services.community_list(community_id=community.pk, actor=press_officer)

    with pytest.raises(InvalidTransition, match="listed"):
        services.community_decline(
            community_id=community.pk, actor=press_officer, reason="x"
        )


@pytest.mark.parametrize(
    "persona", ["civil_servant", "trainer", "editor", "admin_user"]
)
def test_only_press_officers_curate(request, persona, civil_servant):
    community = suggest(civil_servant)
    actor = request.getfixturevalue(persona)

    for action in (
        services.community_list,
        services.community_archive,
        services.community_mark_reviewed,
    ):
        with pytest.raises(PermissionDenied):
            action(community_id=community.pk, actor=actor)
    with pytest.raises(PermissionDenied):
        services.community_update(
            community_id=community.pk, actor=actor, data={"name": "X"}
        )

    community.refresh_from_db()
    assert community.status == Community.Status.SUGGESTED
    assert community.name == "Talk"


def test_edits_are_kept_in_the_history_with_who_and_what(press_officer):
    community = CommunityFactory(name="Old name")

    services.community_update(
        community_id=community.pk,
        actor=press_officer,
        data={"name": "New name", "risk": "high"},
        policy_areas=[policy_area("Housing and planning")],
    )

    change = CommunityChange.objects.get(community=community, action="edited")
    assert change.actor == press_officer
    assert change.changes["name"] == ["Old name", "New name"]
    assert change.changes["risk"] == ["low", "high"]
    assert change.changes["policy_areas"] == ["", "Housing and planning"]


def test_an_edit_cannot_point_an_entry_at_another_entrys_site(press_officer):
    first = CommunityFactory()
    second = CommunityFactory()

    with pytest.raises(services.DuplicateCommunity):
        services.community_update(
            community_id=second.pk, actor=press_officer, data={"url": first.url}
        )


def test_untouched_entries_become_review_due_and_curators_are_told(
    press_officer, trainer
):
    old = timezone.now() - timedelta(days=200)
    stale = CommunityFactory(listed_at=old)
    engaged = CommunityFactory(listed_at=old, last_engagement_at=timezone.now())
    reviewed = CommunityFactory(listed_at=old, last_reviewed_at=timezone.now())

    assert services.communities_flag_review_due() == 1

    assert Community.objects.get(pk=stale.pk).review_due
    assert not Community.objects.get(pk=engaged.pk).review_due
    assert not Community.objects.get(pk=reviewed.pk).review_due
    told = Notification.objects.filter(kind="communities.review_due")
    assert [n.recipient for n in told] == [press_officer]
    assert services.communities_flag_review_due() == 0  # told once

    services.community_mark_reviewed(community_id=stale.pk, actor=press_officer)
    assert not Community.objects.get(pk=stale.pk).review_due


def test_logged_engagement_keeps_an_entry_fresh():
    community = CommunityFactory(review_due=True)

    services.community_record_engagement(community_id=community.pk)

    community.refresh_from_db()
    assert not community.review_due
    assert community.last_engagement_at is not None


def test_press_officers_weekly_summary_counts_what_the_directory_needs(
    press_officer, civil_servant, django_capture_on_commit_callbacks
):
    from django.core import mail

    from notifications.summaries import weekly_summaries_send

    suggest(civil_servant)
    CommunityFactory(review_due=True)

    with django_capture_on_commit_callbacks(execute=True):
        weekly_summaries_send()

    (email,) = [m for m in mail.outbox if m.to == [press_officer.email]]
    assert "1 suggested communities waiting for a decision" in email.body
    assert "1 listed communities due a review" in email.body


SERVICES = {
    Community.Action.LIST: lambda pk, actor: services.community_list(
        community_id=pk, actor=actor
    ),
    Community.Action.DECLINE: lambda pk, actor: services.community_decline(
        community_id=pk, actor=actor, reason="Closed forum"
    ),
    Community.Action.ARCHIVE: lambda pk, actor: services.community_archive(
        community_id=pk, actor=actor
    ),
}


@pytest.mark.parametrize("action", list(SERVICES))
@pytest.mark.parametrize("status", list(Community.Status))
def test_each_curation_service_moves_an_entry_exactly_as_the_table_says(
    press_officer, status, action
):
    community = CommunityFactory(status=status)
    expected = Community.TRANSITIONS.get((status, action))

    if expected is None:
        with pytest.raises(InvalidTransition, match="someone may have dealt with it"):
            SERVICES[action](community.pk, press_officer)
        community.refresh_from_db()
        assert community.status == status
        assert not CommunityChange.objects.filter(community=community).exists()
    else:
        SERVICES[action](community.pk, press_officer)
        community.refresh_from_db()
        assert community.status == expected
        assert community.curated_by == press_officer


def test_an_archived_entry_can_be_listed_again(press_officer):
    community = CommunityFactory(status=Community.Status.LISTED)
    services.community_archive(community_id=community.pk, actor=press_officer)

    services.community_list(community_id=community.pk, actor=press_officer)

    community.refresh_from_db()
    assert community.status == Community.Status.LISTED
    actions = CommunityChange.objects.filter(community=community)
    assert sorted(actions.values_list("action", flat=True)) == ["archived", "listed"]


def test_curators_add_a_pattern_and_the_history_keeps_who(press_officer):
    added = services.platform_pattern_add(
        actor=press_officer, pattern="  Talk.Example.org ", platform="forum"
    )

    assert (added.pattern, added.platform) == ("talk.example.org", "forum")
    change = CommunityChange.objects.get(action="pattern added")
    assert change.community is None
    assert change.actor == press_officer
    assert change.changes == {
        "pattern": ["", "talk.example.org"],
        "platform": ["", "forum"],
    }
    assert recognise_platform("https://talk.example.org/t/1") == "forum"


def test_a_pattern_already_in_the_list_is_refused(press_officer):
    services.platform_pattern_add(
        actor=press_officer, pattern="talk.example.org", platform="forum"
    )

    with pytest.raises(services.DuplicatePattern):
        services.platform_pattern_add(
            actor=press_officer, pattern="TALK.example.org", platform="blog"
        )

    assert PlatformPattern.objects.get(pattern="talk.example.org").platform == "forum"
    assert CommunityChange.objects.filter(action="pattern added").count() == 1


def test_curators_remove_a_pattern_and_the_history_keeps_what_it_was(press_officer):
    pattern = PlatformPattern.objects.create(
        pattern="talk.example.org", platform="blog"
    )

    services.platform_pattern_remove(actor=press_officer, pattern_id=pattern.pk)

    assert not PlatformPattern.objects.filter(pk=pattern.pk).exists()
    change = CommunityChange.objects.get(action="pattern removed")
    assert change.actor == press_officer
    assert change.changes == {
        "pattern": ["talk.example.org", ""],
        "platform": ["blog", ""],
    }
    with pytest.raises(PlatformPattern.DoesNotExist):
        services.platform_pattern_remove(actor=press_officer, pattern_id=pattern.pk)


@pytest.mark.parametrize(
    "persona", ["civil_servant", "trainer", "editor", "admin_user"]
)
def test_only_press_officers_change_the_patterns(request, persona):
    actor = request.getfixturevalue(persona)
    pattern = PlatformPattern.objects.create(
        pattern="talk.example.org", platform="blog"
    )

    with pytest.raises(PermissionDenied):
        services.platform_pattern_add(actor=actor, pattern="x.example", platform="blog")
    with pytest.raises(PermissionDenied):
        services.platform_pattern_remove(actor=actor, pattern_id=pattern.pk)

    assert not PlatformPattern.objects.filter(pattern="x.example").exists()
    assert PlatformPattern.objects.filter(pk=pattern.pk).exists()
    assert not CommunityChange.objects.exists()
