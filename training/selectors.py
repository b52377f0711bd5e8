"""Reads of training state: levels, assignments, mentoring, capacity."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.urls import reverse

from accounts.models import Organisation, User
from accounts.selectors import organisations_trained_by
from guidelines.selectors import (
    acknowledgement_baseline,
    has_acknowledged_current_principles,
)

from .models import (
    Assignment,
    Course,
    GrantedLevel,
    Level,
    LevelDecision,
    LevelStanding,
    MentorCapacity,
    Mentoring,
    MentoringSession,
    PracticeReply,
    PracticeScenario,
    TrainingPolicy,
)
from .permissions import can_review_practice_reply, can_see_mentoring, can_train
from .standings import computed_standings, practice_needed_for

DEFAULT_CAPACITY = 3


def days_to_complete_by_organisation(organisation_ids) -> dict:
    """{organisation id: days to complete a course assigned automatically},
    the default for organisations without a policy (and for None)."""
    days = dict.fromkeys(organisation_ids, TrainingPolicy.DEFAULT_DAYS_TO_COMPLETE)
    days.update(
        TrainingPolicy.objects.filter(organisation__in=organisation_ids).values_list(
            "organisation_id", "days_to_complete"
        )
    )
    return days


def courses_for_trainer(user) -> QuerySet[Course]:
    """Courses for every organisation, and those of the organisations trained."""
    return Course.objects.filter(
        Q(organisation__isnull=True)
        | Q(organisation__in=organisations_trained_by(user))
    )


def editable_course_for(user, pk: int) -> Course:
    """A course of an organisation the trainer trains; Course.DoesNotExist
    otherwise (courses for every organisation are the administrators', in the
    admin: a level requirement there changes who may post anywhere)."""
    return Course.objects.get(pk=pk, organisation__in=organisations_trained_by(user))


def level_standings(user_ids) -> dict[int, LevelStanding]:
    """Each person's stored standing, in one query however many people.

    A person with no row yet (just joined, or created outside the services)
    gets a fresh computation instead, exactly what levels_recompute would
    store (four or five more queries, only then): reads are right before
    their first recompute. Ids of nobody are left out.
    """
    user_ids = list(user_ids)
    standings = LevelStanding.objects.in_bulk(user_ids)
    if missing := [pk for pk in user_ids if pk not in standings]:
        standings |= computed_standings(missing)
    return standings


def level_standing_of(user) -> LevelStanding:
    return level_standings([user.pk])[user.pk]


def effective_levels(user_ids) -> dict[int, int]:
    """Each person's effective level, from their stored standing."""
    return {pk: s.level for pk, s in level_standings(user_ids).items()}


def effective_level(user) -> int:
    return level_standing_of(user).level


def of_active_people(standings: QuerySet[LevelStanding]) -> QuerySet[LevelStanding]:
    """These standings, less those of people no longer active: by the small
    index of the inactive (accounts' `inactive_people`), not a join with
    everyone, which the planner answers by reading the whole people table."""
    return standings.exclude(person__in=User.objects.filter(is_active=False))


def _active_people_without_standing(organisation_ids: list) -> list[int]:
    """Active people of these organisations with no stored standing yet (made
    around the services: the sign-up, the admin and the data commands all
    store one). One query of two counts on the organisation indexes answers
    "nobody" first: searching a large department person by person for a
    missing row costs more than the rest of a page. Equal counts with one row
    missing and another left over from a move would be drift, which the
    nightly level check reports and fixes."""
    totals = Organisation.objects.filter(pk__in=organisation_ids).aggregate(
        people=Sum(_count_in_organisation(User)),
        stored=Sum(_count_in_organisation(LevelStanding)),
    )
    if totals["people"] == totals["stored"]:
        return []
    missing = User.objects.filter(
        organisation__in=organisation_ids, is_active=True, level_standing=None
    )
    return list(missing.values_list("pk", flat=True))


def _count_in_organisation(model) -> Subquery:
    rows = model.objects.filter(organisation=OuterRef("pk")).order_by()
    return Subquery(rows.values("organisation").annotate(n=Count("pk")).values("n"))


