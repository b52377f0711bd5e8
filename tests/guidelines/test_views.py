import csv
import io

import pytest

from guidelines.models import Acknowledgement, Page, PageVersion
from guidelines.services import principles_acknowledge
from tests.accounts.factories import UserFactory

from .helpers import PRINCIPLES_SLUG, guidance_page, publish_principles
from .races import conflicting_row_in_flight

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(editor):
    return guidance_page(editor, body="<p>Read the house rules first.</p>")


def new_page_data(**overrides):
    data = {
        "section": "guidance",
        "title": "Replying to a factual error",
        "slug": "replying-to-a-factual-error",
        "body": "<p>Check the facts.</p>",
        "change_summary": "First edition",
        "save": "1",
    }
    data.update(overrides)
    return data


EDITOR_PAGES = [
    ("get", "/principles/new/"),
    ("post", "/principles/new/"),
    ("get", "/principles/joining-a-forum/edit/"),
    ("post", "/principles/joining-a-forum/edit/"),
    ("get", "/principles/joining-a-forum/versions/1/publish/"),
    ("post", "/principles/joining-a-forum/versions/1/publish/"),
]


@pytest.mark.parametrize(("method", "path"), EDITOR_PAGES)
@pytest.mark.parametrize(
    "persona",
    [
        "civil_servant",
        "other_org_civil_servant",
        "press_officer",
        "trainer",
        "admin_user",
    ],
)
def test_nobody_but_editors_reaches_the_editing_pages(
    request, client, page, method, path, persona
):
    client.force_login(request.getfixturevalue(persona))
    versions_before = PageVersion.objects.count()

    response = getattr(client, method)(path, new_page_data())

    assert response.status_code == 403
    assert PageVersion.objects.count() == versions_before


@pytest.mark.parametrize(("method", "path"), EDITOR_PAGES)
def test_editing_pages_send_anonymous_people_to_sign_in(client, page, method, path):
    response = getattr(client, method)(path)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_editor_creates_a_draft_that_is_not_live(client, editor, civil_servant):
    client.force_login(editor)

    response = client.post("/principles/new/", new_page_data())

    assert response.status_code == 302
    page = Page.objects.get(slug="replying-to-a-factual-error")
    assert page.live_version is None
    client.force_login(civil_servant)
    assert client.get("/principles/replying-to-a-factual-error/").status_code == 404


def test_preview_shows_the_cleaned_text_and_saves_nothing(client, editor):
    client.force_login(editor)

    response = client.post(
        "/principles/new/",
        new_page_data(
            body="<p>Shown</p><script>alert(1)</script>", save="", preview="1"
        ),
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "<p>Shown</p>" in content
    assert "<script>alert(1)</script>" not in content
    assert not Page.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"title": "x" * 201}, "at most 200 characters"),
        ({"body": ""}, "This field is required."),
        (
            {"body": "<script>alert(1)</script>"},
            "Nothing was left after removing unsafe HTML",
        ),
        ({"change_summary": ""}, "This field is required."),
        ({"slug": "Not a slug!"}, "Enter a valid"),
        ({"slug": "joining-a-forum"}, "A page already uses this web address."),
        ({"section": "secret"}, "Select a valid choice."),
    ],
)
def test_bad_page_input_is_a_400_with_a_message_and_saves_nothing(
    client, editor, page, overrides, message
):
    client.force_login(editor)
    before = PageVersion.objects.count()

    response = client.post("/principles/new/", new_page_data(**overrides))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert PageVersion.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_an_address_taken_while_the_editor_saves_is_a_400_not_a_500(client, editor):
    client.force_login(editor)

    with conflicting_row_in_flight(
        lambda: Page.objects.create(
            section="guidance", slug="replying-to-a-factual-error"
        )
    ):
        response = client.post("/principles/new/", new_page_data())

    content = response.content.decode()
    assert response.status_code == 400
    assert "A page already uses this web address." in content
    assert "govuk-error-summary" in content
    assert Page.objects.count() == 1  # only the other editor's
    assert not PageVersion.objects.exists()


def test_editor_saves_a_new_version_and_publishes_it(client, editor, page):
    client.force_login(editor)

    client.post(
        "/principles/joining-a-forum/edit/",
        {
            "title": "Joining a forum",
            "body": "<p>Lurk first.</p>",
            "change_summary": "Clearer",
        },
    )
    response = client.post("/principles/joining-a-forum/versions/2/publish/")

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live_version.number == 2
    assert "Lurk first." in client.get("/principles/joining-a-forum/").content.decode()


def test_publishing_a_published_version_says_so_and_changes_nothing(
    client, editor, page
):
    client.force_login(editor)

    response = client.post(
        "/principles/joining-a-forum/versions/1/publish/", follow=True
    )

    assert "already been published" in response.content.decode()


def test_history_hides_drafts_from_everyone_but_editors(
    client, editor, civil_servant, page
):
    client.force_login(editor)
    client.post(
        "/principles/joining-a-forum/edit/",
        {
            "title": "Draft title",
            "body": "<p>Draft.</p>",
            "change_summary": "Secret draft",
        },
    )
    assert (
        "Secret draft"
        in client.get("/principles/joining-a-forum/history/").content.decode()
    )

    client.force_login(civil_servant)
    assert (
        "Secret draft"
        not in client.get("/principles/joining-a-forum/history/").content.decode()
    )


