import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command

from accounts.models import Organisation, RoleChange, User
from accounts.roles import Role
from accounts.selectors import organisations_reviewed_by, roles_of

pytestmark = pytest.mark.django_db

DEMO_EMAILS = {
    "civil.servant@demo.gov.uk": set(),
    "press.officer@demo.gov.uk": {Role.PRESS_OFFICER},
    "trainer@demo.gov.uk": {Role.TRAINER},
    "mentor@demo.gov.uk": set(),
    "editor@demo.gov.uk": {Role.PRINCIPLES_EDITOR},
    "admin@demo.gov.uk": {Role.ADMINISTRATOR},
    "other.servant@council.demo.gov.uk": set(),
}


def test_seed_demo_creates_one_person_per_role(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-password-for-tests")

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    for email, roles in DEMO_EMAILS.items():
        user = User.objects.get(email=email)
        assert roles_of(user) == roles
        assert user.check_password("a-demo-password-for-tests")
        has_totp = Authenticator.objects.filter(user=user, type="totp").exists()
        assert has_totp == bool(roles)
    officer = User.objects.get(email="press.officer@demo.gov.uk")
    assert [
        o.email_domains.first().domain for o in organisations_reviewed_by(officer)
    ] == ["demo.gov.uk"]
    other = User.objects.get(email="other.servant@council.demo.gov.uk")
    assert other.organisation != officer.organisation


def test_running_seed_demo_twice_changes_nothing(capsys):
    call_command("seed_demo")
    counts = (
        User.objects.count(),
        Organisation.objects.count(),
        RoleChange.objects.count(),
        Authenticator.objects.count(),
    )

    call_command("seed_demo")

    assert counts == (
        User.objects.count(),
        Organisation.objects.count(),
        RoleChange.objects.count(),
        Authenticator.objects.count(),
    )
    assert "press.officer@demo.gov.uk" in capsys.readouterr().out


def test_seed_demo_publishes_a_first_edition_of_principles_and_guidance():
    from guidelines.models import Page, Section
    from guidelines.selectors import principles_page

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    principles = principles_page()
    for word in ["credible", "consistent", "responsive", "integrated", "civil servant"]:
        assert word in principles.live_version.body.lower()
    sections = set(
        Page.objects.filter(live_version__isnull=False).values_list(
            "section", flat=True
        )
    )
    assert sections == set(Section.values)


def test_seed_demo_lists_a_few_dozen_communities_and_leaves_suggestions():
    from communities.models import Community

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    listed = Community.objects.listed()
    assert listed.count() >= 24
    assert len(set(listed.values_list("platform", flat=True))) >= 5
    assert Community.objects.suggested().count() == 2


def test_seed_demo_sets_up_courses_an_assignment_and_a_mentoring():
    from training.models import Assignment, Course, Mentoring, PracticeScenario

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert Course.objects.count() == 4
    # The level 1 course went to everyone of the organisation automatically.
    automatic = Assignment.objects.filter(
        assigned_by=None, course__required_for_level=1
    )
    trainer = User.objects.get(email="trainer@demo.gov.uk")
    assert {a.person for a in automatic} == set(
        User.objects.filter(organisation=trainer.organisation)
    )
    by_trainer = Assignment.objects.filter(assigned_by=trainer)
    assert {a.person.email for a in by_trainer} == {
        "civil.servant@demo.gov.uk",
        "mentor@demo.gov.uk",  # the courses up to level 2, which a mentor holds
    }
    mentoring = Mentoring.objects.get()
    assert mentoring.mentor.email == "mentor@demo.gov.uk"
    assert mentoring.mentor.level_standing.level == 2
    assert PracticeScenario.objects.count() == 1


def test_seed_demo_logs_posts_waiting_for_and_past_review():
    from moderation.models import Post

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert sorted(Post.objects.values_list("status", flat=True)) == [
        "approved",
        "awaiting_review",
        "draft",
    ]


def test_seed_demo_stores_threads_to_join_and_to_monitor():
    from conversations.selectors import conversations_for, monitoring_for

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    civil_servant = User.objects.get(email="civil.servant@demo.gov.uk")
    press_officer = User.objects.get(email="press.officer@demo.gov.uk")

    joinable = [m.thread.title for m in conversations_for(civil_servant)]
    watched = [m.thread.title for m in monitoring_for(press_officer)]

    assert "Will the new bus lanes be open to cycles?" in joinable
    assert "Flood warnings came late last night" not in joinable  # not DPE's area
    assert watched == ["Budget announcements and the active travel fund"]