def level_counts_by_organisation(organisation_ids) -> dict[int, dict[int, int]]:
    """{organisation id: {level: active people}}: the one count the trainer
    dashboard, the report and their CSVs all show. Two queries however many
    people (the standings' organisation-and-level index, and two counts that
    find anyone without a row yet, computed afresh)."""
    organisation_ids = list(organisation_ids)
    counts = {pk: dict.fromkeys(Level.values, 0) for pk in organisation_ids}
    rows = (
        of_active_people(
            LevelStanding.objects.filter(organisation__in=organisation_ids)
        )
        .values("organisation_id", "level")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "level", "n")
    )
    for organisation_id, level, n in rows:
        counts[organisation_id][level] += n
    if without_row := _active_people_without_standing(organisation_ids):
        for standing in computed_standings(without_row).values():
            counts[standing.organisation_id][standing.level] += 1
    return counts


def yet_to_acknowledge_count(organisation_ids) -> int:
    """Active people of these organisations who have not acknowledged the
    current principles, from their stored standing (kept by the
    acknowledgement and principles services; a material change re-counts
    everyone in a background task, so for those minutes this lags the live
    acknowledgement report). Indexed by the partial index on who has not;
    anyone without a row yet is computed afresh, as the level counts do."""
    organisation_ids = list(organisation_ids)
    count = of_active_people(
        LevelStanding.objects.filter(
            organisation__in=organisation_ids, acknowledged=False
        )
    ).count()
    if without_row := _active_people_without_standing(organisation_ids):
        count += sum(
            not s.acknowledged for s in computed_standings(without_row).values()
        )
    return count


@dataclass(frozen=True)
class Requirement:
    """One thing a level asks of a person, whether they meet it, and where
    they go to act on it (None: nothing they can do themselves)."""

    text: str
    met: bool
    url: str | None = None


def principles_url() -> str:
    """Where to read the current principles (the contents, before any)."""
    baseline = acknowledgement_baseline()  # cached
    if baseline is None:
        return reverse("guidelines:index")
    return reverse("guidelines:page", args=[baseline.page_slug])


def requirements_for(person, level: int) -> list[Requirement]:
    """Everything `level` asks of the person (with every level below it), met
    or not, in the order they would do it: the trainer's level page, the
    person's training page and level_set's refusal all read this list."""
    if level <= Level.NOT_READY:
        return []
    requirements = (
        [
            Requirement(
                "Acknowledge the current principles",
                has_acknowledged_current_principles(person),
                principles_url(),
            )
        ]
        if acknowledgement_baseline()  # cached
        else []
    )
    completed = set(
        Assignment.objects.filter(
            person=person, status=Assignment.Status.COMPLETED
        ).values_list("course_id", flat=True)
    )
    for course in required_courses_up_to(person, level):
        requirements.append(
            Requirement(
                f"Complete “{course.title}”",
                course.pk in completed,
                course.link or reverse("training:index") + f"#course-{course.pk}",
            )
        )
    if needed := practice_needed_for(level):
        approved = approved_practice_count(person)
        requirements.append(
            Requirement(
                f"{needed} practice repl{'y' if needed == 1 else 'ies'} approved "
                f"by a mentor ({approved} so far)",
                approved >= needed,
                reverse("training:practice"),
            )
        )
    if level >= Level.TRUSTED:
        requirements.append(
            Requirement(
                f"A mentor's sign-off as ready for level {level}",
                Mentoring.objects.filter(
                    mentee=person, signed_off_level__gte=level
                ).exists(),
            )
        )
    return requirements


def requirements_lacking(person, level: int) -> list[str]:
    return [r.text for r in requirements_for(person, level) if not r.met]


def required_courses_up_to(person, level: int) -> QuerySet[Course]:
    """Courses the person's organisation (or every organisation) requires for
    `level` and the levels below it, lowest level first."""
    return (
        Course.objects.filter(required_for_level__lte=level)
        .filter(
            Q(organisation__isnull=True) | Q(organisation_id=person.organisation_id)
        )
        .order_by("required_for_level", "title")
    )


def granted_level(user) -> int:
    record = GrantedLevel.objects.filter(person=user).first()
    return record.level if record else Level.SUPERVISED


def assignments_for(user) -> QuerySet[Assignment]:
    return Assignment.objects.filter(person=user).select_related(
        "course", "declined_by"
    )


