from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.permissions import can_use_role_pages
from accounts.roles import Role
from accounts.selectors import organisations_trained_by
from core.exports import csv_response
from core.http import errors_to_form, form_status, object_or_404, posted
from core.paging import paginate
from core.states import InvalidTransition

from . import selectors, services
from .forms import (
    AssignForm,
    CapacityForm,
    CourseForm,
    DeclineForm,
    LevelForm,
    PairForm,
    PeopleFilterForm,
    PracticeReplyForm,
    ReviewForm,
    ScenarioForm,
    SessionForm,
    SignOffForm,
)
from .hooks import MENTORING_LINKS
from .models import Assignment, Level, PracticeReply
from .permissions import (
    assignment_actions_for,
    can_mentor,
    can_review_practice_reply,
    can_send_practice_reply,
    can_train,
)

trainer_required = role_required(Role.TRAINER)
# Four lists share the dashboard: shorter pages than a list's own page.
DASHBOARD_LIST = 20


@login_required
@require_GET
def index(request):
    """My training: level and why, assignments, mentoring."""
    user = request.user
    standing = selectors.level_standing_of(user)
    return render(
        request,
        "training/index.html",
        {
            "standing": standing,
            "level": Level(standing.level),
            "granted": Level(standing.granted),
            "requirements": selectors.requirements_for(
                user, standing.target_level or 0
            ),
            "latest_decision": selectors.level_decisions_of(user).first(),
            "principles_url": selectors.principles_url(),
            "assignments": [
                (a, assignment_actions_for(user, a))
                for a in selectors.assignments_for(user)
            ],
            "to_start": selectors.courses_to_start(user),
            "mentorings": selectors.active_mentorings_as_mentee(user),
            "mentees": selectors.active_mentorings_as_mentor(user),
            # Their own pages link the trainer's, found no other way in a
            # week when nothing is due.
            "is_trainer": can_use_role_pages(user, Role.TRAINER),
        },
    )


@login_required
@require_POST
def start_course(request, pk: int):
    """The person starts a self-paced course themselves."""
    object_or_404(selectors.startable_courses(request.user).get, pk=pk)
    try:
        assignment = services.assignment_self_start(course_id=pk, actor=request.user)
    except InvalidTransition as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"“{assignment.course}” is in your courses, due "
            f"{assignment.due_date:%-d %B %Y}. Mark it finished when you have done it.",
        )
    return redirect("training:index")


@login_required
@require_POST
def progress(request, pk: int):
    object_or_404(selectors.assignment_of, request.user, pk)
    try:
        assignment = services.assignment_progress(
            assignment_id=pk, actor=request.user, finished="finish" in request.POST
        )
    except InvalidTransition as error:
        messages.error(request, str(error))
        return redirect("training:index")
    done = {
        Assignment.Status.IN_PROGRESS: "marked as started",
        Assignment.Status.COMPLETED: "completed",
        Assignment.Status.AWAITING_CONFIRMATION: "marked as finished; "
        "a trainer will confirm it",
    }[assignment.status]
    messages.success(request, f"“{assignment.course}” {done}.")
    return redirect("training:index")


@trainer_required
@require_GET
def dashboard(request):
    """Counts per organisation, then four lists over every organisation the
    trainer trains, each paged under its own parameter."""
    user, today = request.user, timezone.localdate()
    organisations = list(organisations_trained_by(user))
    mentors = paginate(
        request,
        selectors.mentors_in(organisations),
        per_page=DASHBOARD_LIST,
        param="mentors",
    )
    mentors["page"].object_list = selectors.with_capacity(mentors["page"])
    rows = selectors.trainer_dashboard(user, today=today, organisations=organisations)
    lists = {  # each with its total, already counted in `rows`
        "confirm": (
            selectors.awaiting_confirmation_by(user),
            sum(r.awaiting_confirmation for r in rows),
        ),
        "overdue": (
            selectors.overdue_training_in(organisations, today=today),
            sum(r.overdue for r in rows),
        ),
        "waiting": (
            selectors.waiting_for_mentor_in(organisations),
            sum(r.waiting_for_mentor for r in rows),
        ),
    }
    return render(
        request,
        "training/dashboard.html",
        {
            "rows": rows,
            "levels": Level.choices,
            "several": len(organisations) > 1,
            "mentors": mentors,
            **{
                name: paginate(
                    request, items, per_page=DASHBOARD_LIST, param=name, count=total
                )
                for name, (items, total) in lists.items()
            },
        },
    )


