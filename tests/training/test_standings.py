"""The stored discretion level: who writes it, when, and how it is read."""

import pytest
from django.core.management import call_command

from guidelines.services import principles_acknowledge
from tests.accounts.factories import UserFactory
from tests.guidelines.helpers import publish_change, publish_principles
from training import selectors, services
from training.models import Assignment, GrantedLevel, LevelStanding

pytestmark = pytest.mark.django_db


def test_acknowledging_the_principles_stores_the_new_level(editor, civil_servant):
    publish_principles(editor)

    principles_acknowledge(user=civil_servant)

    standing = LevelStanding.objects.get(person=civil_servant)
    assert (standing.level, standing.acknowledged) == (1, True)


def test_a_material_change_recomputes_everyone_after_commit(
    editor, civil_servant, django_capture_on_commit_callbacks
):
    page = publish_principles(editor)
    principles_acknowledge(user=civil_servant)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publish_change(editor, page, material=True)

    assert len(callbacks) >= 1
    standing = LevelStanding.objects.get(person=civil_servant)
    # Not acknowledged any more; their level stands until their deadline.
    assert (standing.level, standing.acknowledged) == (1, False)
    assert standing.grace_until is not None
    assert services.levels_recompute_everyone() == 0  # idempotent


def test_the_standing_says_what_stands_between_a_person_and_the_next_level(
    trainer, editor, civil_servant, organisation, settings
):
    settings.PRACTICE_REPLIES_REQUIRED = {1: 0, 2: 2}
    publish_principles(editor)
    principles_acknowledge(user=civil_servant)
    workshop = services.course_create(
        actor=trainer,
        organisation=organisation,
        title="Handling hostility",
        summary="s",
        format="workshop",
        expected_minutes=60,
        required_for_level=2,
    )

    standing = selectors.level_standing_of(civil_servant)

    assert (standing.level, standing.granted, standing.target_level) == (1, 1, 2)
    assert standing.missing_course_ids == [workshop.pk]
    assert (standing.practice_needed, standing.sign_off_needed) == (2, True)


def test_a_person_without_a_stored_standing_reads_as_the_rule_gives_it(
    civil_servant,
):
    GrantedLevel.objects.create(person=civil_servant, level=2)

    assert not LevelStanding.objects.filter(person=civil_servant).exists()
    assert selectors.effective_level(civil_servant) == 2


def test_org_wide_counts_include_people_without_a_row_and_skip_the_search_otherwise(
    editor, organisation, civil_servant, queries
):
    publish_principles(editor)
    UserFactory(organisation=organisation)  # made around the services
    services.levels_recompute(person_ids=[civil_servant.pk])
    nobody_has = organisation.staff.filter(is_active=True).count()  # acknowledged

    with queries() as searched:
        assert selectors.yet_to_acknowledge_count([organisation.pk]) == nobody_has
    services.levels_recompute_everyone()
    with queries() as counted:
        assert selectors.yet_to_acknowledge_count([organisation.pk]) == nobody_has

    # Everyone has a row: the two counts agree, so no one is searched for.
    assert not [q for q in counted if "IS NULL" in q["sql"]]
    assert [q for q in searched if "IS NULL" in q["sql"]]
    assert len(counted) == 2


def test_the_dashboard_reads_stored_levels_in_the_same_queries_for_more_people(
    client, trainer, organisation, queries
):
    client.force_login(trainer)
    services.levels_recompute_everyone()
    client.get("/training/manage/")
    with queries() as few:
        client.get("/training/manage/")
    for _ in range(12):
        UserFactory(organisation=organisation)
    services.levels_recompute_everyone()
    with queries() as many:
        client.get("/training/manage/")

    assert len(many) == len(few)
    # Stored levels: the rule's inputs are not read at all.
    assert not [q for q in many if "guidelines_acknowledgement" in q["sql"]]


def test_levels_check_reports_drift_and_fix_repairs_it(trainer, civil_servant, capsys):
    services.levels_recompute(person_ids=[civil_servant.pk])
    # Written behind the services' back: the stored level is now wrong.
    GrantedLevel.objects.create(person=civil_servant, level=0)

    with pytest.raises(SystemExit):
        call_command("levels_check")
    assert "1 drifted" in capsys.readouterr().out
    call_command("levels_check", "--fix")
    call_command("levels_check")

    assert "0 drifted, 0 without a stored standing" in capsys.readouterr().out
    assert selectors.effective_level(civil_servant) == 0


def test_the_nightly_job_is_scheduled(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["check-discretion-levels"]

    assert entry["task"] == "training.tasks.levels_check_task"


def test_a_course_that_becomes_required_recomputes_its_organisations_staff(
    trainer, civil_servant, organisation
):
    services.levels_recompute(person_ids=[civil_servant.pk])
    course = services.course_create(
        actor=trainer,
        organisation=organisation,
        title="Basics",
        summary="s",
        format="e_learning",
        expected_minutes=5,
        self_confirmed=True,
    )
    assert selectors.effective_level(civil_servant) == 1

    services.course_update(course_id=course.pk, actor=trainer, required_for_level=1)

    standing = LevelStanding.objects.get(person=civil_servant)
    assert (standing.level, standing.missing_course_ids) == (0, [course.pk])
    # Assigned automatically: a level they work towards requires it.
    assignment = Assignment.objects.get(person=civil_servant, course=course)
    services.assignment_progress(
        assignment_id=assignment.pk, actor=civil_servant, finished=True
    )
    assert LevelStanding.objects.get(person=civil_servant).level == 1
