from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import role_required
from accounts.roles import Role
from accounts.selectors import has_role, organisations_reviewed_by, reviewers_of
from core.http import errors_to_form, form_status, object_or_404, posted
from core.paging import paginate

from . import selectors, services
from .forms import DecisionForm, MonitoringFilterForm

press_officer = role_required(Role.PRESS_OFFICER)


@login_required
@require_GET
def conversations(request):
    return render(
        request,
        "conversations/list.html",
        {
            **paginate(request, selectors.conversations_for(request.user), per_page=20),
            "is_press_officer": has_role(request.user, Role.PRESS_OFFICER),
        },
    )


@press_officer
@require_GET
def monitoring(request):
    filters = request.GET.copy()
    filters.setdefault("status", "new")  # the new ones first; "" is any
    form = MonitoringFilterForm(
        filters, organisations=organisations_reviewed_by(request.user)
    )
    if not form.is_valid():
        return render(
            request, "conversations/monitoring.html", {"form": form}, status=400
        )
    return render(
        request,
        "conversations/monitoring.html",
        {
            "form": form,
            **paginate(
                request,
                selectors.monitoring_for(request.user, **form.cleaned_data),
                per_page=20,
            ),
        },
    )


@press_officer
@require_http_methods(["GET", "POST"])
def monitored(request, pk: int):
    match = object_or_404(selectors.monitored_for, request.user, pk)
    decisions = list(selectors.decisions_on(match))
    form = DecisionForm(
        posted(request),
        reviewers=reviewers_of(match.organisation).order_by("full_name"),
        initial={
            "status": match.status if match.status != "new" else None,
            "assigned_to": match.assigned_to_id or request.user.pk,
            "note": match.note,
            "decisions_seen": len(decisions),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.thread_decide(
                match_id=match.pk, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request, f"Your decision on “{match.thread.title}” is recorded."
            )
            return redirect("conversations:monitoring")
    return render(
        request,
        "conversations/monitored.html",
        {"match": match, "form": form, "decisions": decisions},
        status=form_status(request),
    )
