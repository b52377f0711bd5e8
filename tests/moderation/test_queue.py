"""The press office's lists at the size of a large department: paged, in a
stable order, with counts of live work only and a query count that does not
grow with the organisation."""

import re
from datetime import timedelta

from django.utils import timezone

from moderation import services
from moderation.models import Flag, Post
from moderation.selectors import open_flags_for
from tests.accounts.factories import UserFactory

from .helpers import make_post

S = Post.Status


def waiting_posts(organisation, n: int, **fields) -> list[Post]:
    author = UserFactory(organisation=organisation)
    return [
        make_post(author, status=S.AWAITING_REVIEW, topic=f"Item {i:03}", **fields)
        for i in range(n)
    ]


def topics(content: str) -> list[str]:
    """The items a page lists, in order (each is named twice in a queue row)."""
    return list(dict.fromkeys(re.findall(r"Item \d{3}", content)))


def test_the_queue_shows_fifty_a_page_and_every_item_once_in_order(
    client, press_officer, organisation
):
    waiting_posts(organisation, 55, priority=5)
    client.force_login(press_officer)

    first = topics(client.get("/review/").content.decode())
    second_page = client.get("/review/?page=2").content.decode()

    assert len(first) == 50
    assert first + topics(second_page) == [f"Item {i:03}" for i in range(55)]
    assert 'href="?page=1"' in second_page


def test_paging_keeps_the_queue_filters(client, press_officer, organisation):
    waiting_posts(organisation, 51, purpose="consult")
    client.force_login(press_officer)

    content = client.get("/review/?purpose=consult").content.decode()

    assert 'href="?purpose=consult&amp;page=2"' in content


def test_the_queue_counts_only_the_work_a_press_office_acts_on(
    client, press_officer, civil_servant, other_org_civil_servant
):
    make_post(civil_servant, status=S.AWAITING_REVIEW)
    make_post(
        civil_servant,
        status=S.AWAITING_REVIEW,
        claimed_by=press_officer,
        claimed_at=timezone.now(),
    )
    make_post(
        civil_servant,
        status=S.AWAITING_REVIEW,
        claimed_by=press_officer,
        claimed_at=timezone.now() - timedelta(hours=2),  # lapsed
    )
    make_post(civil_servant, status=S.APPROVED)
    make_post(civil_servant, status=S.FLAGGED)
    for done in (S.POSTED, S.REJECTED, S.RESOLVED, S.WITHDRAWN, S.DRAFT):
        make_post(civil_servant, status=done)
    make_post(other_org_civil_servant, status=S.AWAITING_REVIEW)
    make_post(other_org_civil_servant, status=S.FLAGGED)
    client.force_login(press_officer)

    counts = client.get("/review/").context["counts"]

    assert counts == [
        ("Awaiting review", 3),
        ("Being looked at now", 1),
        ("Approved, not yet posted", 1),
        ("Open learning reviews", 1),
    ]


def test_queue_query_count_is_the_same_for_one_page_or_many(
    client, press_officer, civil_servant, organisation, queries
):
    client.force_login(press_officer)
    make_post(civil_servant, status=S.AWAITING_REVIEW)
    client.get("/review/")
    with queries() as few:
        client.get("/review/")
    waiting_posts(organisation, 120)
    for _ in range(5):
        make_post(civil_servant, status=S.FLAGGED)
    with queries() as many:
        client.get("/review/?page=2")

    assert len(many) == len(few)
    # Six of these work out the authors' levels (training.effective_levels).
    assert len(few) <= 15


def test_two_factor_is_read_once_per_request(client, press_officer, queries):
    client.force_login(press_officer)
    client.get("/review/")

    with queries() as captured:
        client.get("/review/")

    reads = [q for q in captured if '"mfa_authenticator"' in q["sql"]]
    assert len(reads) == 1


def test_after_the_fact_review_pages_both_lists_separately(
    client, press_officer, organisation, queries
):
    author = UserFactory(organisation=organisation)
    for i in range(52):
        make_post(author, status=S.POSTED, topic=f"Item {i:03}")
    make_post(author, status=S.FLAGGED, topic="Flagged one")
    client.force_login(press_officer)
    client.get("/review/after/")
    with queries() as few:
        first = client.get("/review/after/").content.decode()
    for _ in range(52):
        make_post(author, status=S.FLAGGED, topic="Flagged one")
    with queries() as many:
        second = client.get("/review/after/?page=2&flags_page=2").content.decode()

    assert len(topics(first)) == 50 and topics(second) == ["Item 050", "Item 051"]
    assert second.count("Flagged one") == 3
    assert "Open learning reviews (53)" in second
    assert 'href="?page=2&amp;flags_page=1"' in second
    assert len(many) == len(few)


def test_open_flags_never_include_other_organisations_or_the_officers_own(
    client, press_officer, civil_servant, other_org_civil_servant
):
    mine = make_post(civil_servant, status=S.FLAGGED, topic="Ours")
    make_post(other_org_civil_servant, status=S.FLAGGED, topic="Theirs")
    make_post(press_officer, status=S.FLAGGED, topic="My own")
    client.force_login(press_officer)

    flags = client.get("/review/after/").context["flags"]["page"].object_list

    assert [flag.post for flag in flags] == [mine]
    assert Flag.objects.count() == 3


def test_a_flag_keeps_its_posts_organisation_for_the_open_flags_index(
    press_officer, civil_servant
):
    post = make_post(civil_servant, status=S.POSTED)

    flag = services.post_flag(
        post_id=post.pk, actor=press_officer, category="tone", note="n"
    )

    assert flag.organisation == civil_servant.organisation
    assert list(open_flags_for(press_officer)) == [flag]
