"""The review page shows what a decision needs: the disclosure answer, the
author's notes, their level and why, their recent posts and flags, the
community's risk and house rules, and the sensitive topics marked."""

import pytest

from moderation import services
from moderation.models import Flag, Post
from tests.communities.factories import CommunityFactory
from training.services import level_set

from .helpers import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(civil_servant, organisation, trainer):
    organisation.sensitive_topics.create(name="Council tax")
    level_set(
        person=civil_servant, level=1, reason="Finished the basics", actor=trainer
    )
    earlier = make_post(civil_servant, status=Post.Status.POSTED, topic="Bin days")
    Flag.objects.create(
        post=earlier,
        organisation=organisation,
        category="tone",
        note="Too curt",
        raised_by=trainer,
    )
    community = CommunityFactory(
        risk="high",
        risk_note="Heated after the closures",
        house_rules_url="https://forum.example.org/rules",
    )
    post = make_post(
        civil_servant,
        community=community,
        text="<p>Council tax rises by 3% in April.</p>",
        notes="The finance team checked the figure.",
    )
    return services.post_submit(
        post_id=post.pk, actor=civil_servant, disclosed_role=True
    )


def test_the_reviewer_sees_everything_the_decision_needs(
    client, waiting, press_officer
):
    client.force_login(press_officer)

    page = client.get(f"/log/{waiting.pk}/").content.decode()

    assert "Said who they work for" in page and ">Yes<" in page
    assert "The finance team checked the figure." in page
    assert "About Alex Smith" in page
    assert "Finished the basics" in page  # their level and why
    assert "Bin days</a>: posted" in page  # their recent posts
    assert "Tone on “Bin days”" in page and "(open)" in page  # their flags
    assert 'href="https://forum.example.org/rules"' in page
    assert "Heated after the closures" in page
    assert "<mark>Council tax</mark> rises" in page


def test_the_author_sees_their_answers_but_not_the_reviewers_view_of_them(
    client, waiting, civil_servant
):
    client.force_login(civil_servant)

    page = client.get(f"/log/{waiting.pk}/").content.decode()

    assert "The finance team checked the figure." in page
    assert "Said who they work for" in page
    assert "About Alex Smith" not in page
    assert "<mark>" not in page
    assert "Heated after the closures" not in page


def test_a_post_without_sensitive_topics_is_shown_as_written(
    client, civil_servant, press_officer
):
    post = make_post(civil_servant, text="<p>Bus times change in May.</p>")
    services.post_submit(post_id=post.pk, actor=civil_servant, disclosed_role=False)
    client.force_login(press_officer)

    page = client.get(f"/log/{post.pk}/").content.decode()

    assert "<p>Bus times change in May.</p>" in page
    assert "are <mark>marked</mark>" not in page
    assert ">No<" in page  # did not say who they work for


def test_the_review_page_costs_the_same_however_long_the_authors_history(
    client, waiting, civil_servant, press_officer, queries
):
    client.force_login(press_officer)
    client.get(f"/log/{waiting.pk}/")
    with queries() as few:
        client.get(f"/log/{waiting.pk}/")
    for n in range(8):
        make_post(civil_servant, status=Post.Status.POSTED, topic=f"Older {n}")
    with queries() as many:
        client.get(f"/log/{waiting.pk}/")

    assert len(many.captured_queries) == len(few.captured_queries)
