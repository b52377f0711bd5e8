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