@trainer_required
@require_GET
def dashboard_csv(request):
    rows = selectors.trainer_dashboard(request.user, today=timezone.localdate())
    return csv_response(
        "training-dashboard.csv",
        [
            "organisation",
            *[f"level_{n}" for n in Level.values],
            "overdue",
            "waiting_for_mentor",
            "awaiting_confirmation",
        ],
        (
            [
                r.organisation.name,
                *[r.people_by_level[n] for n in Level.values],
                r.overdue,
                r.waiting_for_mentor,
                r.awaiting_confirmation,
            ]
            for r in rows
        ),
    )


def _people_asked_for(request):
    """The People filter form, and the people it selects (None when the form
    is refused: the caller answers 400 with the form's messages)."""
    form = PeopleFilterForm(
        request.GET, organisations=organisations_trained_by(request.user)
    )
    if not form.is_valid():
        return form, None
    today = timezone.localdate()
    return form, selectors.people_trained_by(
        request.user, today=today, **form.cleaned_data
    )


@trainer_required
@require_GET
def people(request):
    """Everyone the trainer trains, searchable and filtered, 50 a page."""
    form, people = _people_asked_for(request)
    if people is None:
        return render(request, "training/people.html", {"form": form}, status=400)
    paging = paginate(request, people)
    return render(
        request,
        "training/people.html",
        {
            "form": form,
            **paging,
            "listed": True,  # an empty page is falsy: "Nobody matches"
            "rows": selectors.people_rows(paging["page"].object_list),
        },
    )


@trainer_required
@require_GET
def people_csv(request):
    """The People page's rows, every one its filters select."""
    form, people = _people_asked_for(request)
    if people is None:
        return render(request, "training/people.html", {"form": form}, status=400)
    return csv_response(
        "training-people.csv",
        [
            "name",
            "email",
            "organisation",
            "level",
            "working_towards",
            "lacking",
            "overdue",
            "mentor",
        ],
        (
            [
                row.person.full_name,
                row.person.email,
                row.person.organisation.name,
                row.level,
                "" if row.target_level is None else row.target_level,
                "; ".join(row.lacking),
                row.overdue,
                row.mentor_name,
            ]
            for row in selectors.all_people_rows(people)
        ),
    )


@trainer_required
@require_http_methods(["GET", "POST"])
def courses(request):
    form = CourseForm(
        posted(request), organisations=organisations_trained_by(request.user)
    )
    if request.method == "POST" and form.is_valid():
        course = services.course_create(actor=request.user, **form.cleaned_data)
        messages.success(request, f"“{course.title}” has been added.")
        return redirect("training:courses")
    return render(
        request,
        "training/courses.html",
        {"form": form, "courses": selectors.courses_for_trainer(request.user)},
        status=form_status(request),
    )


