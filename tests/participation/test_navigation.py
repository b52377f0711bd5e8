import pytest
from django.urls import NoReverseMatch

from participation import navigation


def test_every_section_of_the_navigation_resolves_for_an_administrator(admin_user):
    labels = [item["label"] for item in navigation.sections_for(admin_user, "/")]

    assert labels[0] == "Home" and "Admin" in labels


def test_a_section_naming_a_missing_url_fails_loudly(monkeypatch, civil_servant):
    monkeypatch.setattr(
        navigation, "SECTIONS", [navigation.Section("Gone", "nowhere:index")]
    )

    with pytest.raises(NoReverseMatch):
        navigation.sections_for(civil_servant, "/")


def current_section(page: str) -> str:
    active = page.split("govuk-service-navigation__item--active", 1)[1]
    return active.split('govuk-service-navigation__active-fallback">', 1)[1].split(
        "<", 1
    )[0]


@pytest.mark.django_db
def test_a_post_is_review_work_for_its_reviewer_and_my_log_for_its_author(
    client, civil_servant, press_officer
):
    from moderation.models import Post
    from tests.moderation.helpers import make_post

    post = make_post(civil_servant, status=Post.Status.AWAITING_REVIEW)

    client.force_login(press_officer)
    as_reviewer = client.get(f"/log/{post.pk}/").content.decode()
    client.force_login(civil_servant)
    as_author = client.get(f"/log/{post.pk}/").content.decode()

    assert current_section(as_reviewer) == "Review"
    assert current_section(as_author) == "My log"
