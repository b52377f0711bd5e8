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
from core.http import form_status, posted
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
from .importing import COLUMNS, import_apply, import_dry_run
from .models import Community, PlatformPattern
from .permissions import can_curate_communities

curator_required = role_required(Role.PRESS_OFFICER)
PAGE_SIZE = 20


def _community_or_404(user, pk: int) -> Community:
    try:
        return selectors.community_for(user, pk)
    except Community.DoesNotExist:
        raise Http404 from None


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
    community = _community_or_404(request.user, pk)
    return render(
        request,
        "communities/detail.html",
        {
            "community": community,
            "can_curate": can_curate_communities(request.user),
            "sections": PAGE_SECTIONS.values(community),
        },
    )


@login_required
@require_GET
def history(request, pk: int):
    community = _community_or_404(request.user, pk)
    changes = community.changes.select_related("actor")
    return render(
        request,
        "communities/history.html",
        {"community": community, "changes": changes},
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
    return render(
        request,
        "communities/curate.html",
        {
            "suggestions": selectors.suggestions_to_curate(),
            "review_due": selectors.communities_review_due(),
            "broken": Community.objects.listed().filter(link_ok=False).order_by("name"),
        },
    )


@curator_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    community = _community_or_404(request.user, pk)
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
    community = _community_or_404(request.user, pk)
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
@require_http_methods(["GET", "POST"])
def decline(request, pk: int):
    community = _community_or_404(request.user, pk)
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
        {"form": form, "report": report, "columns": COLUMNS},
        status=status,
    )


@curator_required
@require_http_methods(["GET", "POST"])
def patterns(request):
    form = PatternForm(posted(request))
    if request.method == "POST" and form.is_valid():
        pattern = form.cleaned_data["pattern"].strip().lower()
        _, created = PlatformPattern.objects.get_or_create(
            pattern=pattern, defaults={"platform": form.cleaned_data["platform"]}
        )
        if created:
            messages.success(
                request, f"Addresses containing “{pattern}” will be recognised."
            )
            return redirect("communities:patterns")
        form.add_error("pattern", "This pattern is already in the list.")
    status = form_status(request)
    return render(
        request,
        "communities/patterns.html",
        {"form": form, "patterns": PlatformPattern.objects.all()},
        status=status,
    )


@curator_required
@require_POST
def pattern_delete(request, pk: int):
    deleted, _ = PlatformPattern.objects.filter(pk=pk).delete()
    if not deleted:
        raise Http404
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
    if community is None or community.status != Community.Status.LISTED:
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
    form, filters = _filters(request)
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
        rows = _open_data_rows(request)
        if rows is None:
            return []
        return rows.exclude(listed_at=None).order_by("-listed_at")[:50]

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
