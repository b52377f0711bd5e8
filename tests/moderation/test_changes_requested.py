"""A post sent back for changes: its own state, the officer's comment on top,
a conversation the author answers in, and what changed when it comes back."""

import importlib

import pytest
from django.apps import apps

from moderation import services
from moderation.models import Action, Post, PostEvent, PostSubmission
from notifications.models import Notification

from .helpers import make_post

pytestmark = pytest.mark.django_db

ASKED = "Say which date the timetable starts."


@pytest.fixture
def sent_back(civil_servant, press_officer):
    post = make_post(civil_servant)
    services.post_submit(post_id=post.pk, actor=civil_servant, disclosed_role=True)
    services.post_request_changes(post_id=post.pk, actor=press_officer, comment=ASKED)
    return Post.objects.get(pk=post.pk)


def revise_and_resend(post, text="<p>The new timetable starts on 4 May.</p>"):
    services.post_update(
        post_id=post.pk,
        actor=post.author,
        data={"text": text, "purpose": "offer_advice"},
    )
    return services.post_submit(post_id=post.pk, actor=post.author, disclosed_role=True)


def test_changes_requested_is_its_own_state_with_the_comment_on_top(
    client, sent_back, civil_servant
):
    client.force_login(civil_servant)

    page = client.get(f"/log/{sent_back.pk}/").content.decode()

    assert sent_back.status == Post.Status.CHANGES_REQUESTED
    assert page.index("Changes requested") < page.index("The post</h2>")
    assert "Priya Shah asked for changes on" in page
    assert page.index(ASKED) < page.index("The post</h2>")
    assert "Edit the post" in page
    assert "Reply to the press office" in page


def test_the_author_revises_and_sends_it_again(sent_back):
    post = revise_and_resend(sent_back)

    assert post.status == Post.Status.AWAITING_REVIEW
    assert PostSubmission.objects.filter(post=post).count() == 2


def test_the_reviewer_of_a_resubmission_sees_what_changed(
    client, sent_back, press_officer
):
    revise_and_resend(sent_back)
    client.force_login(press_officer)

    page = client.get(f"/log/{sent_back.pk}/").content.decode()

    assert "What changed since it was last sent" in page
    assert "<del>The new timetable starts in May.</del>" in page
    assert "<ins>The new timetable starts on 4 May.</ins>" in page
    assert "<del>Answer a question</del>" in page and "<ins>Offer advice</ins>" in page
    changed_fields = page.split("What changed since it was last sent")[1]
    assert "Thread" not in changed_fields.split("</dl>")[0]  # unchanged


def test_a_first_submission_shows_no_changes(client, civil_servant, press_officer):
    post = make_post(civil_servant)
    services.post_submit(post_id=post.pk, actor=civil_servant, disclosed_role=True)
    client.force_login(press_officer)

    assert "What changed since" not in client.get(f"/log/{post.pk}/").content.decode()


def test_the_author_answers_in_the_conversation_and_the_officer_is_told(
    client, sent_back, civil_servant, press_officer
):
    client.force_login(civil_servant)

    response = client.post(
        f"/log/{sent_back.pk}/reply/", {"reply": "The date is not announced yet."}
    )
    client.force_login(press_officer)
    page = client.get(f"/log/{sent_back.pk}/").content.decode()

    assert response.status_code == 302
    conversation = page.split("Conversation with the press office")[1]
    assert conversation.index(ASKED) < conversation.index("The date is not announced")
    assert "Alex Smith (author)" in conversation
    assert "Priya Shah (press office)" in conversation
    assert Notification.objects.filter(
        recipient=press_officer, kind="moderation.replied"
    ).exists()


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("x" * 2001, "at most 2000 characters"),
        ("\x00\x07\x1b", "This field is required."),  # control characters only
    ],
)
def test_a_bad_reply_is_a_400_with_the_message_and_nothing_stored(
    client, sent_back, civil_servant, reply, message
):
    client.force_login(civil_servant)
    events = PostEvent.objects.filter(post=sent_back).count()

    response = client.post(f"/log/{sent_back.pk}/reply/", {"reply": reply})

    assert response.status_code == 400
    assert message in str(response.context["reply_form"].errors["reply"])
    assert PostEvent.objects.filter(post=sent_back).count() == events


def test_a_reply_with_html_is_shown_as_text(client, sent_back, civil_servant):
    client.force_login(civil_servant)

    client.post(f"/log/{sent_back.pk}/reply/", {"reply": "<script>alert(1)</script>"})
    page = client.get(f"/log/{sent_back.pk}/").content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("persona", ["press_officer", "mentor", "trainer"])
def test_only_the_author_replies(request, client, sent_back, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(f"/log/{sent_back.pk}/reply/", {"reply": "Not mine"})

    assert response.status_code in (403, 404)
    assert not PostEvent.objects.filter(post=sent_back, action=Action.REPLY).exists()


def test_a_reply_after_sending_it_again_is_refused_and_kept(
    client, sent_back, civil_servant
):
    revise_and_resend(sent_back)
    client.force_login(civil_servant)

    response = client.post(f"/log/{sent_back.pk}/reply/", {"reply": "One more thing"})

    assert response.status_code == 409
    assert "One more thing" in response.content.decode()
    assert not PostEvent.objects.filter(post=sent_back, action=Action.REPLY).exists()


def test_the_authors_home_counts_posts_sent_back(client, sent_back, civil_servant):
    client.force_login(civil_servant)

    assert "1 sent back with changes requested" in client.get("/").content.decode()


def test_drafts_sent_back_before_the_state_existed_are_moved_into_it(
    civil_servant, press_officer
):
    sent_back = make_post(civil_servant, status=Post.Status.DRAFT, topic="Sent back")
    lapsed = make_post(civil_servant, status=Post.Status.DRAFT, topic="Lapsed")
    for post, action in ((sent_back, Action.REQUEST_CHANGES), (lapsed, Action.EXPIRE)):
        Post.objects.filter(pk=post.pk).update(sent_at=post.submitted_at)
        PostEvent.objects.create(
            post=post,
            actor=press_officer,
            action=action,
            old_status="awaiting_review",
            new_status="draft",
        )
    migration = importlib.import_module(
        "moderation.migrations.0010_changes_requested_and_submissions"
    )

    migration.sent_back_drafts_to_changes_requested(apps, None)

    assert Post.objects.get(pk=sent_back.pk).status == Post.Status.CHANGES_REQUESTED
    assert Post.objects.get(pk=lapsed.pk).status == Post.Status.DRAFT
