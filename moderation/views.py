from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Textarea
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.roles import Role
from accounts.selectors import organisations_reviewed_by
from conversations.models import OrganisationThread
from conversations.selectors import conversation_for
from core.exports import csv_response
from core.http import errors_to_form, form_status, object_or_404, posted
from core.paging import paginate
from core.states import InvalidTransition
from training.selectors import effective_levels

from . import selectors, services
from .forms import (
    BulkApproveForm,
    DecisionForm,
    DisclosureForm,
    FlagForm,
    LogFilterForm,
    LogPostedForm,
    OutcomeForm,
    PostForm,
    QueueFilterForm,
    RecordPostedForm,
    ReplyForm,
    ResponseForm,
)
from .models import Action, ClaimRequired
from .permissions import (
    can_author_post,
    can_review_post,
    claim_refusal,
    post_actions_for,
)
from .routing import highlight

# Press officers review their organisations' posts; administrators review
# the posts sent to them because an organisation's press office had nobody
# else (ReviewPolicy.fallback). What each may see is posts_reviewable_by's.
reviewer = role_required(Role.PRESS_OFFICER, Role.ADMINISTRATOR)


# Where each form sits on the post's page (moderation/post.html), to come back
# there, as typed, when it was sent with a mistake.
FORM_ON_PAGE = {
    DisclosureForm: "submit_form",
    LogPostedForm: "submit_form",
    RecordPostedForm: "record_form",
    DecisionForm: "decision_form",
    FlagForm: "flag_form",
    ResponseForm: "response_form",
    ReplyForm: "reply_form",
    OutcomeForm: "outcome_form",
}


def _act(request, pk: int, call, done: str):
    """Run one service for the post; say plainly what happened or why not."""
    post = object_or_404(selectors.post_for, request.user, pk)
    try:
        call(post)
    except InvalidTransition as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done.format(author=post.author, topic=post.topic))
    return redirect("moderation:post", pk)


# The author's side --------------------------------------------------------


