import csv
import io
import re

import pytest

from core.templatetags.govuk import govuk_datetime
from moderation.models import Post, PostEvent
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory
from training.models import GrantedLevel

from .helpers import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(civil_servant):
    return make_post(civil_servant)


@pytest.fixture
def waiting(civil_servant):
    return make_post(
        civil_servant, status=Post.Status.AWAITING_REVIEW, topic="Waiting one"
    )


AUTHOR_URLS = [
    ("get", "/log/{pk}/"),
    ("get", "/log/{pk}/edit/"),
    ("post", "/log/{pk}/edit/"),
    ("post", "/log/{pk}/submit/"),
    ("post", "/log/{pk}/log-posted/"),
    ("post", "/log/{pk}/withdraw/"),
    ("post", "/log/{pk}/record-posted/"),
    ("post", "/log/{pk}/reply/"),
]
REVIEW_URLS = [
    ("post", "/review/{pk}/claim/"),
    ("post", "/review/{pk}/release/"),
    ("post", "/review/{pk}/decide/"),
    ("post", "/review/{pk}/flag/"),
    ("post", "/review/{pk}/reviewed/"),
]


@pytest.mark.parametrize(("method", "path"), AUTHOR_URLS + REVIEW_URLS)
@pytest.mark.parametrize(
    "persona", ["other_org_civil_servant", "other_org_press_officer", "editor"]
)
def test_outsiders_guessing_ids_find_nothing_and_change_nothing(
    request, client, waiting, method, path, persona
):
    client.force_login(request.getfixturevalue(persona))

    response = getattr(client, method)(
        path.format(pk=waiting.pk), {"decision": "approve", "disclosed_role": "yes"}
    )

    # Review pages refuse people without the press officer role (403); another
    # organisation's press officer does not find the post at all (404).
    without_the_role = persona != "other_org_press_officer"
    reviewing = (method, path) in REVIEW_URLS
    assert response.status_code == (403 if reviewing and without_the_role else 404)
    waiting.refresh_from_db()
    assert waiting.status == Post.Status.AWAITING_REVIEW
    assert not PostEvent.objects.filter(post=waiting).exists()


@pytest.mark.parametrize(("method", "path"), AUTHOR_URLS)
def test_a_colleague_cannot_see_another_civil_servants_draft(
    client, draft, mentor, method, path
):
    client.force_login(mentor)  # same organisation, not their mentor

    assert getattr(client, method)(path.format(pk=draft.pk)).status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    AUTHOR_URLS + REVIEW_URLS + [("get", "/log/"), ("get", "/review/")],
)
def test_anonymous_people_are_sent_to_sign_in(client, draft, method, path):
    response = getattr(client, method)(path.format(pk=draft.pk))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("persona", ["civil_servant", "trainer", "editor"])
def test_the_queue_is_for_press_officers_and_administrators_only(
    request, client, persona
):
    client.force_login(request.getfixturevalue(persona))

    assert client.get("/review/").status_code == 403


def test_the_queue_shows_only_covered_organisations_highest_priority_first(
    client, press_officer, civil_servant, other_org_civil_servant
):
    low = make_post(
        civil_servant,
        status=Post.Status.AWAITING_REVIEW,
        topic="Engaging chat",
        priority=11,
    )
    high = make_post(
        civil_servant,
        status=Post.Status.AWAITING_REVIEW,
        topic="Fix the error",
        priority=43,
    )
    make_post(
        other_org_civil_servant,
        status=Post.Status.AWAITING_REVIEW,
        topic="Council matter",
    )
    client.force_login(press_officer)

    content = client.get("/review/").content.decode()

    assert content.index(high.topic) < content.index(low.topic)
    assert "Council matter" not in content