def startable_courses(user) -> QuerySet[Course]:
    """Self-paced courses for the person's organisation (or everyone's):
    they may start these themselves."""
    return (
        Course.objects.filter(self_confirmed=True)
        .filter(Q(organisation__isnull=True) | Q(organisation_id=user.organisation_id))
        .order_by("title")
    )


def courses_to_start(user) -> QuerySet[Course]:
    """The startable courses they have not been assigned or started yet."""
    return startable_courses(user).exclude(assignments__person=user)


def assignment_of(user, pk: int) -> Assignment:
    """The person's own assignment; Assignment.DoesNotExist for anyone else's."""
    return assignments_for(user).get(pk=pk)


def assignment_to_confirm_for(user, pk: int) -> Assignment:
    """An assignment of someone the trainer trains (can_train);
    Assignment.DoesNotExist otherwise, hidden or missing alike."""
    assignment = Assignment.objects.select_related("person").get(pk=pk)
    if not can_train(user, assignment.person):
        raise Assignment.DoesNotExist
    return assignment


def person_trained_by(user, pk: int) -> User:
    """Someone the trainer trains (can_train); User.DoesNotExist otherwise."""
    person = User.objects.filter(pk=pk).select_related("organisation").first()
    if person is None or not can_train(user, person):
        raise User.DoesNotExist
    return person


@dataclass
class TrainingRecord:
    """Everything training knows of one person, for their trainers."""

    person: User
    standing: LevelStanding
    requirements: list[Requirement]  # for the level they work towards
    assignments: QuerySet[Assignment]
    mentorings: QuerySet[Mentoring]  # with their sessions
    practice_replies: QuerySet[PracticeReply]
    decisions: QuerySet[LevelDecision]

    @property
    def has_active_mentor(self) -> bool:
        return any(m.active for m in self.mentorings)


def training_record_of(person) -> TrainingRecord:
    """One person's record: a handful of queries, none per row (one person's
    history grows by a few rows a year, so it is not paged)."""
    standing = level_standing_of(person)
    return TrainingRecord(
        person=person,
        standing=standing,
        requirements=requirements_for(person, standing.target_level or 0),
        assignments=assignments_for(person).select_related(
            "assigned_by", "confirmed_by", "declined_by"
        ),
        mentorings=Mentoring.objects.filter(mentee=person)
        .select_related("mentor", "paired_by")
        .prefetch_related(
            Prefetch("sessions", MentoringSession.objects.select_related("logged_by"))
        ),
        practice_replies=PracticeReply.objects.filter(trainee=person).select_related(
            "scenario", "reviewer"
        ),
        decisions=level_decisions_of(person),
    )


def level_decisions_of(person) -> QuerySet[LevelDecision]:
    """The person's level history, newest first, with who decided."""
    return person.level_decisions.select_related("decided_by")


def active_mentorings_as_mentee(user) -> QuerySet[Mentoring]:
    return Mentoring.objects.filter(mentee=user, active=True).select_related("mentor")


def active_mentorings_as_mentor(user) -> QuerySet[Mentoring]:
    return Mentoring.objects.filter(mentor=user, active=True).select_related("mentee")