def test_compare_shows_what_was_removed_and_added(client, editor, page, civil_servant):
    client.force_login(editor)
    client.post(
        "/principles/joining-a-forum/edit/",
        {
            "title": "Joining a forum",
            "body": "<p>Lurk first.</p>",
            "change_summary": "c",
        },
    )
    client.post("/principles/joining-a-forum/versions/2/publish/")
    client.force_login(civil_servant)

    content = client.get(
        "/principles/joining-a-forum/compare/?old=1&new=2"
    ).content.decode()

    assert "<del>Read the house rules first.</del>" in content
    assert "<ins>Lurk first.</ins>" in content


@pytest.mark.parametrize(
    "query", ["old=1&new=1", "old=abc&new=1", "old=1", "old=1&new=99", ""]
)
def test_bad_comparisons_are_a_400(client, civil_servant, page, query):
    client.force_login(civil_servant)

    response = client.get(f"/principles/joining-a-forum/compare/?{query}")

    assert response.status_code == 400


def test_a_draft_cannot_be_compared_by_a_civil_servant(
    client, editor, civil_servant, page
):
    client.force_login(editor)
    client.post(
        "/principles/joining-a-forum/edit/",
        {"title": "T", "body": "<p>Draft.</p>", "change_summary": "c"},
    )
    client.force_login(civil_servant)

    assert (
        client.get("/principles/joining-a-forum/compare/?old=1&new=2").status_code
        == 400
    )


def test_acknowledging_from_the_principles_page(client, editor, civil_servant):
    page = publish_principles(editor)
    client.force_login(civil_servant)
    assert (
        "I have read and will follow"
        in client.get(f"/principles/{PRINCIPLES_SLUG}/").content.decode()
    )

    response = client.post("/principles/acknowledge/")

    assert response.status_code == 302
    assert Acknowledgement.objects.get(user=civil_servant).version == page.live_version
    assert (
        "You have acknowledged"
        in client.get(f"/principles/{PRINCIPLES_SLUG}/").content.decode()
    )


def test_acknowledge_refuses_get(client, editor, civil_servant):
    publish_principles(editor)
    client.force_login(civil_servant)

    assert client.get("/principles/acknowledge/").status_code == 405
    assert not Acknowledgement.objects.exists()


def test_acknowledging_before_any_principles_exist_says_so(client, civil_servant):
    client.force_login(civil_servant)

    response = client.post("/principles/acknowledge/", follow=True)

    assert "no published principles" in response.content.decode()


def test_search_finds_published_pages_only(client, editor, civil_servant, page):
    guidance_page(
        editor, slug="secret-draft", body="<p>house rules draft</p>", publish=False
    )
    client.force_login(civil_servant)

    content = client.get("/principles/search/?q=house+rules").content.decode()

    assert "Joining a forum" in content
    assert "Secret draft" not in content
    assert "1 result" in content


@pytest.mark.parametrize("query", ["q=", "q=" + "x" * 201])
def test_bad_search_is_a_400_with_a_message(client, civil_servant, query):
    client.force_login(civil_servant)

    response = client.get(f"/principles/search/?{query}")

    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()


def test_feed_lists_published_changes_only(client, editor, page):
    guidance_page(editor, slug="unpublished", publish=False)

    response = client.get("/principles/feed/")

    content = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Joining a forum (version 1)" in content
    assert "unpublished" not in content.lower()


@pytest.fixture
def unacknowledged(editor, organisation, other_organisation, civil_servant):
    """Principles published; one person of each organisation yet to acknowledge."""
    publish_principles(editor)
    other = UserFactory(organisation=other_organisation, full_name="Zed Outsider")
    return civil_servant, other


@pytest.mark.parametrize(
    ("persona", "sees_own", "sees_other"),
    [
        ("press_officer", True, False),
        ("trainer", True, False),
        ("other_org_press_officer", False, True),
        ("admin_user", True, True),
    ],
)
def test_report_is_scoped_to_the_organisations_covered(
    request, client, unacknowledged, persona, sees_own, sees_other
):
    own, other = unacknowledged
    client.force_login(request.getfixturevalue(persona))

    content = client.get("/principles/report/").content.decode()

    assert (own.email in content) is sees_own
    assert (other.email in content) is sees_other


@pytest.mark.parametrize("persona", ["civil_servant", "editor", "mentor"])
def test_report_refuses_people_without_a_reporting_role(request, client, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get("/principles/report/").status_code == 403
    assert client.get("/principles/report.csv").status_code == 403


def test_report_csv_has_the_same_people_as_the_page(
    client, press_officer, unacknowledged
):
    own, _ = unacknowledged
    principles_acknowledge(user=press_officer)
    client.force_login(press_officer)

    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/principles/report.csv").content.decode())
        )
    )

    page = client.get("/principles/report/").content.decode()
    assert sorted(r["email"] for r in rows) == sorted(
        u.email for u in own.organisation.staff.exclude(pk=press_officer.pk)
    )
    assert all(r["email"] in page for r in rows)


def test_report_query_count_does_not_grow_with_people(
    client, press_officer, unacknowledged, organisation, queries
):
    client.force_login(press_officer)
    client.get("/principles/report/")  # fills the cached baseline
    with queries() as few:
        client.get("/principles/report/")
    for _ in range(15):
        UserFactory(organisation=organisation)
    with queries() as many:
        client.get("/principles/report/")

    assert len(many) == len(few)
