"""The conversations pages: who sees what, paging, bad input, joining."""

import pytest

from accounts.roles import Role
from communities.models import Community
from conversations.models import OrganisationThread, ThreadDecision
from moderation.models import Post
from tests.accounts.factories import UserFactory, give_role
from tests.communities.factories import CommunityFactory

from .factories import follows, item, sensitive, store

pytestmark = pytest.mark.django_db


@pytest.fixture
def threads(organisation, other_organisation):
    """Two communities' threads: the organisation follows Transport and
    watches "Bus fares"; the other organisation watches "Bus fares" too."""
    follows(organisation, "Transport")
    sensitive(organisation, "Bus fares")
    sensitive(other_organisation, "Bus fares")
    low = CommunityFactory(name="Low forum", risk="low")
    high = CommunityFactory(name="High forum", risk="high")
    store(low, item(1, title="Transport: bus fares up", days_ago=1))
    store(high, item(2, title="Bus fares in the city", days_ago=3))
    store(low, item(3, title="Transport timetables", days_ago=2))
    return OrganisationThread.objects.filter(organisation=organisation)


def match_of(title, organisation):
    return OrganisationThread.objects.get(
        thread__title=title, organisation=organisation
    )


# Civil servants: conversations they could join ----------------------------


def test_anonymous_people_are_sent_to_sign_in(client):
    for url in (
        "/conversations/",
        "/conversations/monitoring/",
        "/conversations/monitoring/1/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_staff_see_their_organisations_threads_newest_first(
    client_for, civil_servant, threads
):
    response = client_for(civil_servant).get("/conversations/")

    titles = [m.thread.title for m in response.context["page"].object_list]
    assert titles == ["Transport: bus fares up", "Transport timetables"]
    assert b"Join this conversation" in response.content


def test_another_organisations_staff_see_none_of_them(
    client_for, other_org_civil_servant, threads
):
    response = client_for(other_org_civil_servant).get("/conversations/")

    assert list(response.context["page"].object_list) == []
    assert b"No new conversations touch" in response.content


@pytest.mark.parametrize(
    "who, url, title",
    [
        ("civil_servant", "/conversations/", "Transport news"),
        ("press_officer", "/conversations/monitoring/", "Bus fares"),
    ],
)
def test_each_list_is_paged_and_its_queries_do_not_grow_with_its_rows(
    client_for, personas, organisation, queries, who, url, title
):
    follows(organisation, "Transport")
    sensitive(organisation, "Bus fares")
    forum = CommunityFactory()
    store(forum, item(0, title=title))
    client = client_for(getattr(personas, who))
    client.get(url)
    with queries() as few:
        client.get(url)
    store(forum, *(item(n, title=f"{title} {n}") for n in range(1, 45)))
    with queries() as many:
        response = client.get(f"{url}?page=3")

    assert len(many) == len(few)
    assert len(response.context["page"].object_list) == 5  # 20, 20 and 5
    assert response.context["page"].paginator.num_pages == 3


def test_join_fills_the_draft_with_the_community_thread_and_topic(
    client_for, civil_servant, threads
):
    match = match_of("Transport timetables", civil_servant.organisation)

    response = client_for(civil_servant).get(f"/log/new/?thread={match.pk}")

    form = response.context["form"]
    assert form["community"].value() == match.thread.community.pk
    assert form["thread_url"].value() == match.thread.url
    assert form["topic"].value() == "Transport timetables"


@pytest.mark.parametrize("thread", ["other", "abc", "", "99999999", "1e3", "-1"])
def test_join_with_any_other_thread_starts_an_empty_draft(
    client_for, other_org_civil_servant, threads, thread
):
    if thread == "other":  # one the person's organisation is not shown
        thread = str(threads.first().pk)

    response = client_for(other_org_civil_servant).get(f"/log/new/?thread={thread}")

    assert response.status_code == 200
    assert response.context["form"]["thread_url"].value() in (None, "")


def test_join_from_a_community_no_longer_listed_gives_its_address(
    client_for, civil_servant, threads
):
    match = match_of("Transport timetables", civil_servant.organisation)
    Community.objects.filter(pk=match.thread.community_id).update(status="archived")

    form = client_for(civil_servant).get(f"/log/new/?thread={match.pk}").context["form"]

    assert form["community"].value() is None
    assert form["community_url"].value() == match.thread.community.url


def test_a_draft_for_the_thread_marks_it_as_having_a_post(
    client_for, civil_servant, threads
):
    match = match_of("Transport: bus fares up", civil_servant.organisation)

    response = client_for(civil_servant).post(
        "/log/new/",
        {
            "community": match.thread.community_id,
            "thread_url": match.thread.url,
            "purpose": "answer_question",
            "topic": "Bus fares",
            "text": "The new fares start in April.",
        },
    )

    assert response.status_code == 302
    assert Post.objects.get().thread_url == match.thread.url
    match.refresh_from_db()
    assert match.has_post
    assert not OrganisationThread.objects.filter(has_post=True).exclude(pk=match.pk)


