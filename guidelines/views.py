from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.roles import Role
from accounts.selectors import organisations_overseen_by
from core.exports import csv_response
from core.http import object_or_404, posted
from core.paging import paginate
from core.sanitise import RICH_TEXT, clean_html
from core.states import InvalidTransition

from . import selectors, services
from .diff import compare
from .forms import DiffForm, NewPageForm, PageVersionForm, PublishForm, SearchForm
from .permissions import can_edit_guidelines

editor_required = role_required(Role.PRINCIPLES_EDITOR)


@login_required
@require_GET
def index(request):
    context = {"contents": selectors.contents(), "search_form": SearchForm()}
    if can_edit_guidelines(request.user):
        context["drafts"] = selectors.pages_with_unpublished_drafts()
    return render(request, "guidelines/index.html", context)


@login_required
@require_GET
def page(request, slug: str):
    page = object_or_404(selectors.page_for, request.user, slug)
    version = page.live_version or selectors.latest_version(page)
    context = {
        "page": page,
        "version": version,
        "can_edit": can_edit_guidelines(request.user),
    }
    if page.needs_acknowledgement and page.live_version:
        context["acknowledged"] = selectors.has_acknowledged_current_principles(
            request.user
        )
    return render(request, "guidelines/page.html", context)


@login_required
@require_POST
def acknowledge(request):
    try:
        acknowledgement = services.principles_acknowledge(user=request.user)
    except InvalidTransition as error:
        messages.error(request, str(error))
        return redirect("guidelines:index")
    messages.success(
        request,
        f"Thank you. You have acknowledged version {acknowledgement.version.number} "
        "of the principles.",
    )
    return redirect("guidelines:page", acknowledgement.version.page.slug)


@login_required
@require_GET
def history(request, slug: str):
    page = object_or_404(selectors.page_for, request.user, slug)
    versions = list(selectors.versions_for(request.user, page))
    numbers = [v.number for v in versions]
    initial = {"old": numbers[1], "new": numbers[0]} if len(numbers) > 1 else {}
    return render(
        request,
        "guidelines/history.html",
        {
            "page": page,
            "versions": versions,
            "diff_form": DiffForm(initial=initial, numbers=numbers),
            "can_edit": can_edit_guidelines(request.user),
        },
    )


@login_required
@require_GET
def diff(request, slug: str):
    page = object_or_404(selectors.page_for, request.user, slug)
    versions = {v.number: v for v in selectors.versions_for(request.user, page)}
    form = DiffForm(request.GET, numbers=list(versions))
    if not form.is_valid():
        return render(
            request, "guidelines/diff.html", {"page": page, "form": form}, status=400
        )
    old, new = versions[form.cleaned_data["old"]], versions[form.cleaned_data["new"]]
    lines = compare(old.title, old.body, new.title, new.body)
    return render(
        request,
        "guidelines/diff.html",
        {"page": page, "form": form, "old": old, "new": new, "lines": lines},
    )


