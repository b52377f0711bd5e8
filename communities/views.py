from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.roles import Role
from core.exports import csv_response
from core.http import form_status, object_or_404, posted
from core.paging import paginate
from core.states import InvalidTransition

from . import selectors, services
from .addresses import normalise_url
from .forms import (
    CurateForm,
    DeclineForm,
    DirectoryFilterForm,
    ImportForm,
    LookupForm,
    PatternForm,
    SuggestForm,
)
from .hooks import PAGE_SECTIONS
from .importing import COLUMNS, OPTIONAL_COLUMNS, import_apply, import_dry_run
from .models import Community, PlatformPattern
from .permissions import can_curate_communities, community_actions_for

curator_required = role_required(Role.PRESS_OFFICER)
PAGE_SIZE = 20


def _filters(request) -> tuple[DirectoryFilterForm, selectors.DirectoryFilters | None]:
    form = DirectoryFilterForm(request.GET)
    if not form.is_valid():
        return form, None
    data = {k: v for k, v in form.cleaned_data.items() if v}
    return form, selectors.DirectoryFilters(**data)


@login_required
@require_GET
def directory(request):
    form, filters = _filters(request)
    if filters is None:
        return render(request, "communities/directory.html", {"form": form}, status=400)
    return render(
        request,
        "communities/directory.html",
        {
            "form": form,
            **paginate(
                request, selectors.listed_communities(filters), per_page=PAGE_SIZE
            ),
            "can_curate": can_curate_communities(request.user),
        },
    )


@login_required
@require_GET
def detail(request, pk: int):
    community = object_or_404(selectors.community_for, request.user, pk)
    return render(
        request,
        "communities/detail.html",
        {
            "community": community,
            "actions": community_actions_for(request.user, community),
            "sections": PAGE_SECTIONS.values(community),
        },
    )


@login_required
@require_GET
def history(request, pk: int):
    community = object_or_404(selectors.community_for, request.user, pk)
    return render(
        request,
        "communities/history.html",
        {"community": community, **paginate(request, selectors.changes_to(community))},
    )


