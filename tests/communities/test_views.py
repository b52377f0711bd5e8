import json

import pytest
from django.db import connection

from communities import services
from communities.models import Community, PlatformPattern

from .factories import CommunityFactory, policy_area

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggestion(civil_servant):
    return CommunityFactory(
        name="Suggested place",
        status=Community.Status.SUGGESTED,
        suggested_by=civil_servant,
    )


CURATOR_PAGES = [
    ("get", "/communities/curate/"),
    ("get", "/communities/import/"),
    ("get", "/communities/patterns/"),
    ("post", "/communities/patterns/"),
    ("get", "/communities/{pk}/edit/"),
    ("post", "/communities/{pk}/edit/"),
    ("post", "/communities/{pk}/list/"),
    ("get", "/communities/{pk}/decline/"),
    ("post", "/communities/{pk}/decline/"),
    ("post", "/communities/{pk}/archive/"),
    ("post", "/communities/{pk}/reviewed/"),
]


@pytest.mark.parametrize(("method", "path"), CURATOR_PAGES)
@pytest.mark.parametrize(
    "persona", ["civil_servant", "trainer", "editor", "admin_user"]
)
def test_curator_pages_refuse_everyone_but_press_officers(
    request, client, suggestion, method, path, persona
):
    client.force_login(request.getfixturevalue(persona))

    response = getattr(client, method)(
        path.format(pk=suggestion.pk), {"reason": "x", "name": "X"}
    )

    assert response.status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == Community.Status.SUGGESTED
    assert suggestion.name == "Suggested place"


@pytest.mark.parametrize(("method", "path"), CURATOR_PAGES)
def test_curator_pages_send_anonymous_people_to_sign_in(
    client, suggestion, method, path
):
    response = getattr(client, method)(path.format(pk=suggestion.pk))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_curators_list_a_suggestion(client, press_officer, suggestion):
    client.force_login(press_officer)

    response = client.post(f"/communities/{suggestion.pk}/list/", follow=True)

    assert "is now in the directory" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == Community.Status.LISTED


def test_declining_needs_a_reason(client, press_officer, suggestion):
    client.force_login(press_officer)

    response = client.post(f"/communities/{suggestion.pk}/decline/", {"reason": ""})

    assert response.status_code == 400
    assert "Enter why the community is not being listed." in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == Community.Status.SUGGESTED


def test_a_suggestion_is_hidden_from_other_civil_servants(
    client, suggestion, other_org_civil_servant, civil_servant
):
    client.force_login(other_org_civil_servant)
    assert client.get(f"/communities/{suggestion.pk}/").status_code == 404
    client.force_login(civil_servant)  # who suggested it
    assert client.get(f"/communities/{suggestion.pk}/").status_code == 200


def test_unknown_community_is_a_404(client, civil_servant):
    client.force_login(civil_servant)

    assert client.get("/communities/999999/").status_code == 404


def suggest_data(**overrides):
    data = {
        "url": "https://www.reddit.com/r/transport/",
        "name": "r/transport",
        "description": "Transport talk",
        "platform": "",
        "policy_areas": [policy_area().pk],
    }
    data.update(overrides)
    return data


def test_suggesting_recognises_the_platform_from_the_address(client, civil_servant):
    client.force_login(civil_servant)

    response = client.post("/communities/suggest/", suggest_data())

    assert response.status_code == 302
    community = Community.objects.get()
    assert community.platform == "forum"
    assert community.status == Community.Status.SUGGESTED