def active_mentorings_with_replies_waiting(mentor) -> QuerySet[Mentoring]:
    """The mentor's active pairings, each with `replies_waiting`: how many
    practice replies its mentee submitted that wait for review (what
    replies_to_review counts, in the same query: the home page)."""
    waiting = (
        PracticeReply.objects.filter(
            trainee=OuterRef("mentee"), status=PracticeReply.Status.SUBMITTED
        )
        .order_by()
        .values("trainee")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return active_mentorings_as_mentor(mentor).annotate(
        replies_waiting=Coalesce(Subquery(waiting), 0)
    )


def mentees_of(mentor) -> QuerySet[User]:
    """The people `mentor` mentors now (an active pairing), for other apps too:
    moderation shows a mentor their mentees' posts."""
    return User.objects.filter(mentorings__mentor=mentor, mentorings__active=True)


def mentoring_for(user, pk: int) -> Mentoring:
    """A pairing the user may see; raises Mentoring.DoesNotExist otherwise."""
    mentoring = Mentoring.objects.select_related("mentor", "mentee").get(pk=pk)
    if not can_see_mentoring(user, mentoring):
        raise Mentoring.DoesNotExist
    return mentoring


def sessions_logged_since(mentor, since: date) -> int:
    """Sessions the mentor logged, held on or after `since` (their home page)."""
    return MentoringSession.objects.filter(
        mentoring__mentor=mentor, held_on__gte=since
    ).count()


def sessions_of(mentoring) -> QuerySet[MentoringSession]:
    return mentoring.sessions.select_related("logged_by")


def mentors_in(organisations) -> QuerySet[User]:
    """People of these organisations who mentor or have mentored, each with
    `load`, their active mentees, by name."""
    return (
        User.objects.filter(
            organisation__in=organisations, mentees_as_mentor__isnull=False
        )
        .annotate(
            load=Count("mentees_as_mentor", filter=Q(mentees_as_mentor__active=True))
        )
        .order_by("full_name", "pk")
    )


def with_capacity(mentors) -> list[tuple[User, int, int]]:
    """(mentor, active mentees, capacity) for a page of `mentors_in`."""
    mentors = list(mentors)
    capacity = dict(
        MentorCapacity.objects.filter(mentor__in=mentors).values_list(
            "mentor_id", "max_mentees"
        )
    )
    return [(m, m.load, capacity.get(m.pk, DEFAULT_CAPACITY)) for m in mentors]


def active_mentee_count(mentor) -> int:
    return Mentoring.objects.filter(mentor=mentor, active=True).count()


def capacity_of(mentor) -> int:
    record = MentorCapacity.objects.filter(mentor=mentor).first()
    return record.max_mentees if record else DEFAULT_CAPACITY


def staff_trained_by(user) -> QuerySet[User]:
    """Active people of the organisations the trainer trains, never the
    trainer: the choices of their forms are exactly the people the services
    accept (can_train), so a refused choice is the form's error, not a 403."""
    return (
        User.objects.filter(
            organisation__in=organisations_trained_by(user), is_active=True
        )
        .exclude(pk=user.pk)
        .order_by("full_name", "email")
    )


def mentors_for(user) -> QuerySet[User]:
    """The people the trainer may pair as a mentor: their staff who hold at
    least MENTOR_MIN_LEVEL (stored standing). The Pair form offers exactly
    these and mentoring_create accepts exactly these."""
    return staff_trained_by(user).filter(
        level_standing__level__gte=settings.MENTOR_MIN_LEVEL
    )


@dataclass
class OrganisationTraining:
    """What the trainer dashboard counts for one organisation."""

    organisation: object
    people_by_level: dict[int, int]
    overdue: int = 0
    waiting_for_mentor: int = 0
    # Finished by the person, waiting for a trainer: overdue or not.
    awaiting_confirmation: int = 0

    @property
    def level_counts(self) -> list[int]:
        return [self.people_by_level[level] for level in Level.values]


def _open_assignments(organisations) -> QuerySet[Assignment]:
    return Assignment.objects.exclude(status=Assignment.Status.COMPLETED).filter(
        person__organisation__in=organisations
    )


def _overdue(today: date) -> Q:
    return Q(due_date__lt=today)


def _awaiting_confirmation_by_others(user) -> Q:
    # Nobody confirms their own (can_train).
    return Q(status=Assignment.Status.AWAITING_CONFIRMATION) & ~Q(person=user)


def trainer_dashboard(
    user, *, today: date, organisations=None
) -> list[OrganisationTraining]:
    """For each organisation the trainer trains: people by level, and how many
    assignments are overdue, how many finished ones wait for this trainer to
    confirm them and how many people at level 1 have no mentor. Counted by the
    database over indexed rows (three queries beside the organisations),
    never by loading people: the lists themselves are paged selectors below.
    `organisations`: the trainer's, when the caller has them already."""
    if organisations is None:
        organisations = list(organisations_trained_by(user))
    counts = level_counts_by_organisation(o.pk for o in organisations)
    rows = {
        o.pk: OrganisationTraining(organisation=o, people_by_level=counts[o.pk])
        for o in organisations
    }
    for organisation_id, overdue, awaiting in (
        _open_assignments(organisations)
        .values("person__organisation_id")
        .annotate(
            overdue=Count("pk", filter=_overdue(today)),
            awaiting=Count("pk", filter=_awaiting_confirmation_by_others(user)),
        )
        .values_list("person__organisation_id", "overdue", "awaiting")
        .order_by()
    ):
        rows[organisation_id].overdue = overdue
        rows[organisation_id].awaiting_confirmation = awaiting
    for organisation_id, waiting in (
        waiting_for_mentor_in(organisations)
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "n")
        .order_by()
    ):
        rows[organisation_id].waiting_for_mentor = waiting
    return list(rows.values())


