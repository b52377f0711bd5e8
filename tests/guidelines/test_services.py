from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.roles import Role
from core.states import InvalidTransition
from guidelines import selectors
from guidelines.models import Acknowledgement, Page, PageVersion
from guidelines.services import (
    acknowledgement_reminders_send,
    page_create,
    page_version_publish,
    page_version_save,
    principles_acknowledge,
)
from notifications.models import Notification
from tests.accounts.factories import UserFactory, give_role

from .helpers import guidance_page, publish_change, publish_principles

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("hostile", "forbidden"),
    [
        ("<p>Hi</p><script>alert(1)</script>", "<script"),
        ('<p onmouseover="steal()">Hi</p>', "onmouseover"),
        ('<p><a href="javascript:alert(1)">link</a></p>', "javascript:"),
        ('<p style="background:url(x)">Hi</p>', "style="),
        ("<style>body{display:none}</style><p>Hi</p>", "display:none"),
        ('<p>Hi</p><iframe src="https://evil.example"></iframe>', "iframe"),
    ],
)
def test_editor_html_is_cleaned_before_it_is_stored(editor, hostile, forbidden):
    page = page_create(
        section="guidance",
        slug="x",
        title="X",
        body=hostile,
        change_summary="s",
        actor=editor,
    )

    body = page.versions.get().body
    assert forbidden not in body
    assert "Hi" in body or "link" in body


@pytest.mark.parametrize(
    "persona", ["civil_servant", "press_officer", "trainer", "admin_user", "mentor"]
)
def test_only_editors_write_or_publish(request, persona, editor):
    page = guidance_page(editor, publish=False)
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        page_create(
            section="guidance",
            slug="y",
            title="Y",
            body="<p>y</p>",
            change_summary="s",
            actor=actor,
        )
    with pytest.raises(PermissionDenied):
        page_version_save(
            page_id=page.pk, title="T", body="<p>b</p>", change_summary="s", actor=actor
        )
    with pytest.raises(PermissionDenied):
        page_version_publish(version_id=page.versions.get().pk, actor=actor)

    assert Page.objects.count() == 1
    assert PageVersion.objects.count() == 1
    assert PageVersion.objects.get().published_at is None


def test_an_editor_without_two_factor_cannot_publish(organisation, editor):
    page = guidance_page(editor, publish=False)
    no_mfa = give_role(
        UserFactory(organisation=organisation), Role.PRINCIPLES_EDITOR, mfa=False
    )

    with pytest.raises(PermissionDenied):
        page_version_publish(version_id=page.versions.get().pk, actor=no_mfa)


def test_a_web_address_already_in_use_is_refused_with_a_message(editor):
    guidance_page(editor, slug="joining-a-forum")

    with pytest.raises(ValidationError) as refused:
        page_create(
            section="guidance",
            slug="joining-a-forum",
            title="Another",
            body="<p>Other</p>",
            change_summary="First edition",
            actor=editor,
        )

    assert refused.value.message_dict == {
        "slug": ["A page already uses this web address."]
    }
    assert Page.objects.count() == 1
    assert PageVersion.objects.count() == 1


def test_saving_makes_a_draft_and_publishing_keeps_every_earlier_version(editor):
    page = guidance_page(editor, body="<p>First.</p>")
    draft = page_version_save(
        page_id=page.pk,
        title="T",
        body="<p>Second.</p>",
        change_summary="s",
        actor=editor,
    )
    page.refresh_from_db()
    assert page.live_version.body == "<p>First.</p>"

    page_version_publish(version_id=draft.pk, actor=editor)

    page.refresh_from_db()
    assert page.live_version == draft
    assert [v.number for v in page.versions.order_by("number")] == [1, 2]
    assert all(v.is_published for v in page.versions.all())