def _editor_form(request, form, template_context: dict, on_save):
    """Shared by create and edit: Preview re-renders, Save calls the service;
    a ValidationError from the service comes back as the form's errors."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if "preview" in request.POST:
                template_context["preview"] = clean_html(
                    form.cleaned_data["body"], RICH_TEXT
                )
                template_context["preview_title"] = form.cleaned_data["title"]
            else:
                try:
                    return on_save(form.cleaned_data)
                except ValidationError as error:  # e.g. the address was just taken
                    form.add_error(None, error)
                    status = 400
        else:
            status = 400
    template_context["form"] = form
    return render(request, "guidelines/edit.html", template_context, status=status)


@editor_required
@require_http_methods(["GET", "POST"])
def create(request):
    form = NewPageForm(posted(request))

    def save(data):
        page = services.page_create(actor=request.user, **data)
        messages.success(request, "Draft saved. It is not live until you publish it.")
        return redirect("guidelines:history", page.slug)

    return _editor_form(request, form, {"creating": True}, save)


@editor_required
@require_http_methods(["GET", "POST"])
def edit(request, slug: str):
    page = object_or_404(selectors.page_for, request.user, slug)
    latest = selectors.latest_version(page)
    form = PageVersionForm(
        posted(request), initial={"title": latest.title, "body": latest.body}
    )

    def save(data):
        version = services.page_version_save(
            page_id=page.pk, actor=request.user, **data
        )
        messages.success(
            request,
            f"Draft version {version.number} saved. "
            "It is not live until you publish it.",
        )
        return redirect("guidelines:history", page.slug)

    return _editor_form(request, form, {"page": page}, save)


@editor_required
@require_http_methods(["GET", "POST"])
def publish(request, slug: str, number: int):
    page = object_or_404(selectors.page_for, request.user, slug)
    version = object_or_404(selectors.version_of, page, number)
    form = PublishForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.page_version_publish(
                version_id=version.pk,
                actor=request.user,
                requires_reacknowledgement=form.cleaned_data[
                    "requires_reacknowledgement"
                ],
            )
        except InvalidTransition as error:
            messages.error(request, str(error))
            return redirect("guidelines:history", page.slug)
        version.refresh_from_db()
        told = (
            " Everyone has been asked to acknowledge it."
            if (version.requires_reacknowledgement)
            else ""
        )
        messages.success(request, f"Version {number} is now live.{told}")
        return redirect("guidelines:page", page.slug)
    return render(
        request,
        "guidelines/publish.html",
        {"page": page, "version": version, "form": form},
    )


@login_required
@require_GET
def search(request):
    form = SearchForm(request.GET)
    results = selectors.search_pages(form.cleaned_data["q"]) if form.is_valid() else []
    status = 200 if form.is_valid() or not request.GET else 400
    return render(
        request,
        "guidelines/search.html",
        {"form": form, "results": results, "searched": bool(request.GET)},
        status=status,
    )


@role_required(Role.PRESS_OFFICER, Role.TRAINER, Role.ADMINISTRATOR)
@require_GET
def report(request):
    """Who in my organisations has not acknowledged the current principles."""
    people = selectors.users_yet_to_acknowledge(organisations_overseen_by(request.user))
    now = timezone.now()
    paging = paginate(request, people)
    return render(
        request,
        "guidelines/report.html",
        {
            **paging,
            "rows": selectors.outstanding_acknowledgements(
                paging["page"].object_list, now=now
            ),
            "baseline": selectors.acknowledgement_baseline(),
            "days": settings.ACKNOWLEDGEMENT_DAYS,
        },
    )


@role_required(Role.PRESS_OFFICER, Role.TRAINER, Role.ADMINISTRATOR)
@require_GET
def report_csv(request):
    """The report's people, all of them, as a spreadsheet."""
    people = selectors.users_yet_to_acknowledge(organisations_overseen_by(request.user))
    rows = selectors.outstanding_acknowledgements(people.iterator(), now=timezone.now())
    return csv_response(
        "not-acknowledged.csv",
        ["name", "email", "organisation", "outstanding_since", "deadline", "overdue"],
        (
            [
                row.person.full_name,
                row.person.email,
                row.person.organisation.name if row.person.organisation else "",
                row.since.date().isoformat(),
                row.deadline.date().isoformat(),
                "yes" if row.overdue else "no",
            ]
            for row in rows
        ),
    )


class ChangesFeed(Feed):
    """Atom feed of published changes to the principles and guidance.

    Public on purpose: the principles are meant to be published; the pages it
    links to still need sign-in.
    """

    feed_type = Atom1Feed
    title = "Participation portal: changes to the principles and guidance"
    subtitle = "Each published version, with its change summary."

    def link(self):
        return reverse("guidelines:index")

    def items(self):
        return selectors.published_changes()

    def item_title(self, item):
        return f"{item.title} (version {item.number})"

    def item_description(self, item):
        return item.change_summary

    def item_link(self, item):
        return reverse("guidelines:page", args=[item.page.slug])

    def item_guid(self, item):
        return f"{self.item_link(item)}#version-{item.number}"

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at