def overdue_training_in(organisations, *, today: date) -> QuerySet[Assignment]:
    """Unfinished or unconfirmed assignments past their due date, oldest first."""
    return (
        _open_assignments(organisations)
        .filter(_overdue(today))
        .select_related("course", "person__organisation")
        .order_by("due_date", "pk")
    )


def awaiting_confirmation_by(user) -> QuerySet[Assignment]:
    """Finished assignments in the organisations the trainer trains that wait
    for them to confirm, oldest due first (never their own)."""
    return (
        _open_assignments(organisations_trained_by(user))
        .filter(_awaiting_confirmation_by_others(user))
        .select_related("course", "person__organisation")
        .order_by("due_date", "pk")
    )


def waiting_for_mentor_in(organisations) -> QuerySet[User]:
    """Active people at level 1 (supervised) with no active mentor, by name.

    Reads the stored level (LevelStanding): someone without a row yet (made
    around the services) appears once the nightly level check stores it."""
    return (
        User.objects.filter(
            organisation__in=organisations,
            is_active=True,
            # The standing's own copy of the organisation too: with it the
            # standings' (organisation, level) index finds the few at level
            # 1 instead of every level-1 standing of every organisation.
            level_standing__organisation__in=organisations,
            level_standing__level=Level.SUPERVISED,
        )
        .exclude(Exists(Mentoring.objects.filter(mentee=OuterRef("pk"), active=True)))
        .select_related("organisation")
        .order_by("full_name", "pk")
    )


def open_training_counts_for(user, *, today: date) -> tuple[int, int]:
    """(overdue, awaiting confirmation) for the trainer's weekly summary and
    home page: the dashboard's two totals over the organisations they train,
    counted in one query over the open-assignments index without loading a
    row."""
    counts = _open_assignments(organisations_trained_by(user)).aggregate(
        overdue=Count("pk", filter=_overdue(today)),
        awaiting=Count("pk", filter=_awaiting_confirmation_by_others(user)),
    )
    return counts["overdue"], counts["awaiting"]


def approved_practice_count(user) -> int:
    return PracticeReply.objects.filter(
        trainee=user, status=PracticeReply.Status.APPROVED
    ).count()


def scenarios() -> QuerySet[PracticeScenario]:
    return PracticeScenario.objects.all()


def scenario_by_id(pk: int) -> PracticeScenario:
    """Every signed-in person may practise on every scenario."""
    return PracticeScenario.objects.get(pk=pk)


def scenarios_with_replies_for(user) -> list[tuple[PracticeScenario, PracticeReply]]:
    """Every scenario, each with the user's reply to it (None if they have not
    replied yet)."""
    mine = {r.scenario_id: r for r in PracticeReply.objects.filter(trainee=user)}
    return [(s, mine.get(s.pk)) for s in scenarios()]


def practice_reply_of(user, scenario) -> PracticeReply | None:
    """The user's own reply to the scenario, if they have sent one."""
    return PracticeReply.objects.filter(scenario=scenario, trainee=user).first()


def active_mentor_of(user) -> User | None:
    mentoring = Mentoring.objects.filter(mentee=user, active=True).select_related(
        "mentor"
    )
    return mentoring[0].mentor if mentoring else None


def practice_reply_for(user, pk: int) -> PracticeReply:
    """A reply the user may read: the trainee, their active mentor, and
    trainers of the trainee's organisation. Raises DoesNotExist otherwise."""
    reply = PracticeReply.objects.select_related("scenario", "trainee", "reviewer").get(
        pk=pk
    )
    if user.pk == reply.trainee_id or can_review_practice_reply(user, reply):
        return reply
    if can_train(user, reply.trainee):
        return reply
    raise PracticeReply.DoesNotExist


def replies_to_review(mentor) -> QuerySet[PracticeReply]:
    """Submitted replies of the mentor's active mentees."""
    return PracticeReply.objects.filter(
        trainee__in=mentees_of(mentor), status=PracticeReply.Status.SUBMITTED
    ).select_related("scenario", "trainee")


NEW_JOINER_DAYS = 30  # the People page's "new joiners": joined this recently