# Press offices: monitoring ---------------------------------------------------


@pytest.mark.parametrize(
    "who", ["civil_servant", "trainer", "editor", "admin_user", "mentor"]
)
def test_monitoring_is_for_press_officers_only(client_for, personas, threads, who):
    match = threads.filter(sensitive=True).first()
    client = client_for(getattr(personas, who))

    assert client.get("/conversations/monitoring/").status_code == 403
    assert client.get(f"/conversations/monitoring/{match.pk}/").status_code == 403
    response = client.post(
        f"/conversations/monitoring/{match.pk}/",
        {"status": "no_action", "decisions_seen": 0},
    )
    assert response.status_code == 403
    assert ThreadDecision.objects.count() == 0


def test_a_press_officer_sees_sensitive_threads_high_risk_first(
    client_for, press_officer, threads
):
    response = client_for(press_officer).get("/conversations/monitoring/")

    rows = [
        (m.thread.title, m.organisation_id)
        for m in response.context["page"].object_list
    ]
    assert rows == [
        ("Bus fares in the city", press_officer.organisation_id),
        ("Transport: bus fares up", press_officer.organisation_id),
    ]


def test_another_organisations_press_officer_cannot_open_the_thread(
    client_for, other_org_press_officer, threads
):
    match = threads.filter(sensitive=True).first()
    client = client_for(other_org_press_officer)

    assert client.get(f"/conversations/monitoring/{match.pk}/").status_code == 404
    response = client.post(
        f"/conversations/monitoring/{match.pk}/",
        {"status": "no_action", "decisions_seen": 0},
    )
    assert response.status_code == 404
    assert ThreadDecision.objects.count() == 0


@pytest.mark.parametrize(
    "query",
    ["status=bogus", "organisation=abc", "organisation=other", "status=<script>"],
)
def test_bad_filters_are_refused_with_the_reason(
    client_for, press_officer, other_organisation, threads, query
):
    query = query.replace("other", str(other_organisation.pk))

    response = client_for(press_officer).get(f"/conversations/monitoring/?{query}")

    assert response.status_code == 400
    assert response.context["form"].errors
    assert b"govuk-error-summary" in response.content
    assert b"<script>" not in response.content


def test_the_filters_choose_status_and_organisation(client_for, press_officer, threads):
    match_of(
        "Bus fares in the city", press_officer.organisation_id
    ).__class__.objects.filter(thread__title="Bus fares in the city").update(
        status="no_action"
    )
    client = client_for(press_officer)

    new = client.get("/conversations/monitoring/").context["page"].object_list
    done = (
        client.get("/conversations/monitoring/?status=no_action")
        .context["page"]
        .object_list
    )

    assert [m.thread.title for m in new] == ["Transport: bus fares up"]
    assert [m.thread.title for m in done] == ["Bus fares in the city"]
    paged = client.get("/conversations/monitoring/?page=1").context["page"]
    assert [m.thread.title for m in paged.object_list] == ["Transport: bus fares up"]
    every = client.get("/conversations/monitoring/?status=").context["page"]
    assert len(every.object_list) == 2


def test_an_office_covering_two_organisations_sees_both_and_filters_to_one(
    client_for, organisation, other_organisation, threads
):
    both = give_role(
        UserFactory(organisation=organisation, full_name="Kit Both"),
        Role.PRESS_OFFICER,
        scope_over=[organisation, other_organisation],
    )
    client = client_for(both)

    def listed(query):
        page = client.get(f"/conversations/monitoring/?{query}").context["page"]
        return [(m.thread.title, m.organisation_id) for m in page.object_list]

    every = listed("status=")
    other = listed(f"status=&organisation={other_organisation.pk}")

    assert sorted(every) == sorted(
        [
            ("Bus fares in the city", organisation.pk),
            ("Bus fares in the city", other_organisation.pk),
            ("Transport: bus fares up", organisation.pk),
            ("Transport: bus fares up", other_organisation.pk),
        ]
    )
    assert [title for title, _ in every[:2]] == ["Bus fares in the city"] * 2
    assert other == [
        ("Bus fares in the city", other_organisation.pk),
        ("Transport: bus fares up", other_organisation.pk),
    ]