def test_queue_query_count_does_not_grow_with_items(
    client, press_officer, civil_servant, organisation, queries
):
    client.force_login(press_officer)
    make_post(civil_servant, status=Post.Status.AWAITING_REVIEW)
    client.get("/review/")
    with queries() as few:
        client.get("/review/")
    for _ in range(12):
        make_post(
            UserFactory(organisation=organisation), status=Post.Status.AWAITING_REVIEW
        )
    with queries() as many:
        client.get("/review/")

    assert len(many) == len(few)


def test_an_officer_approves_and_the_page_says_what_happened(
    client, press_officer, waiting
):
    client.force_login(press_officer)

    response = client.post(
        f"/review/{waiting.pk}/decide/", {"decision": "approve"}, follow=True
    )

    assert (
        "Approved. Alex Smith has been told and can now post it."
        in response.content.decode()
    )
    waiting.refresh_from_db()
    assert waiting.status == Post.Status.APPROVED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose a decision."),
        ({"decision": "obliterate"}, "Choose a decision."),
        ({"decision": "reject", "comment": "No"}, "Choose a reason for rejecting it."),
        ({"decision": "request_changes"}, "Add a comment for the author."),
        (
            {"decision": "request_changes", "comment": "x" * 2001},
            "at most 2000 characters",
        ),
        (
            {"decision": "reject", "comment": "<b>Not</b> now\x07", "reason_code": "?"},
            "Select a valid choice",
        ),
    ],
)
def test_bad_decisions_change_nothing_and_say_why(
    client, press_officer, waiting, data, message
):
    client.force_login(press_officer)

    response = client.post(f"/review/{waiting.pk}/decide/", data)

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "There is a problem" in page  # the error summary, linking the field
    waiting.refresh_from_db()
    assert waiting.status == Post.Status.AWAITING_REVIEW