def people_trained_by(
    user,
    *,
    today: date,
    q: str = "",
    organisation=None,
    level: int | None = None,
    overdue: bool = False,
    no_mentor: bool = False,
    new_joiners: bool = False,
    awaiting_confirmation: bool = False,
) -> QuerySet[User]:
    """Active people of the organisations the trainer trains (or of one of
    them), the trainer aside, by name, for the People page and its CSV, each
    with `overdue` (their overdue assignments) and `mentor_name` (their
    active mentor's).
    Filters match a part of the name or email, the stored level, and
    whether they have overdue training, no active mentor, joined in the last
    NEW_JOINER_DAYS or have finished training awaiting this trainer (as the
    dashboard counts it: never their own). The per-person figures are
    subqueries the database runs for the rows of one page only."""
    organisations = organisations_trained_by(user)
    if organisation is not None:
        organisations = organisations.filter(pk=organisation.pk)
    # Never the trainer: nobody levels or pairs themselves (can_train).
    people = User.objects.filter(
        organisation__in=organisations, is_active=True
    ).exclude(pk=user.pk)
    if q:
        people = people.filter(Q(full_name__icontains=q) | Q(email__icontains=q))
    if level is not None:
        people = people.filter(level_standing__level=level)
    # The dashboard's own definitions, per person.
    theirs = Assignment.objects.filter(person=OuterRef("pk"))
    their_overdue = theirs.exclude(status=Assignment.Status.COMPLETED).filter(
        _overdue(today)
    )
    their_mentoring = Mentoring.objects.filter(mentee=OuterRef("pk"), active=True)
    if overdue:
        people = people.filter(Exists(their_overdue))
    if no_mentor:
        people = people.exclude(Exists(their_mentoring))
    if new_joiners:
        people = people.filter(date_joined__date__gt=today - timedelta(NEW_JOINER_DAYS))
    if awaiting_confirmation:
        finished = theirs.filter(_awaiting_confirmation_by_others(user))
        people = people.filter(Exists(finished))
    return (
        people.annotate(
            overdue=Coalesce(
                Subquery(
                    their_overdue.order_by()
                    .values("person")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
            mentor_name=Subquery(their_mentoring.values("mentor__full_name")[:1]),
        )
        .select_related("organisation")
        .order_by("full_name", "pk")
    )


@dataclass(frozen=True)
class PersonTraining:
    """One row of the People page and its CSV."""

    person: User
    level: int
    target_level: int | None
    lacking: list[str]  # what stands between them and target_level
    overdue: int
    mentor_name: str


def people_rows(people) -> list[PersonTraining]:
    """Rows for these people (a page of people_trained_by): their stored
    standings and the titles of the courses they miss, in two queries
    however many people."""
    people = list(people)
    standings = level_standings(p.pk for p in people)
    course_ids = {pk for s in standings.values() for pk in s.missing_course_ids}
    titles = dict(Course.objects.filter(pk__in=course_ids).values_list("pk", "title"))
    rows = []
    for person in people:
        standing = standings[person.pk]
        rows.append(
            PersonTraining(
                person=person,
                level=standing.level,
                target_level=standing.target_level,
                lacking=_lacking(standing, titles),
                overdue=person.overdue,
                mentor_name=person.mentor_name or "",
            )
        )
    return rows


ROWS_AT_A_TIME = 1000


def all_people_rows(people):
    """people_rows for every one of them (the CSV), ROWS_AT_A_TIME at a time:
    memory and queries per chunk, not per person."""
    chunk = []
    for person in people.iterator(chunk_size=ROWS_AT_A_TIME):
        chunk.append(person)
        if len(chunk) == ROWS_AT_A_TIME:
            yield from people_rows(chunk)
            chunk = []
    yield from people_rows(chunk)


def _lacking(standing: LevelStanding, titles: dict[int, str]) -> list[str]:
    lacking = []
    if not standing.acknowledged:
        lacking.append("acknowledge the current principles")
    lacking += [
        f"complete {titles[pk]}" for pk in standing.missing_course_ids if pk in titles
    ]
    if standing.practice_needed:
        n = standing.practice_needed
        lacking.append(f"{n} more approved practice repl{'y' if n == 1 else 'ies'}")
    if standing.sign_off_needed:
        lacking.append("a mentor's sign-off")
    return lacking