def test_suggesting_a_site_already_listed_links_to_it(client, civil_servant):
    existing = CommunityFactory(url="https://reddit.com/r/transport")
    client.force_login(civil_servant)

    response = client.post("/communities/suggest/", suggest_data())

    assert response.status_code == 400
    assert f'href="/communities/{existing.pk}/"' in response.content.decode()
    assert Community.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"url": ""}, "This field is required."),
        ({"url": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"url": "not a url"}, "Enter a valid URL."),
        ({"name": ""}, "This field is required."),
        ({"name": "x" * 201}, "at most 200 characters"),
        ({"description": "x" * 2001}, "at most 2000 characters"),
        ({"platform": "carrier-pigeon"}, "Select a valid choice."),
        ({"policy_areas": ["999999"]}, "Select a valid choice."),
        ({"policy_areas": ["abc"]}, "is not a valid value"),
        ({"name": "<script>alert(1)</script>", "url": "x"}, "Enter a valid URL."),
    ],
)
def test_bad_suggestions_are_a_400_and_store_nothing(
    client, civil_servant, overrides, message
):
    client.force_login(civil_servant)

    response = client.post("/communities/suggest/", suggest_data(**overrides))

    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert "<script>alert(1)</script>" not in content
    assert not Community.objects.exists()


def test_descriptions_are_shown_escaped(client, civil_servant):
    community = CommunityFactory()
    client.force_login(civil_servant)

    content = client.get(f"/communities/{community.pk}/").content.decode()

    assert "<script>alert(" not in content
    assert "&lt;script&gt;" in content


def test_curator_edit_is_recorded_in_the_history(client, press_officer):
    community = CommunityFactory(name="Before")
    client.force_login(press_officer)

    response = client.post(
        f"/communities/{community.pk}/edit/",
        {
            "url": community.url,
            "name": "After",
            "description": "d",
            "platform": "social_group",
            "risk": "high",
            "risk_note": "Hostile threads",
            "approximate_size": "1200",
        },
    )

    assert response.status_code == 302
    history = client.get(f"/communities/{community.pk}/history/").content.decode()
    assert "Name: Before → After" in history
    # Labels and display names people read, never stored codes or field names.
    assert "Platform: Forum → Social network group" in history
    assert "Risk: Low → High" in history
    assert "Approximate size: none → 1200" in history
    assert "social_group" not in history and "approximate_size" not in history
    assert press_officer.full_name in history


def test_directory_lists_only_listed_communities(client, civil_servant, suggestion):
    CommunityFactory(name="Listed place")
    CommunityFactory(name="Archived place", status=Community.Status.ARCHIVED)
    client.force_login(civil_servant)

    content = client.get("/communities/").content.decode()

    assert "Listed place" in content
    assert "Archived place" not in content
    assert "Suggested place" not in content


def test_filters_narrow_the_directory(client, civil_servant):
    CommunityFactory(name="Quiet blog", platform="blog", risk="low", activity="quiet")
    high = CommunityFactory(
        name="Busy forum", platform="forum", risk="high", activity="busy"
    )
    high.policy_areas.add(policy_area("Transport"))
    client.force_login(civil_servant)

    def names(query):
        content = client.get(f"/communities/?{query}").content.decode()
        return [n for n in ("Quiet blog", "Busy forum") if n in content]

    assert names("platform=blog") == ["Quiet blog"]
    assert names("risk=high") == ["Busy forum"]
    assert names("activity=quiet") == ["Quiet blog"]
    assert names("policy_area=transport") == ["Busy forum"]


def test_search_matches_words_in_name_description_and_policy_areas(
    client, civil_servant
):
    from communities.services import refresh_search_text

    trains = CommunityFactory(name="Rail users", description="Timetables and fares")
    trains.policy_areas.add(policy_area("Transport"))
    refresh_search_text(trains)
    CommunityFactory(name="Gardeners", description="Allotments and seeds")
    client.force_login(civil_servant)

    for query in ["rail", "fares", "transport"]:
        content = client.get(f"/communities/?q={query}").content.decode()
        assert "Rail users" in content
        assert "Gardeners" not in content
    if connection.vendor == "postgresql":  # stemming: "timetable" finds "Timetables"
        assert "Rail users" in client.get("/communities/?q=timetable").content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "platform=carrier-pigeon",
        "risk=extreme",
        "policy_area=astrology",
        "q=" + "x" * 201,
    ],
)
def test_bad_filters_are_a_400_with_a_message(client, civil_servant, query):
    client.force_login(civil_servant)

    response = client.get(f"/communities/?{query}")

    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()