def test_a_refused_decision_keeps_what_the_officer_typed(
    client, press_officer, waiting
):
    client.force_login(press_officer)

    response = client.post(
        f"/review/{waiting.pk}/decide/",
        {"decision": "reject", "comment": "Too <b>early</b> to say"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_reason_code"' in page  # the summary links to the field
    assert "Too &lt;b&gt;early&lt;/b&gt; to say</textarea>" in page
    assert re.search(r'<input[^>]*value="reject"[^>]*checked', page)


def test_the_officer_who_lost_a_race_is_told_who_and_when_and_keeps_their_text(
    client, press_officer, waiting
):
    from django.utils import timezone

    client.force_login(press_officer)
    client.post(f"/review/{waiting.pk}/decide/", {"decision": "approve"})
    approved_at = timezone.localtime(waiting.events.latest("created_at").created_at)

    response = client.post(
        f"/review/{waiting.pk}/decide/",
        {"decision": "reject", "comment": "Too soon", "reason_code": "political"},
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert (
        f"Approved: {press_officer.full_name} at {approved_at:%H:%M} on "
        f"{approved_at:%-d %B}, before yours was saved. Nothing you sent was "
        "recorded; what you typed is below."
    ) in page
    assert "What you typed (not recorded)" in page
    assert "Too soon" in page
    waiting.refresh_from_db()
    assert waiting.status == Post.Status.APPROVED


def test_bulk_approve_lists_the_chosen_items_with_their_risks_first(
    client, press_officer, civil_servant
):
    risky = make_post(
        civil_servant,
        status=Post.Status.AWAITING_REVIEW,
        topic="Fares in the angry forum",
        community=CommunityFactory(risk="high"),
    )
    plain = make_post(
        civil_servant,
        status=Post.Status.AWAITING_REVIEW,
        topic="Bin days",
        sensitive_topics="Council tax",
    )
    client.force_login(press_officer)

    response = client.post("/review/bulk-approve/", {"posts": [risky.pk, plain.pk]})
    page = response.content.decode()

    assert response.status_code == 200
    assert "Approve 2 items?" in page
    assert "Fares in the angry forum" in page and "High risk" in page
    assert "Sensitive: Council tax" in page
    assert f'name="posts" value="{risky.pk}"' in page
    assert not PostEvent.objects.filter(action="approve").exists()


def test_bulk_approve_never_offers_the_officers_own_post(
    client, press_officer, civil_servant
):
    own = make_post(press_officer, status=Post.Status.AWAITING_REVIEW)
    theirs = make_post(civil_servant, status=Post.Status.AWAITING_REVIEW)
    client.force_login(press_officer)

    response = client.post(
        "/review/bulk-approve/", {"posts": [own.pk, theirs.pk], "confirm": 1}
    )

    assert response.status_code == 302
    assert not PostEvent.objects.filter(action="approve").exists()
    own.refresh_from_db()
    assert own.status == Post.Status.AWAITING_REVIEW


def test_bulk_approve_checks_and_records_each_item(
    client, press_officer, civil_servant, other_org_civil_servant
):
    mine = [
        make_post(civil_servant, status=Post.Status.AWAITING_REVIEW) for _ in range(2)
    ]
    theirs = make_post(other_org_civil_servant, status=Post.Status.AWAITING_REVIEW)
    client.force_login(press_officer)

    client.post(
        "/review/bulk-approve/",
        {"posts": [p.pk for p in mine] + [theirs.pk], "confirm": 1},
    )

    assert (
        PostEvent.objects.filter(action="approve").count() == 0
    )  # another org's id: refused whole
    client.post("/review/bulk-approve/", {"posts": [p.pk for p in mine], "confirm": 1})
    assert PostEvent.objects.filter(action="approve").count() == 2
    theirs.refresh_from_db()
    assert theirs.status == Post.Status.AWAITING_REVIEW


def new_post_data(**overrides):
    data = {
        "community_url": "https://forum.example.org/",
        "thread_url": "https://forum.example.org/t/9",
        "purpose": "correct_error",
        "topic": "Bus fares",
        "text": "<p>The fare is £2.</p>",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"thread_url": ""}, "This field is required."),
        ({"thread_url": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"purpose": "gossip"}, "Select a valid choice."),
        ({"topic": "x" * 201}, "at most 200 characters"),
        ({"text": ""}, "This field is required."),
        (
            {"community_url": "", "community": ""},
            "Choose the community, or paste its address.",
        ),
        ({"community": "999999"}, "Select a valid choice."),
    ],
)
def test_bad_posts_are_a_400_and_save_nothing(
    client, civil_servant, overrides, message
):
    client.force_login(civil_servant)

    response = client.post("/log/new/", new_post_data(**overrides))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Post.objects.exists()


def test_a_draft_says_which_route_it_will_take(client, civil_servant):
    client.force_login(civil_servant)

    response = client.post("/log/new/", new_post_data(), follow=True)

    assert (
        "Needs press office approval because you are at level 1"
        in response.content.decode()
    )


def test_submitting_needs_the_disclosure_answer(client, civil_servant, draft):
    client.force_login(civil_servant)

    response = client.post(f"/log/{draft.pk}/submit/", {}, follow=True)

    assert "Say whether you disclosed your role." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Post.Status.DRAFT
    client.post(f"/log/{draft.pk}/submit/", {"disclosed_role": "yes"})
    draft.refresh_from_db()
    assert (draft.status, draft.disclosed_role) == (Post.Status.AWAITING_REVIEW, True)


def test_a_level_0_author_is_told_why_they_cannot_post(
    client, editor, civil_servant, draft
):
    from tests.guidelines.helpers import publish_principles

    publish_principles(editor)
    client.force_login(civil_servant)

    page = client.get(f"/log/{draft.pk}/").content.decode()
    refused = client.post(
        f"/log/{draft.pk}/submit/", {"disclosed_role": "yes"}, follow=True
    )

    assert "You cannot post yet" in page
    assert "You cannot post yet" in refused.content.decode()


