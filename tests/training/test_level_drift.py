"""The stored discretion levels never drift from the rule.

Random sequences of every event that changes an input of the rule go through
the real services (and the admin, for a move to another organisation); after
each event levels_check must find no stored standing that differs from a
fresh computation.
"""

from contextlib import suppress
from datetime import timedelta

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from accounts.models import User
from accounts.roles import Role
from core.states import InvalidTransition
from guidelines.services import principles_acknowledge
from tests.accounts.factories import OrganisationFactory, UserFactory, give_role
from tests.guidelines.helpers import publish_change, publish_principles
from training import services
from training.models import Assignment, Course, Mentoring, PracticeScenario

PEOPLE = 2  # one in each organisation
COURSES = 3  # self-paced for level 1, a workshop for 2, another organisation's
LATER = timezone.localdate() + timedelta(days=30)

person = st.integers(0, PEOPLE - 1)
course = st.integers(0, COURSES - 1)
EVENTS = st.one_of(
    st.tuples(st.just("acknowledge"), person),
    st.tuples(st.just("principles_change")),
    st.tuples(st.just("complete"), person, course),
    st.tuples(st.just("confirm"), person, course),
    st.tuples(st.just("require"), course, st.sampled_from([None, 1, 2, 3])),
    st.tuples(st.just("move_course"), course),
    st.tuples(st.just("practice"), person),
    st.tuples(st.just("sign_off"), person, st.sampled_from([2, 3])),
    st.tuples(st.just("grant"), person, st.integers(0, 3)),
    st.tuples(st.just("move"), person),
)
REFUSALS = (ValidationError, InvalidTransition, PermissionDenied)


@override_settings(PRACTICE_REPLIES_REQUIRED={1: 1, 2: 2})
class StoredLevelsNeverDrift(TestCase):
    def world(self):
        cache.clear()  # the principles baseline of the last example is gone
        self.organisations = [OrganisationFactory(), OrganisationFactory()]
        first, second = self.organisations
        trainer = give_role(
            UserFactory(organisation=first), Role.TRAINER, scope_over=[first, second]
        )
        self.trainer = trainer
        self.editor = give_role(UserFactory(organisation=first), Role.PRINCIPLES_EDITOR)
        self.admin = give_role(UserFactory(organisation=first), Role.ADMINISTRATOR)
        self.mentor = UserFactory(organisation=first)
        services.mentor_capacity_set(mentor=self.mentor, max_mentees=9, actor=trainer)
        self.people = [
            UserFactory(organisation=self.organisations[i % 2]) for i in range(PEOPLE)
        ]
        with self.captureOnCommitCallbacks(execute=True):
            self.principles = publish_principles(self.editor)
        for someone in self.people:  # so that most events can move a level
            principles_acknowledge(user=someone)
        self.courses = [
            services.course_create(
                actor=trainer,
                organisation=organisation,
                title=f"Course {level}",
                summary="s",
                format="e_learning" if self_paced else "workshop",
                expected_minutes=30,
                required_for_level=level,
                self_confirmed=self_paced,
            )
            for organisation, level, self_paced in [
                (first, 1, True),
                (first, 2, False),
                (second, 1, True),
            ]
        ]

    def assignment(self, person, course) -> Assignment:
        found = Assignment.objects.filter(person=person, course=course).first()
        if found:
            return found
        (created,) = services.assignments_create(
            course=course, people=[person], due_date=LATER, actor=self.trainer
        )
        return created

    def mentoring(self, person) -> Mentoring:
        found = Mentoring.objects.filter(mentee=person, active=True).first()
        return found or services.mentoring_create(
            mentor=self.mentor,
            mentee=person,
            goals="g",
            end_date=LATER,
            actor=self.trainer,
        )

    def act(self, event) -> None:
        name, *args = event
        fresh = User.objects.get  # guardian caches permissions per object
        if name == "acknowledge":
            principles_acknowledge(user=self.people[args[0]])
        elif name == "principles_change":
            publish_change(self.editor, self.principles, material=True)
        elif name in ("complete", "confirm"):
            person = self.people[args[0]]
            assignment = self.assignment(person, self.courses[args[1]])
            if name == "complete":
                services.assignment_progress(
                    assignment_id=assignment.pk, actor=person, finished=True
                )
            else:
                services.assignment_confirm(
                    assignment_id=assignment.pk, actor=fresh(pk=self.trainer.pk)
                )
        elif name == "require":
            services.course_update(
                course_id=self.courses[args[0]].pk,
                actor=self.trainer,
                required_for_level=args[1],
            )
        elif name == "move_course":
            moved = Course.objects.get(pk=self.courses[args[0]].pk)
            first, second = self.organisations
            services.course_update(
                course_id=moved.pk,
                actor=self.trainer,
                organisation=second if moved.organisation == first else first,
            )
        elif name == "practice":
            person = self.people[args[0]]
            self.mentoring(person)
            scenario = PracticeScenario.objects.create(
                title="t", thread="<p>t</p>", situation="s", created_by=self.trainer
            )
            reply = services.practice_reply_submit(
                scenario_id=scenario.pk, text="<p>A reply</p>", actor=person
            )
            services.practice_reply_review(
                reply_id=reply.pk, approve=True, comment="", actor=self.mentor
            )
        elif name == "sign_off":
            pairing = self.mentoring(self.people[args[0]])
            services.mentoring_sign_off(
                mentoring_id=pairing.pk, level=args[1], actor=fresh(pk=self.mentor.pk)
            )
        elif name == "grant":
            services.level_set(
                person=self.people[args[0]],
                level=args[1],
                reason="r",
                actor=fresh(pk=self.trainer.pk),
            )
        elif name == "move":
            self.move(self.people[args[0]])

    def move(self, person) -> None:
        """An administrator moves the person in the admin, as they would."""
        person.refresh_from_db()
        first, second = self.organisations
        target = second if person.organisation == first else first
        self.client.force_login(self.admin)
        response = self.client.post(
            f"/admin/accounts/user/{person.pk}/change/",
            {
                "email": person.email,
                "full_name": person.full_name,
                "job_title": person.job_title,
                "organisation": target.pk,
                "is_active": "on",
            },
        )
        assert response.status_code == 302
        person.refresh_from_db()

    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(st.lists(EVENTS, min_size=1, max_size=10))
    def test_no_stored_level_drifts_after_any_sequence_of_events(self, events):
        self.world()
        for event in events:
            # A refusal (as a person would be told) changes nothing.
            with self.captureOnCommitCallbacks(execute=True), suppress(*REFUSALS):
                self.act(event)
            drift = services.levels_check()
            assert drift.drifted == [], (event, drift)
        assert services.levels_check().missing == []