@trainer_required
@require_http_methods(["GET", "POST"])
def course_edit(request, pk: int):
    course = object_or_404(selectors.editable_course_for, request.user, pk)
    organisations = organisations_trained_by(request.user)
    form = CourseForm(posted(request), instance=course, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        course = services.course_update(
            course_id=course.pk, actor=request.user, **form.cleaned_data
        )
        messages.success(request, f"“{course.title}” has been saved.")
        return redirect("training:courses")
    return render(
        request,
        "training/form.html",
        {"form": form, "title": f"Edit “{course.title}”", "button": "Save course"},
        status=form_status(request),
    )


@trainer_required
@require_http_methods(["GET", "POST"])
def assign(request):
    form = AssignForm(
        posted(request),
        staff=selectors.staff_trained_by(request.user),
        courses=selectors.courses_for_trainer(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.assignments_create(
                actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            course = form.cleaned_data["course"]
            messages.success(
                request,
                f"“{course}” assigned to {len(created)} "
                f"{'person' if len(created) == 1 else 'people'}. They have been told.",
            )
            return redirect("training:dashboard")
    return render(
        request,
        "training/form.html",
        {"form": form, "title": "Assign a course", "button": "Assign course"},
        status=form_status(request),
    )


@trainer_required
@require_POST
def confirm(request, pk: int):
    assignment = object_or_404(selectors.assignment_to_confirm_for, request.user, pk)
    try:
        services.assignment_confirm(assignment_id=pk, actor=request.user)
    except InvalidTransition as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Completion confirmed for {assignment.person}.")
    # Back where they confirmed it: the person's record, or the dashboard.
    if request.POST.get("next") == "record":
        return redirect("training:person", assignment.person_id)
    return redirect("training:dashboard")


@trainer_required
@require_http_methods(["GET", "POST"])
def pair(request):
    form = PairForm(
        posted(request),
        # From a training record: that person as the mentee. An id outside
        # the choices selects nobody.
        initial={"mentee": request.GET.get("mentee")},
        staff=selectors.staff_trained_by(request.user),
        mentors=selectors.mentors_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            mentoring = services.mentoring_create(
                actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request,
                f"{mentoring.mentor} will mentor {mentoring.mentee}. "
                "Both have been told.",
            )
            return redirect("training:mentoring", mentoring.pk)
    return render(
        request,
        "training/form.html",
        {"form": form, "title": "Pair a mentor with a mentee", "button": "Pair them"},
        status=form_status(request),
    )


def _mentoring_page(
    request, mentoring, *, session_form=None, sign_off_form=None, status=200
):
    is_mentor = can_mentor(request.user, mentoring)
    return render(
        request,
        "training/mentoring.html",
        {
            "mentoring": mentoring,
            "sessions": selectors.sessions_of(mentoring),
            "is_mentor": is_mentor,
            "mentor_links": MENTORING_LINKS.values(mentoring) if is_mentor else [],
            "is_trainer": can_train(request.user, mentoring.mentee),
            "session_form": session_form or SessionForm(),
            "sign_off_form": sign_off_form or SignOffForm(),
        },
        status=status,
    )


@login_required
@require_GET
def mentoring(request, pk: int):
    return _mentoring_page(
        request, object_or_404(selectors.mentoring_for, request.user, pk)
    )


@login_required
@require_POST
def log_session(request, pk: int):
    mentoring = object_or_404(selectors.mentoring_for, request.user, pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            services.mentoring_session_log(
                mentoring_id=pk, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, "Session logged.")
            return redirect("training:mentoring", pk)
    return _mentoring_page(request, mentoring, session_form=form, status=400)


@login_required
@require_POST
def sign_off(request, pk: int):
    mentoring = object_or_404(selectors.mentoring_for, request.user, pk)
    form = SignOffForm(request.POST)
    if form.is_valid():
        try:
            services.mentoring_sign_off(
                mentoring_id=pk, level=form.cleaned_data["level"], actor=request.user
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request,
                f"You signed off {mentoring.mentee} as ready for level "
                f"{form.cleaned_data['level']}. "
                "Their trainer can now raise their level.",
            )
            return redirect("training:mentoring", pk)
    return _mentoring_page(request, mentoring, sign_off_form=form, status=400)


@login_required
@require_POST
def end_mentoring(request, pk: int):
    mentoring = object_or_404(selectors.mentoring_for, request.user, pk)
    services.mentoring_end(mentoring_id=mentoring.pk, actor=request.user)
    messages.success(request, "The mentoring has ended.")
    return redirect("training:dashboard")


def _record_page(request, person, *, level_form=None, decline=None, status=200):
    """A person's training record, with the level form and, when a decline
    came back to be corrected, its form ((assignment id, form))."""
    record = selectors.training_record_of(person)
    level_form = level_form or LevelForm(initial={"level": record.standing.granted})
    declining_id, decline_form = decline or (None, None)
    return render(
        request,
        "training/record.html",
        {
            "record": record,
            "effective": Level(record.standing.level),
            "granted": Level(record.standing.granted),
            "level_form": level_form,
            # The form the error summary reads: the one sent back, if any.
            "form": decline_form or level_form,
            "assignments": [
                (
                    a,
                    decline_form
                    if a.pk == declining_id
                    else DeclineForm(prefix=f"decline-{a.pk}"),
                )
                for a in record.assignments
            ],
        },
        status=status,
    )


@trainer_required
@require_GET
def person(request, pk: int):
    """A person's training record: assignments, mentoring, practice, levels."""
    return _record_page(
        request, object_or_404(selectors.person_trained_by, request.user, pk)
    )


@trainer_required
@require_POST
def person_level(request, pk: int):
    person = object_or_404(selectors.person_trained_by, request.user, pk)
    form = LevelForm(request.POST)
    if form.is_valid():
        try:
            services.level_set(person=person, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request,
                f"{person} is now at level {form.cleaned_data['level']}. "
                "They have been told.",
            )
            return redirect("training:person", pk)
    return _record_page(request, person, level_form=form, status=400)


@trainer_required
@require_POST
def decline(request, pk: int):
    assignment = object_or_404(selectors.assignment_to_confirm_for, request.user, pk)
    form = DeclineForm(request.POST, prefix=f"decline-{pk}")
    if form.is_valid():
        try:
            services.assignment_decline(
                assignment_id=pk, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        except InvalidTransition as error:
            messages.error(request, str(error))
            return redirect("training:person", assignment.person_id)
        else:
            messages.success(
                request,
                f"“{assignment.course}” sent back to {assignment.person}, "
                "with your reason. They have been told.",
            )
            return redirect("training:person", assignment.person_id)
    return _record_page(request, assignment.person, decline=(pk, form), status=400)


@trainer_required
@require_POST
def capacity(request, pk: int):
    mentor = object_or_404(selectors.person_trained_by, request.user, pk)
    form = CapacityForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter a maximum between 0 and 20 mentees.")
        return redirect("training:dashboard")
    try:
        services.mentor_capacity_set(
            mentor=mentor,
            max_mentees=form.cleaned_data["max_mentees"],
            actor=request.user,
        )
    except PermissionDenied:
        raise Http404 from None
    messages.success(
        request, f"{mentor} can now take {form.cleaned_data['max_mentees']} mentees."
    )
    return redirect("training:dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def practice(request):
    """Practice scenarios; trainers add new ones here."""
    is_trainer = can_use_role_pages(request.user, Role.TRAINER)
    form = ScenarioForm(posted(request)) if is_trainer else None
    if request.method == "POST":
        if not is_trainer:
            raise PermissionDenied
        if form.is_valid():
            scenario = services.scenario_create(actor=request.user, **form.cleaned_data)
            messages.success(request, f"“{scenario.title}” is ready for trainees.")
            return redirect("training:practice")
    return render(
        request,
        "training/practice.html",
        {
            "scenarios": selectors.scenarios_with_replies_for(request.user),
            "form": form,
            "to_review": selectors.replies_to_review(request.user),
        },
        status=form_status(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_scenario(request, pk: int):
    scenario = object_or_404(selectors.scenario_by_id, pk)
    reply = selectors.practice_reply_of(request.user, scenario)
    form = PracticeReplyForm(
        posted(request), initial={"text": reply.text if reply else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            reply = services.practice_reply_submit(
                scenario_id=pk, text=form.cleaned_data["text"], actor=request.user
            )
        except InvalidTransition as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Your reply has been sent to your mentor.")
        return redirect("training:practice_scenario", pk)
    return render(
        request,
        "training/practice_scenario.html",
        {
            "scenario": scenario,
            "reply": reply,
            "form": form,
            "can_send": can_send_practice_reply(reply),
        },
        status=form_status(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_reply(request, pk: int):
    reply = object_or_404(selectors.practice_reply_for, request.user, pk)
    is_reviewer = can_review_practice_reply(request.user, reply)
    form = ReviewForm(posted(request))
    if request.method == "POST":
        if not is_reviewer:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.practice_reply_review(
                    reply_id=pk,
                    approve=form.cleaned_data["decision"] == "approve",
                    comment=form.cleaned_data["comment"],
                    actor=request.user,
                )
            except ValidationError as error:
                errors_to_form(form, error)
            except InvalidTransition as error:
                messages.error(request, str(error))
                return redirect("training:practice_reply", pk)
            else:
                messages.success(
                    request, f"Review sent. {reply.trainee} has been told."
                )
                return redirect("training:practice")
    return render(
        request,
        "training/practice_reply.html",
        {
            "reply": reply,
            "form": form,
            "can_review": is_reviewer and reply.allows(PracticeReply.Action.APPROVE),
        },
        status=form_status(request),
    )