@pytest.fixture
def mentored(trainer, mentor, civil_servant):
    """`mentor` mentors the author, `civil_servant`."""
    from datetime import timedelta

    from django.utils import timezone

    from training.services import mentoring_create

    return mentoring_create(
        mentor=mentor,
        mentee=civil_servant,
        goals="g",
        end_date=timezone.localdate() + timedelta(days=9),
        actor=trainer,
    )


def test_a_mentor_reads_a_mentees_post_but_cannot_act(
    client, mentor, mentored, waiting
):
    client.force_login(mentor)

    assert client.get(f"/log/{waiting.pk}/").status_code == 200
    assert client.post(f"/log/{waiting.pk}/withdraw/").status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == Post.Status.AWAITING_REVIEW


@pytest.mark.parametrize("reader", ["press_officer", "mentor"])
def test_a_draft_never_sent_is_its_authors_alone(
    request, client, mentored, civil_servant, draft, reader
):
    from moderation import services

    officer = request.getfixturevalue("press_officer")
    client.force_login(request.getfixturevalue(reader))

    never_sent = client.get(f"/log/{draft.pk}/")
    missing = client.get("/log/999999/")
    services.post_submit(post_id=draft.pk, actor=civil_servant, disclosed_role=True)
    services.post_request_changes(post_id=draft.pk, actor=officer, comment="Shorter")
    sent_back = client.get(f"/log/{draft.pk}/")

    assert never_sent.status_code == missing.status_code == 404
    # Sent once, it stays visible, even back in draft with changes requested.
    assert sent_back.status_code == 200


def test_my_log_filters_and_exports_only_my_posts(client, civil_servant, mentor):
    make_post(civil_servant, topic="Mine posted", status=Post.Status.POSTED)
    make_post(civil_servant, topic="Mine draft")
    make_post(mentor, topic="Someone else")
    client.force_login(civil_servant)

    filtered = client.get("/log/?status=posted").content.decode()
    rows = list(
        csv.DictReader(io.StringIO(client.get("/log/my-log.csv").content.decode()))
    )

    assert "Mine posted" in filtered and "Mine draft" not in filtered
    assert sorted(r["topic"] for r in rows) == ["Mine draft", "Mine posted"]
    assert client.get("/log/?status=bogus").status_code == 400


def test_my_log_csv_keeps_the_pages_filters_and_links_from_the_page(
    client, civil_servant
):
    make_post(civil_servant, topic="Mine posted", status=Post.Status.POSTED)
    make_post(civil_servant, topic="Mine draft")
    client.force_login(civil_servant)

    page = client.get("/log/?status=posted").content.decode()
    response = client.get("/log/my-log.csv?status=posted")

    assert 'href="/log/my-log.csv?status=posted"' in page
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["topic"] for r in rows] == ["Mine posted"]


def test_my_log_offers_only_the_communities_i_have_posted_in(
    client, civil_servant, mentor
):
    mine = make_post(civil_servant, topic="Mine").community
    theirs = make_post(mentor, topic="Theirs").community
    CommunityFactory(name="Nobody posted here")
    client.force_login(civil_servant)

    page = client.get("/log/").content.decode()

    assert mine.name in page
    assert theirs.name not in page and "Nobody posted here" not in page
    assert client.get(f"/log/?community={theirs.pk}").status_code == 400
    filtered = client.get(f"/log/?community={mine.pk}").content.decode()
    assert "Mine" in filtered


def test_self_posting_where_allowed_then_a_flag_and_learning_review(
    client, civil_servant, press_officer, draft
):
    GrantedLevel.objects.create(person=civil_servant, level=2)
    client.force_login(civil_servant)
    client.post(
        f"/log/{draft.pk}/log-posted/",
        {"disclosed_role": "yes", "posted_url": "https://forum.example.org/t/1#9"},
    )
    draft.refresh_from_db()
    assert draft.status == Post.Status.POSTED

    client.force_login(press_officer)
    assert draft.topic in client.get("/review/after/").content.decode()
    client.post(f"/review/{draft.pk}/flag/", {"category": "tone", "note": "Too sharp"})
    flag = draft.flags.get()
    client.force_login(civil_servant)
    client.post(
        f"/log/flags/{flag.pk}/respond/", {"response": "Agreed, I will soften it"}
    )
    client.force_login(press_officer)
    response = client.post(
        f"/review/flags/{flag.pk}/resolve/", {"outcome": "Discussed tone"}, follow=True
    )

    assert "The learning review is closed" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Post.Status.RESOLVED