def _duplicate_error(request, form, error: services.DuplicateCommunity) -> None:
    """Link to the existing entry if this person may see it; otherwise say only
    that the site was suggested (someone else's pending suggestion is theirs)."""
    try:
        existing = selectors.community_for(request.user, error.existing.pk)
    except Community.DoesNotExist:
        form.add_error("url", "This site has already been suggested for the directory.")
        return
    form.add_error(
        "url",
        format_html(
            'This site is already in the directory as <a class="govuk-link" '
            'href="{}">{}</a>.',
            reverse("communities:detail", args=[existing.pk]),
            existing.name,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def suggest(request):
    form = SuggestForm(posted(request), initial={"url": request.GET.get("url", "")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        areas = data.pop("policy_areas")
        try:
            community = services.community_suggest(
                actor=request.user, data=data, policy_areas=areas
            )
        except services.DuplicateCommunity as error:
            _duplicate_error(request, form, error)
        else:
            messages.success(
                request,
                f"Thank you. {community.name} has been suggested; a press officer will "
                "review it and we will tell you what they decide.",
            )
            return redirect("communities:detail", community.pk)
    status = form_status(request)
    return render(
        request,
        "communities/form.html",
        {
            "form": form,
            "title": "Suggest a community",
            "button": "Suggest this community",
            "intro": "Tell us about a place online where your policy area is "
            "discussed.",
        },
        status=status,
    )


@curator_required
@require_GET
def curate(request):
    """Three lists, each paged under its own parameter."""
    return render(
        request,
        "communities/curate.html",
        {
            "suggestions": paginate(
                request, selectors.suggestions_to_curate(), param="suggestions_page"
            ),
            "review_due": paginate(
                request, selectors.communities_review_due(), param="review_page"
            ),
            "broken": paginate(
                request, selectors.communities_with_broken_links(), param="broken_page"
            ),
        },
    )


@curator_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    community = object_or_404(selectors.community_for, request.user, pk)
    form = CurateForm.for_community(community, posted(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        areas = data.pop("policy_areas")
        try:
            services.community_update(
                community_id=community.pk,
                actor=request.user,
                data=data,
                policy_areas=areas,
            )
        except services.DuplicateCommunity as error:
            _duplicate_error(request, form, error)
        else:
            messages.success(request, f"{data['name']} has been saved.")
            return redirect("communities:detail", community.pk)
    status = form_status(request)
    return render(
        request,
        "communities/form.html",
        {
            "form": form,
            "title": f"Edit {community.name}",
            "button": "Save changes",
            "community": community,
        },
        status=status,
    )


def _act(request, pk: int, action, done: str):
    community = object_or_404(selectors.community_for, request.user, pk)
    try:
        action(community_id=community.pk, actor=request.user)
    except InvalidTransition as error:
        messages.error(request, str(error))
        return redirect("communities:detail", community.pk)
    messages.success(request, done.format(name=community.name))
    return redirect("communities:detail", community.pk)


@curator_required
@require_POST
def list_community(request, pk: int):
    return _act(
        request,
        pk,
        services.community_list,
        "{name} is now in the directory. The person who suggested it has been told.",
    )


@curator_required
@require_POST
def archive(request, pk: int):
    return _act(request, pk, services.community_archive, "{name} has been archived.")


@curator_required
@require_POST
def reviewed(request, pk: int):
    return _act(
        request,
        pk,
        services.community_mark_reviewed,
        "{name} is marked as reviewed: it will be due again in six months.",
    )


@curator_required
@require_POST
def use_found_feed(request, pk: int):
    return _act(
        request,
        pk,
        services.community_use_found_feed,
        "{name}'s feed is set: its threads are fetched from the next hourly run.",
    )


@curator_required
@require_http_methods(["GET", "POST"])
def decline(request, pk: int):
    community = object_or_404(selectors.community_for, request.user, pk)
    form = DeclineForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.community_decline(
                community_id=community.pk,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except InvalidTransition as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"{community.name} was declined. The person who suggested it has "
                "been told why.",
            )
        return redirect("communities:detail", community.pk)
    status = form_status(request)
    return render(
        request,
        "communities/form.html",
        {
            "form": form,
            "title": f"Decline {community.name}",
            "button": "Decline suggestion",
            "community": community,
        },
        status=status,
    )


@curator_required
@require_http_methods(["GET", "POST"])
def import_csv(request):
    form = ImportForm(posted(request), request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = import_dry_run(form.cleaned_data["file"])
        if "import" in request.POST and not report.file_errors:
            skip = form.cleaned_data["skip_invalid"]
            if report.invalid and not skip:
                messages.error(
                    request,
                    "Nothing was imported: some rows are invalid. Correct them, or "
                    "choose to skip the invalid rows.",
                )
            else:
                written = import_apply(
                    report=report, actor=request.user, skip_invalid=skip
                )
                messages.success(request, f"Imported {written} communities.")
                return redirect("communities:curate")
    failed = not form.is_valid() or (report is not None and report.file_errors)
    status = 400 if request.method == "POST" and failed else 200
    return render(
        request,
        "communities/import.html",
        {"form": form, "report": report, "optional_columns": OPTIONAL_COLUMNS},
        status=status,
    )


@curator_required
@require_http_methods(["GET", "POST"])
def patterns(request):
    form = PatternForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            added = services.platform_pattern_add(
                actor=request.user,
                pattern=form.cleaned_data["pattern"],
                platform=form.cleaned_data["platform"],
            )
        except services.DuplicatePattern as error:
            form.add_error("pattern", str(error))
        else:
            messages.success(
                request, f"Addresses containing “{added.pattern}” will be recognised."
            )
            return redirect("communities:patterns")
    status = form_status(request)
    return render(
        request,
        "communities/patterns.html",
        {"form": form, **paginate(request, selectors.platform_patterns())},
        status=status,
    )


@curator_required
@require_POST
def pattern_delete(request, pk: int):
    try:
        services.platform_pattern_remove(actor=request.user, pattern_id=pk)
    except PlatformPattern.DoesNotExist:
        raise Http404 from None
    messages.success(request, "Pattern removed.")
    return redirect("communities:patterns")


@login_required
@require_GET
def lookup(request):
    """JSON: is this address in the directory, and how is it rated?"""
    form = LookupForm(request.GET)
    if not form.is_valid():
        return JsonResponse(
            {"error": "Give a web address as ?url=https://..."}, status=400
        )
    community = selectors.community_at(form.cleaned_data["url"])
    if community is None or not community.is_listed:
        return JsonResponse(
            {"found": False, "normalised_url": normalise_url(form.cleaned_data["url"])}
        )
    return JsonResponse(
        {
            "found": True,
            "community": {
                "id": community.pk,
                "name": community.name,
                "url": community.url,
                "platform": community.platform,
                "risk": community.risk,
                "risk_note": community.risk_note,
                "page": request.build_absolute_uri(
                    reverse("communities:detail", args=[community.pk])
                ),
            },
        }
    )


# Open data: the listed directory, public, with the same filters as the page.


def _open_data_rows(request):
    _, filters = _filters(request)
    if filters is None:
        return None
    return selectors.listed_communities(filters)


# The import columns, less the curators' tips, plus when it was listed.
OPEN_DATA_FIELDS = [c for c in COLUMNS if c != "engagement_tips"] + ["listed_at"]


def _row(c: Community) -> dict:
    return {
        "name": c.name,
        "url": c.url,
        "platform": c.platform,
        "description": c.description,
        "policy_areas": [a.name for a in c.policy_areas.all()],
        "audience": c.audience,
        "approximate_size": c.approximate_size,
        "activity": c.activity,
        "house_rules_url": c.house_rules_url,
        "risk": c.risk,
        "risk_note": c.risk_note,
        "listed_at": c.listed_at.date().isoformat() if c.listed_at else None,
    }


@require_GET
def download_json(request):
    rows = _open_data_rows(request)
    if rows is None:
        return JsonResponse({"error": "Invalid filters."}, status=400)
    return JsonResponse({"communities": [_row(c) for c in rows]})


@require_GET
def download_csv(request):
    rows = _open_data_rows(request)
    if rows is None:
        return JsonResponse({"error": "Invalid filters."}, status=400)
    header = OPEN_DATA_FIELDS
    return csv_response(
        "communities.csv",
        header,
        (
            [*(";".join(v) if isinstance(v, list) else v for v in _row(c).values())]
            for c in rows
        ),
    )


class NewlyListedFeed(Feed):
    """Atom feed of newly listed communities, honouring the directory's filters."""

    feed_type = Atom1Feed
    title = "Participation portal: newly listed communities"
    subtitle = "External online communities added to the whole-of-government directory."

    def get_object(self, request, *args, **kwargs):
        return request

    def link(self):
        return reverse("communities:index")

    def items(self, request):
        _, filters = _filters(request)
        if filters is None:
            return []
        return selectors.communities_newly_listed(filters)

    def item_title(self, item):
        return item.name

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return reverse("communities:detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.listed_at

    def item_updateddate(self, item):
        return item.listed_at