def test_a_press_officer_marks_a_thread_as_needing_a_response(
    client_for, press_officer, threads
):
    match = match_of("Bus fares in the city", press_officer.organisation_id)
    colleague = give_role(
        UserFactory(organisation=press_officer.organisation, full_name="Dee Colleague"),
        Role.PRESS_OFFICER,
        scope_over=[press_officer.organisation],
    )
    client = client_for(press_officer)

    page = client.get(f"/conversations/monitoring/{match.pk}/")
    response = client.post(
        f"/conversations/monitoring/{match.pk}/",
        {
            "status": "needs_response",
            "assigned_to": colleague.pk,
            "note": "Correct the fares",
            "decisions_seen": 0,
        },
        follow=True,
    )

    assert b"Dee Colleague" in page.content
    assert response.redirect_chain[-1][0] == "/conversations/monitoring/"
    match.refresh_from_db()
    assert (match.status, match.assigned_to, match.note) == (
        "needs_response",
        colleague,
        "Correct the fares",
    )
    history = client.get(f"/conversations/monitoring/{match.pk}/")
    assert "Priya Shah marked it “needs a response” for Dee Colleague" in (
        history.content.decode()
    )


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({}, "status", "Say whether it needs a response."),
        ({"status": "maybe"}, "status", "Select a valid choice"),
        ({"status": "needs_response"}, "assigned_to", "Choose who will respond."),
        (
            {"status": "needs_response", "assigned_to": "other"},
            "assigned_to",
            "Select a valid choice",
        ),
        (
            {"status": "needs_response", "assigned_to": "abc"},
            "assigned_to",
            "Select a valid choice",
        ),
        ({"status": "no_action", "note": "x" * 501}, "note", "at most 500"),
        (
            {"status": "no_action", "decisions_seen": "abc"},
            "decisions_seen",
            "whole number",
        ),
        ({"status": "no_action", "decisions_seen": "5"}, None, "Someone else decided"),
    ],
)
def test_bad_decisions_are_refused_on_the_field_and_keep_what_was_typed(
    client_for, press_officer, other_org_press_officer, threads, data, field, message
):
    match = match_of("Bus fares in the city", press_officer.organisation_id)
    data = {"decisions_seen": 0, "note": "Typed <b>note</b>\x07", **data}
    if data.get("assigned_to") == "other":
        data["assigned_to"] = other_org_press_officer.pk

    response = client_for(press_officer).post(
        f"/conversations/monitoring/{match.pk}/", data
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert message in " ".join(errors.get(field or "__all__", []))
    if len(data["note"]) <= 500:
        assert "Typed &lt;b&gt;note&lt;/b&gt;</textarea>" in response.content.decode()
    match.refresh_from_db()
    assert match.status == "new" and ThreadDecision.objects.count() == 0


def test_a_note_is_stored_as_typed_text_and_shown_escaped(
    client_for, press_officer, threads
):
    match = match_of("Bus fares in the city", press_officer.organisation_id)
    client = client_for(press_officer)

    client.post(
        f"/conversations/monitoring/{match.pk}/",
        {
            "status": "no_action",
            "note": "<script>alert(1)</script>\x00ok",
            "decisions_seen": 0,
        },
    )
    page = client.get(f"/conversations/monitoring/{match.pk}/").content.decode()

    assert ThreadDecision.objects.get().note == "<script>alert(1)</script>ok"
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;ok" in page


# Home page -------------------------------------------------------------------


def test_home_offers_conversations_to_staff_and_monitoring_to_press_officers(
    client_for, civil_servant, press_officer, threads
):
    staff_home = client_for(civil_servant).get("/").content.decode()
    press_home = client_for(press_officer).get("/").content.decode()

    assert "Join “Transport: bus fares up” in Low forum" in staff_home
    assert "Conversations to monitor" not in staff_home
    assert "2 new touching a sensitive topic" in press_home


def test_home_queries_do_not_grow_with_the_threads(
    client_for, civil_servant, organisation, queries
):
    follows(organisation, "Transport")
    forum = CommunityFactory()
    store(forum, item(0, title="Transport news"))
    client = client_for(civil_servant)
    client.get("/")
    with queries() as few:
        client.get("/")
    store(forum, *(item(n, title=f"Transport news {n}") for n in range(1, 30)))
    with queries() as many:
        client.get("/")

    assert len(many) == len(few)


def test_hostile_feed_text_gives_valid_pages_with_no_script(
    client_for, civil_servant, press_officer, organisation
):
    from tests.html_checker import html_errors

    follows(organisation, "Transport")
    sensitive(organisation, "Bus fares")
    store(
        CommunityFactory(name="Hostile <i>forum</i>"),
        item(
            1,
            title='Transport: bus fares <script>alert(1)</script>"\x00\x1b',
            summary='<img src=x onerror=alert(2)><a href="javascript:x()">a</a>'
            "\ufffe & <b>bold</b>",
            author="<svg onload=alert(3)>",
        ),
    )
    match = OrganisationThread.objects.get()
    pages = [
        client_for(civil_servant).get("/conversations/"),
        client_for(civil_servant).get("/"),
        client_for(press_officer).get("/conversations/monitoring/"),
        client_for(press_officer).get(f"/conversations/monitoring/{match.pk}/"),
    ]

    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert html_errors(html) == []
        for payload in ("<script>alert", "onerror=", "javascript:", "<svg", "<b>"):
            assert payload not in html