def test_mentor_lists_only_their_mentees_posts(
    client, trainer, mentor, civil_servant, other_org_civil_servant
):
    from datetime import timedelta

    from django.utils import timezone

    from training.services import mentoring_create

    mentoring_create(
        mentor=mentor,
        mentee=civil_servant,
        goals="g",
        end_date=timezone.localdate() + timedelta(days=9),
        actor=trainer,
    )
    make_post(civil_servant, topic="Mentee posted", status=Post.Status.POSTED)
    make_post(civil_servant, topic="Mentee private draft")
    make_post(other_org_civil_servant, topic="Stranger", status=Post.Status.POSTED)
    client.force_login(mentor)

    content = client.get("/log/mentees/").content.decode()

    assert "Mentee posted" in content
    assert "Mentee private draft" not in content
    assert "Stranger" not in content


def test_home_panels_show_drafts_decisions_and_the_queue(
    client, civil_servant, press_officer, waiting
):
    make_post(civil_servant, topic="A draft")
    client.force_login(press_officer)
    assert "1 waiting" in client.get("/").content.decode()
    client.post(f"/review/{waiting.pk}/decide/", {"decision": "approve"})
    client.force_login(civil_servant)

    home = client.get("/").content.decode()

    assert "1 draft" in home
    assert "Waiting one: approved" in home


