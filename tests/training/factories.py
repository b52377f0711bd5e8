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