@pytest.mark.parametrize("query", ["", "q=community", "risk=low&sort=newest"])
def test_directory_queries_do_not_grow_with_rows(client, civil_servant, queries, query):
    client.force_login(civil_servant)
    for _ in range(2):
        CommunityFactory().policy_areas.add(policy_area())
    client.get(f"/communities/?{query}")
    with queries() as few:
        client.get(f"/communities/?{query}")
    for _ in range(15):
        CommunityFactory().policy_areas.add(policy_area("Transport"))
    with queries() as many:
        client.get(f"/communities/?{query}")

    assert len(many) == len(few)


def test_open_data_downloads_honour_the_filters_and_hide_people(client, civil_servant):
    CommunityFactory(name="Blog A", platform="blog", suggested_by=civil_servant)
    CommunityFactory(name="Forum B", platform="forum")
    CommunityFactory(name="Hidden", platform="blog", status=Community.Status.SUGGESTED)

    as_json = json.loads(
        client.get("/communities/directory.json?platform=blog").content
    )
    as_csv = client.get("/communities/directory.csv?platform=blog").content.decode()
    feed = client.get("/communities/feed/?platform=blog").content.decode()

    assert [c["name"] for c in as_json["communities"]] == ["Blog A"]
    assert "Blog A" in as_csv and "Forum B" not in as_csv and "Hidden" not in as_csv
    assert "Blog A" in feed and "Forum B" not in feed
    assert civil_servant.email not in as_csv + json.dumps(as_json) + feed
    assert as_csv.splitlines()[0].startswith("name,url,platform")


def test_downloads_refuse_bad_filters(client):
    assert client.get("/communities/directory.json?risk=extreme").status_code == 400
    assert client.get("/communities/directory.csv?risk=extreme").status_code == 400


def test_lookup_answers_whether_an_address_is_listed_and_how_rated(
    client, civil_servant
):
    community = CommunityFactory(url="https://forum.example.org/planning", risk="high")
    client.force_login(civil_servant)

    found = client.get(
        "/communities/lookup/?url=http://www.FORUM.example.org/planning/"
    ).json()
    missing = client.get(
        "/communities/lookup/?url=https://elsewhere.example.org"
    ).json()
    bad = client.get("/communities/lookup/?url=nonsense")

    assert found["found"] is True
    assert found["community"]["id"] == community.pk
    assert found["community"]["risk"] == "high"
    assert missing == {"found": False, "normalised_url": "elsewhere.example.org"}
    assert bad.status_code == 400


def test_lookup_does_not_reveal_suggestions(client, civil_servant, suggestion):
    client.force_login(civil_servant)

    assert (
        client.get(f"/communities/lookup/?url={suggestion.url}").json()["found"]
        is False
    )


def test_curators_add_and_remove_platform_patterns(client, press_officer):
    client.force_login(press_officer)

    added = client.post(
        "/communities/patterns/", {"pattern": "Talk.Example.org", "platform": "forum"}
    )
    duplicate = client.post(
        "/communities/patterns/", {"pattern": "talk.example.org", "platform": "blog"}
    )
    bad = client.post("/communities/patterns/", {"pattern": "", "platform": "nonsense"})

    assert added.status_code == 302
    assert duplicate.status_code == 400
    assert bad.status_code == 400
    pattern = PlatformPattern.objects.get(pattern="talk.example.org")
    assert pattern.platform == "forum"
    client.post(f"/communities/patterns/{pattern.pk}/delete/")
    assert not PlatformPattern.objects.filter(pattern="talk.example.org").exists()


@pytest.mark.parametrize("url", ["https://x.example.org:99999/", "http://[broken/"])
def test_impossible_addresses_are_a_400_never_a_500(client, civil_servant, url):
    client.force_login(civil_servant)

    suggested = client.post("/communities/suggest/", suggest_data(url=url))
    looked_up = client.get("/communities/lookup/", {"url": url})

    assert suggested.status_code == 400
    assert looked_up.status_code == 400
    assert not Community.objects.exists()