def test_post_history_is_read_only_in_the_admin_too(client, admin_user, waiting):
    client.force_login(admin_user)

    assert client.get(f"/admin/moderation/post/{waiting.pk}/change/").status_code == 200
    assert (
        client.post(
            f"/admin/moderation/post/{waiting.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert (
        client.get("/admin/moderation/postevent/").status_code == 404
    )  # not registered on its own
    waiting.refresh_from_db()


def test_a_community_page_shows_which_organisations_posted_there(
    client, civil_servant, other_org_civil_servant
):
    from django.utils import timezone

    from moderation.rollups import rollup_rebuild
    from tests.communities.factories import CommunityFactory

    community = CommunityFactory()
    make_post(civil_servant, status=Post.Status.POSTED, community=community)
    make_post(civil_servant, status=Post.Status.POSTED, community=community)
    make_post(other_org_civil_servant, status=Post.Status.POSTED, community=community)
    make_post(other_org_civil_servant, community=community)  # a draft does not count
    Post.objects.exclude(status=Post.Status.DRAFT).update(sent_at=timezone.now())
    rollup_rebuild()  # make_post writes around the services, which keep the rollup
    client.force_login(civil_servant)

    content = client.get(f"/communities/{community.pk}/").content.decode()

    assert "Department for Testing" in content and "2 posts" in content
    assert "Testshire County Council" in content and "1 post<" in content


def test_the_queue_filters_by_purpose_and_risk_and_refuses_nonsense(
    client, press_officer, civil_servant
):
    from tests.communities.factories import CommunityFactory

    make_post(
        civil_servant,
        status=Post.Status.AWAITING_REVIEW,
        topic="Risky",
        community=CommunityFactory(risk="high"),
        purpose="engage",
    )
    make_post(
        civil_servant,
        status=Post.Status.AWAITING_REVIEW,
        topic="Calm",
        purpose="consult",
    )
    client.force_login(press_officer)

    assert "Calm" not in client.get("/review/?risk=high").content.decode()
    assert "Risky" not in client.get("/review/?purpose=consult").content.decode()
    assert client.get("/review/?risk=extreme").status_code == 400
    assert client.get("/review/?organisation=999999").status_code == 400


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        (
            "/review/{pk}/flag/",
            {"category": "gossip", "note": "x"},
            "Select a valid choice.",
        ),
        (
            "/review/{pk}/flag/",
            {"category": "tone", "note": ""},
            "This field is required.",
        ),
    ],
)
def test_bad_flags_change_nothing_and_say_why(
    client, press_officer, civil_servant, path, data, message
):
    post = make_post(civil_servant, status=Post.Status.POSTED)
    client.force_login(press_officer)

    response = client.post(path.format(pk=post.pk), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    # What was typed is kept: the note, or the category chosen.
    if data["note"]:
        assert f"{data['note']}</textarea>" in page
    else:
        assert re.search(r'<input[^>]*value="tone"[^>]*checked', page)
    post.refresh_from_db()
    assert post.status == Post.Status.POSTED
    assert not post.flags.exists()


def test_bad_answers_and_outcomes_change_nothing(client, press_officer, civil_servant):
    post = make_post(civil_servant, status=Post.Status.FLAGGED)
    flag = post.flags.get()
    client.force_login(civil_servant)
    answer = client.post(f"/log/flags/{flag.pk}/respond/", {"response": ""})
    assert answer.status_code == 400
    assert 'href="#id_response"' in answer.content.decode()
    client.force_login(press_officer)
    outcome = client.post(f"/review/flags/{flag.pk}/resolve/", {"outcome": " \t"})
    assert outcome.status_code == 400
    assert 'href="#id_outcome"' in outcome.content.decode()
    assert (
        client.post("/review/flags/999999/resolve/", {"outcome": "x"}).status_code
        == 404
    )

    flag.refresh_from_db()
    post.refresh_from_db()
    assert (flag.author_response, flag.outcome, post.status) == (
        "",
        "",
        Post.Status.FLAGGED,
    )


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/review/{pk}/decide/", {"decision": "approve"}),
        ("/review/{pk}/claim/", {}),
    ],
)
def test_a_press_officer_is_told_truly_why_they_cannot_review_their_own_post(
    client, press_officer, path, data
):
    own = make_post(press_officer, status=Post.Status.AWAITING_REVIEW)
    client.force_login(press_officer)

    response = client.post(path.format(pk=own.pk), data)

    page = response.content.decode()
    assert response.status_code == 403
    assert "You cannot review your own post" in page
    assert "does not have the role" not in page
    own.refresh_from_db()
    assert (own.status, own.claimed_by) == (Post.Status.AWAITING_REVIEW, None)


def test_an_approved_post_says_by_when_to_post_it(client, civil_servant, organisation):
    from datetime import timedelta

    from django.utils import timezone

    from moderation.models import ReviewPolicy

    ReviewPolicy.objects.update_or_create(
        organisation=organisation, defaults={"approval_window_days": 5}
    )
    approved_at = timezone.now() - timedelta(days=1)
    approved = make_post(
        civil_servant, status=Post.Status.APPROVED, approved_at=approved_at
    )
    waiting = make_post(civil_servant, status=Post.Status.AWAITING_REVIEW)
    client.force_login(civil_servant)

    page = client.get(f"/log/{approved.pk}/").content.decode()
    other = client.get(f"/log/{waiting.pk}/").content.decode()

    lapses = timezone.localtime(approved_at + timedelta(days=5))
    assert f"{govuk_datetime(lapses)}: after that the approval" in page
    assert "Post it by" in page
    assert "Post it by" not in other


def test_the_history_names_a_rejection_reason_in_words(
    client, press_officer, civil_servant, waiting
):
    from moderation import services

    services.post_reject(
        post_id=waiting.pk,
        actor=press_officer,
        comment="Not now",
        reason_code="political",
    )
    client.force_login(civil_servant)

    page = client.get(f"/log/{waiting.pk}/").content.decode()

    assert "(reason: not politically impartial)" in page
    assert "(political)" not in page