def test_a_version_cannot_be_published_twice_or_after_a_newer_one(editor):
    page = guidance_page(editor)
    older = page_version_save(
        page_id=page.pk, title="T", body="<p>2</p>", change_summary="s", actor=editor
    )
    newer = page_version_save(
        page_id=page.pk, title="T", body="<p>3</p>", change_summary="s", actor=editor
    )
    page_version_publish(version_id=newer.pk, actor=editor)

    with pytest.raises(InvalidTransition, match="already been published"):
        page_version_publish(version_id=newer.pk, actor=editor)
    with pytest.raises(InvalidTransition, match="older than the live version"):
        page_version_publish(version_id=older.pk, actor=editor)


def test_first_principles_ask_everyone_to_acknowledge(
    editor, civil_servant, other_org_civil_servant
):
    publish_principles(editor)

    told = Notification.objects.filter(kind="guidelines.principles_changed")
    assert {n.recipient for n in told} >= {civil_servant, other_org_civil_servant}
    assert not selectors.has_acknowledged_current_principles(civil_servant)


def test_acknowledgement_records_the_exact_version_and_is_idempotent(
    editor, civil_servant
):
    page = publish_principles(editor)

    first = principles_acknowledge(user=civil_servant)
    again = principles_acknowledge(user=civil_servant)

    assert first == again
    assert first.version == page.live_version
    assert selectors.has_acknowledged_current_principles(civil_servant)


def test_a_minor_edit_needs_no_new_acknowledgement_and_tells_nobody(
    editor, civil_servant
):
    page = publish_principles(editor)
    principles_acknowledge(user=civil_servant)
    Notification.objects.all().delete()

    publish_change(editor, page, material=False)

    assert selectors.has_acknowledged_current_principles(civil_servant)
    assert not Notification.objects.exists()


def test_a_material_change_asks_everyone_again(editor, civil_servant):
    page = publish_principles(editor)
    principles_acknowledge(user=civil_servant)
    Notification.objects.all().delete()

    publish_change(editor, page, material=True)

    assert not selectors.has_acknowledged_current_principles(civil_servant)
    assert Notification.objects.filter(
        recipient=civil_servant, kind="guidelines.principles_changed"
    ).exists()
    principles_acknowledge(user=civil_servant)
    assert selectors.has_acknowledged_current_principles(civil_servant)
    assert Acknowledgement.objects.filter(user=civil_servant).count() == 2


def test_has_acknowledged_is_one_query_once_the_baseline_is_cached(
    editor, civil_servant, django_assert_num_queries
):
    publish_principles(editor)
    selectors.has_acknowledged_current_principles(civil_servant)

    with django_assert_num_queries(1):
        selectors.has_acknowledged_current_principles(civil_servant)


def test_no_principles_yet_means_nothing_to_acknowledge(civil_servant):
    assert selectors.has_acknowledged_current_principles(civil_servant)
    assert list(selectors.users_yet_to_acknowledge()) == []


def test_weekly_reminder_reaches_only_those_yet_to_acknowledge(
    editor, civil_servant, mentor
):
    publish_principles(editor)
    principles_acknowledge(user=civil_servant)
    Notification.objects.all().delete()

    acknowledgement_reminders_send()

    reminded = set(
        Notification.objects.filter(
            kind="guidelines.acknowledgement_reminder"
        ).values_list("recipient", flat=True)
    )
    assert mentor.pk in reminded
    assert civil_servant.pk not in reminded


def test_new_joiners_get_their_own_deadline(editor, organisation, settings):
    settings.ACKNOWLEDGEMENT_DAYS = 14
    publish_principles(editor)
    joined = timezone.now() + timedelta(days=30)
    newcomer = UserFactory(organisation=organisation)
    newcomer.date_joined = joined
    newcomer.save()

    (row,) = [
        r
        for r in selectors.outstanding_acknowledgements(
            selectors.users_yet_to_acknowledge(), now=joined + timedelta(days=1)
        )
        if r.person == newcomer
    ]

    assert row.since == joined
    assert row.deadline == joined + timedelta(days=14)
    assert not row.overdue