def test_a_duplicate_of_someone_elses_pending_suggestion_is_not_named(
    client, mentor, civil_servant
):
    CommunityFactory(
        name="Secret suggestion",
        url="https://reddit.com/r/transport",
        status=Community.Status.SUGGESTED,
        suggested_by=civil_servant,
    )
    client.force_login(mentor)

    response = client.post("/communities/suggest/", suggest_data())

    assert response.status_code == 400
    assert "Secret suggestion" not in response.content.decode()
    assert "already been suggested" in response.content.decode()


def curation_rows(count, civil_servant):
    """`count` entries in each of the curation page's three lists."""
    CommunityFactory.create_batch(
        count, status=Community.Status.SUGGESTED, suggested_by=civil_servant
    )
    CommunityFactory.create_batch(count, review_due=True)
    CommunityFactory.create_batch(count, link_ok=False, link_result="HTTP 404")


def test_curation_queries_do_not_grow_with_rows(
    client, press_officer, civil_servant, queries
):
    client.force_login(press_officer)
    curation_rows(2, civil_servant)
    client.get("/communities/curate/")
    with queries() as few:
        client.get("/communities/curate/")
    curation_rows(60, civil_servant)
    with queries() as many:
        response = client.get("/communities/curate/")

    assert response.status_code == 200
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("param", "heading"),
    [
        ("suggestions_page", "Suggestions to curate (51)"),
        ("review_page", "Due a review (51)"),
        ("broken_page", "Stopped answering (51)"),
    ],
)
def test_each_curation_list_is_paged_at_50_on_its_own(
    client, press_officer, civil_servant, param, heading
):
    curation_rows(51, civil_servant)
    client.force_login(press_officer)

    first = client.get("/communities/curate/").content.decode()
    second = client.get(f"/communities/curate/?{param}=2").content.decode()

    assert heading in first
    # The list's first 50 entries link from page 1, its 51st alone from page 2;
    # the other two lists are the same on both.
    links = first.count('href="/communities/') - second.count('href="/communities/')
    assert links == 49
    assert f"{param}=2" in first


def test_history_is_paged_at_50_newest_first(client, press_officer):
    community = CommunityFactory(name="Often edited")
    for n in range(51):
        services.community_update(
            community_id=community.pk, actor=press_officer, data={"risk_note": f"n{n}"}
        )
    client.force_login(press_officer)

    first = client.get(f"/communities/{community.pk}/history/").content.decode()
    second = client.get(f"/communities/{community.pk}/history/?page=2").content.decode()

    assert "Risk note: n49 → n50" in first
    assert "Risk note: none → n0" not in first
    assert "Risk note: none → n0" in second
    assert second.count("govuk-table__row") == 2  # the header and the oldest


def test_patterns_are_paged_at_50(client, press_officer):
    PlatformPattern.objects.bulk_create(
        PlatformPattern(pattern=f"site{n:03}.example", platform="forum")
        for n in range(60)
    )
    client.force_login(press_officer)

    first = client.get("/communities/patterns/").content.decode()

    assert first.count("Remove<span") == 50
    assert 'aria-label="Pages of patterns"' in first


def test_removing_a_pattern_already_gone_is_a_404(client, press_officer):
    client.force_login(press_officer)

    response = client.post("/communities/patterns/999999/delete/")

    assert response.status_code == 404


CURATE_BUTTONS = [
    "List in the directory",
    "Decline suggestion",
    "Mark as reviewed",
    "Archive",
]


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (Community.Status.SUGGESTED, {"List in the directory", "Decline suggestion"}),
        (Community.Status.LISTED, {"Mark as reviewed", "Archive"}),
        (Community.Status.DECLINED, set()),
        (Community.Status.ARCHIVED, {"List in the directory"}),
    ],
)
def test_a_curator_is_offered_the_actions_the_entrys_state_allows(
    client, press_officer, status, shown
):
    community = CommunityFactory(status=status, decline_reason="Closed forum")
    client.force_login(press_officer)

    content = client.get(f"/communities/{community.pk}/").content.decode()

    assert {b for b in CURATE_BUTTONS if f">{b}</" in content} == shown
    assert "Edit details" in content
    assert ("Closed forum" in content) is (status == Community.Status.DECLINED)