def _my_log(request) -> tuple[LogFilterForm, object]:
    """The log filter form and the author's posts it selects (all of them while
    the filters are invalid, as the page shows them)."""
    form = LogFilterForm(request.GET, author=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, selectors.posts_by(request.user, **filters)


@login_required
@require_GET
def my_log_csv(request):
    _, posts = _my_log(request)
    return csv_response(
        "my-participation-log.csv",
        [
            "created",
            "status",
            "community",
            "thread",
            "purpose",
            "topic",
            "posted_url",
            "outcome",
        ],
        (
            [
                p.created_at.date().isoformat(),
                p.get_status_display(),
                p.community.name if p.community else p.community_url,
                p.thread_url,
                p.get_purpose_display(),
                p.topic,
                p.posted_url,
                p.outcome,
            ]
            for p in posts
        ),
    )


@login_required
@require_GET
def my_log(request):
    form, posts = _my_log(request)
    return render(
        request,
        "moderation/my_log.html",
        {"form": form, **paginate(request, posts, per_page=20)},
        status=200 if form.is_valid() else 400,
    )


def _joining(request) -> dict:
    """ "Join this conversation" (?thread=N, one of the conversations the
    person is shown): the draft starts with its community, thread and topic.
    Any other number starts an empty draft."""
    try:
        joined = conversation_for(request.user, int(request.GET.get("thread", "")))
    except (ValueError, OrganisationThread.DoesNotExist):
        return {}
    thread = joined.thread
    return {
        "community": thread.community if thread.community.is_listed else None,
        "community_url": "" if thread.community.is_listed else thread.community.url,
        "thread_url": thread.url,
        "topic": thread.title[:200],
    }


@login_required
@require_http_methods(["GET", "POST"])
def new_post(request):
    form = PostForm(posted(request), initial=_joining(request))
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(author=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Draft saved.")
            return redirect("moderation:post", post.pk)
    return render(
        request,
        "moderation/form.html",
        {"form": form, "title": "Log a conversation and draft your post"},
        status=form_status(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_post(request, pk: int):
    post = object_or_404(selectors.post_for, request.user, pk)
    if not can_author_post(request.user, post):
        raise PermissionDenied
    initial = {f: getattr(post, f) for f in services.POST_FIELDS}
    form = PostForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_update(post_id=pk, actor=request.user, data=form.cleaned_data)
        except InvalidTransition as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Draft saved.")
        return redirect("moderation:post", pk)
    return render(
        request,
        "moderation/form.html",
        {"form": form, "title": "Edit your draft", "post": post},
        status=form_status(request),
    )


@login_required
@require_GET
def post_detail(request, pk: int):
    return _post_page(request, object_or_404(selectors.post_for, request.user, pk))


def _free_text_of(form) -> str:
    """What the person wrote in the form's text boxes (not the choices)."""
    return "\n\n".join(
        form.cleaned_data[name]
        for name, field in form.fields.items()
        if isinstance(field.widget, Textarea) and form.cleaned_data.get(name)
    )


def _overtaken(post) -> str:
    """What happened to the post just before the refused action."""
    last = selectors.last_change_of(post)
    if last is None:
        return f"This post is now {post.get_status_display().lower()}."
    who = last.actor.full_name if last.actor else "The portal"
    when = timezone.localtime(last.created_at)
    return (
        f"{last.get_action_display()}: {who} at {when:%H:%M} on "
        f"{when:%-d %B}, before yours was saved. Nothing you sent was "
        "recorded; what you typed is below."
    )


def _post_page(request, post, *, status: int = 200, typed: str = "", **bound_forms):
    """The post's page; `bound_forms` (decision_form=..., say) replace the
    empty ones, so a form sent with a mistake comes back with what was typed
    and its errors, the error summary linking to the fields. `typed`: text
    whose form the page no longer shows (the post moved on), shown to copy."""
    now = timezone.now()
    actions = post_actions_for(request.user, post, now=now)
    route = services.route_for(post) if actions.send else None
    is_reviewer = can_review_post(request.user, post)
    reviewing = is_reviewer and post.allows(Action.APPROVE)
    conversation = selectors.conversation_of(post)
    context = {
        "post": post,
        "events": post.events.select_related("actor"),
        "flags": post.flags.select_related("raised_by", "resolved_by"),
        "is_author": can_author_post(request.user, post),
        "is_reviewer": is_reviewer,
        "can": actions,
        "claimed_by": post.claimed_by if post.claim_holder_id(now) else None,
        # An officer the claim rule stops deciding: why, and what to do.
        "claim_note": claim_refusal(post, request.user, now=now)
        if reviewing and not actions.review
        else "",
        "route": route,
        # Who reviews it when nobody in its own press office can: the one it
        # was sent to, or, on a draft, the one it would go to now.
        "reviewed_by": selectors.fallback_name(
            *(
                selectors.review_fallback_for(post)
                if route and route.needs_review
                else (post.fallback, post.fallback_organisation)
            )
        ),
        "submit_form": LogPostedForm(),
        "record_form": RecordPostedForm(),
        "decision_form": DecisionForm(),
        "flag_form": FlagForm(),
        "response_form": ResponseForm(),
        "reply_form": ReplyForm(),
        # What a decision needs, for whoever reviews it: the author's level,
        # latest level decision, recent posts and flags; the post's text with
        # the sensitive topics it touches marked.
        "author_record": selectors.author_record_for(post) if is_reviewer else None,
        "post_text": highlight(
            post.text, selectors.sensitive_topics_of(post.organisation)
        )
        if is_reviewer and post.sensitive_topics
        else post.text,
        "conversation": conversation,
        "latest_request": next(
            (e for e in reversed(conversation) if e.action == Action.REQUEST_CHANGES),
            None,
        ),
        # A resubmission: what changed since the reviewer last saw it.
        "changes": selectors.changes_since_last_submission(post) if reviewing else None,
        "outcome_form": OutcomeForm(),
        "post_by": selectors.approval_lapses_at(post),
        **bound_forms,
        "typed": typed,
        # base.html's error summary reads `form`.
        "form": next(iter(bound_forms.values()), None),
    }
    if context["is_reviewer"]:
        request.navigation_section = "moderation:queue"  # their work: Review
    return render(request, "moderation/post.html", context, status=status)


def _with_form(request, pk: int, form_class, call, done):
    """A form on the post's page, sent: `call(post, cleaned_data)` runs the
    service. A mistake, the form's or the service's, comes back on the
    post's page as a 400 with what was typed and the error on its field, and
    nothing changed. `done`: the message (or a function of the data giving
    it)."""
    post = object_or_404(selectors.post_for, request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(post, form.cleaned_data)
        except InvalidTransition as error:
            # Someone else got there first, or holds the claim: say who and
            # when, keep the form.
            post = object_or_404(selectors.post_for, request.user, pk)
            claimed = isinstance(error, ClaimRequired)
            messages.error(request, str(error) if claimed else _overtaken(post))
            return _post_page(
                request,
                post,
                status=409,
                typed=_free_text_of(form),
                **{FORM_ON_PAGE[form_class]: form},
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            text = done(form.cleaned_data) if callable(done) else done
            messages.success(request, text.format(author=post.author, topic=post.topic))
            return redirect("moderation:post", pk)
    return _post_page(request, post, status=400, **{FORM_ON_PAGE[form_class]: form})


@login_required
@require_POST
def submit(request, pk: int):
    return _with_form(
        request,
        pk,
        DisclosureForm,
        lambda post, data: services.post_submit(
            post_id=post.pk, actor=request.user, disclosed_role=data["disclosed_role"]
        ),
        "Sent to the press office for review. We will tell you what they decide.",
    )


@login_required
@require_POST
def log_posted(request, pk: int):
    return _with_form(
        request,
        pk,
        LogPostedForm,
        lambda post, data: services.post_log_posted(
            post_id=post.pk, actor=request.user, **data
        ),
        "Logged as posted. Thank you for recording it.",
    )


@login_required
@require_POST
def reply(request, pk: int):
    return _with_form(
        request,
        pk,
        ReplyForm,
        lambda post, data: services.post_reply(
            post_id=post.pk, actor=request.user, text=data["reply"]
        ),
        "Your reply is on the post. The press office has been told.",
    )


@login_required
@require_POST
def withdraw(request, pk: int):
    return _act(
        request,
        pk,
        lambda post: services.post_withdraw(post_id=post.pk, actor=request.user),
        "Withdrawn.",
    )


@login_required
@require_POST
def record_posted(request, pk: int):
    return _with_form(
        request,
        pk,
        RecordPostedForm,
        lambda post, data: services.post_record_posted(
            post_id=post.pk, actor=request.user, **data
        ),
        "Recorded as posted.",
    )


def _with_flag_form(request, pk: int, form_class, service, done: str):
    """A learning-review form: the flag's post answers as _with_form does."""
    flag = object_or_404(selectors.flag_for, request.user, pk)
    return _with_form(
        request,
        flag.post_id,
        form_class,
        lambda post, data: service(flag_id=flag.pk, actor=request.user, **data),
        done,
    )


@login_required
@require_POST
def respond(request, pk: int):
    return _with_flag_form(
        request,
        pk,
        ResponseForm,
        services.flag_respond,
        "Your answer has been recorded for the learning review.",
    )


# The press office's side --------------------------------------------------


@reviewer
@require_GET
def queue(request):
    form = QueueFilterForm(
        request.GET, organisations=organisations_reviewed_by(request.user)
    )
    if not form.is_valid():
        return render(request, "moderation/queue.html", {"form": form}, status=400)
    paging = paginate(
        request, selectors.review_queue_for(request.user, **form.cleaned_data)
    )
    posts = list(paging["page"].object_list)
    levels = effective_levels({p.author_id for p in posts})
    now = timezone.now()
    return render(
        request,
        "moderation/queue.html",
        {
            "form": form,
            **paging,
            "rows": [(p, levels[p.author_id], now - p.submitted_at) for p in posts],
            "counts": selectors.live_counts_for(request.user, now=now),
        },
    )


@reviewer
@require_GET
def after_the_fact(request):
    return render(
        request,
        "moderation/after.html",
        {
            **paginate(request, selectors.posts_after_posting_for(request.user)),
            "flags": paginate(
                request, selectors.open_flags_for(request.user), param="flags_page"
            ),
        },
    )


@reviewer
@require_POST
def claim(request, pk: int):
    return _act(
        request,
        pk,
        lambda post: services.post_claim(post_id=post.pk, actor=request.user),
        "You are now looking at this item; other officers can see that.",
    )


@reviewer
@require_POST
def release(request, pk: int):
    return _act(
        request,
        pk,
        lambda post: services.post_release(post_id=post.pk, actor=request.user),
        "You released your claim: another officer can take this item.",
    )


DONE = {
    "approve": "Approved. {author} has been told and can now post it.",
    "request_changes": "Changes requested. {author} has been told.",
    "reject": "Rejected. {author} has been told why.",
}


@reviewer
@require_POST
def decide(request, pk: int):
    def record(post, data):
        comment, decision = data["comment"], data["decision"]
        if decision == "approve":
            services.post_approve(post_id=post.pk, actor=request.user, comment=comment)
        elif decision == "request_changes":
            services.post_request_changes(
                post_id=post.pk, actor=request.user, comment=comment
            )
        else:
            services.post_reject(
                post_id=post.pk,
                actor=request.user,
                comment=comment,
                reason_code=data["reason_code"],
            )

    return _with_form(
        request,
        pk,
        DecisionForm,
        record,
        lambda data: DONE[data["decision"]],
    )


@reviewer
@require_POST
def bulk_approve(request):
    """Approve several items, once the officer has seen them listed together
    (high-risk communities and sensitive topics marked) and confirmed; each
    is still checked and recorded on its own."""
    form = BulkApproveForm(request.POST, queue=selectors.review_queue_for(request.user))
    if not form.is_valid():
        messages.error(request, "Choose items from your queue to approve.")
        return redirect("moderation:queue")
    if "confirm" not in request.POST:
        return render(
            request,
            "moderation/bulk_confirm.html",
            {"posts": form.cleaned_data["posts"]},
        )
    approved, refused = 0, []
    for post in form.cleaned_data["posts"]:
        try:
            services.post_approve(post_id=post.pk, actor=request.user)
            approved += 1
        except (InvalidTransition, PermissionDenied) as error:
            refused.append(f"{post.topic}: {error or 'not yours to review'}")
    messages.success(request, f"Approved {approved}. Each author has been told.")
    if refused:
        messages.error(request, "Not approved: " + "; ".join(refused))
    return redirect("moderation:queue")


@reviewer
@require_POST
def flag(request, pk: int):
    return _with_form(
        request,
        pk,
        FlagForm,
        lambda post, data: services.post_flag(
            post_id=post.pk, actor=request.user, **data
        ),
        "Flagged. {author} and their mentor have been told; "
        "the learning review is open.",
    )


@reviewer
@require_POST
def mark_reviewed(request, pk: int):
    return _act(
        request,
        pk,
        lambda post: services.post_mark_reviewed(post_id=post.pk, actor=request.user),
        "Marked as reviewed.",
    )


@reviewer
@require_POST
def resolve(request, pk: int):
    return _with_flag_form(
        request,
        pk,
        OutcomeForm,
        services.flag_resolve,
        "The learning review is closed and {author} has been told the outcome.",
    )


@login_required
@require_GET
def mentee_posts(request):
    """A mentor reads their mentees' posts (read-only), as evidence of readiness."""
    return render(
        request,
        "moderation/mentee_posts.html",
        {"posts": selectors.posts_of_mentees(request.user)[:100]},
    )
