import factory
from django.utils import timezone

from tests.accounts.factories import UserFactory
from training.models import Assignment, Course


class CourseFactory(factory.django.DjangoModelFactory):
    """A workshop (a trainer confirms it), required for no level."""

    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Course {n}")
    summary = "What the course covers"
    format = Course.Format.WORKSHOP
    expected_minutes = 60
    created_by = factory.SubFactory(UserFactory)


class AssignmentFactory(factory.django.DjangoModelFactory):
    """An assignment due today, not started."""

    class Meta:
        model = Assignment

    course = factory.SubFactory(CourseFactory)
    person = factory.SubFactory(UserFactory)
    assigned_by = factory.SelfAttribute("course.created_by")
    due_date = factory.LazyFunction(timezone.localdate)


def at_level(person, level: int):
    """`person` granted `level`, their standing stored (as a trainer's
    decision would leave it): a mentor must hold level 2."""
    from training.models import GrantedLevel
    from training.services import levels_recompute

    GrantedLevel.objects.update_or_create(person=person, defaults={"level": level})
    levels_recompute(person_ids=[person.pk])
    return person


def mentor_in(organisation, **fields):
    """Someone of `organisation` who may mentor: at level 2."""
    return at_level(UserFactory(organisation=organisation, **fields), 2)
