from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.paging import paginate

from . import kinds, services
from .forms import PreferenceForm
from .models import Notification
from .selectors import email_frequency_for, notifications_for

PAGE_SIZE = 20
TEST_NOTIFICATION_INTERVAL = 60  # seconds between test notifications per person
TEST_MESSAGE = "This is the test notification you asked for: notifications reach you."


@login_required
@require_GET
def inbox(request):
    return render(
        request,
        "notifications/inbox.html",
        paginate(request, notifications_for(request.user), per_page=PAGE_SIZE),
    )


@login_required
@require_POST
def mark_read(request, pk: int):
    try:
        services.notification_mark_read(notification_id=pk, actor=request.user)
    except Notification.DoesNotExist:
        raise Http404 from None
    messages.success(request, "Marked as read.")
    return redirect("notifications:inbox")


@login_required
@require_GET
def open_notification(request, pk: int):
    """Follow a notification from the inbox: it is read now. Only to the
    portal's own pages (its URLs are the services' own paths)."""
    try:
        notification = services.notification_mark_read(
            notification_id=pk, actor=request.user
        )
    except Notification.DoesNotExist:
        raise Http404 from None
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts=None
    ):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = services.notifications_mark_all_read(actor=request.user)
    messages.success(
        request, f"Marked {count} notification{'s' if count != 1 else ''} as read."
    )
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            services.preference_set(
                user=request.user, email_frequency=form.cleaned_data["email_frequency"]
            )
            messages.success(request, "Your email preference has been saved.")
            return redirect("notifications:preferences")
        status = 400
    else:
        form = PreferenceForm(
            initial={"email_frequency": email_frequency_for(request.user)}
        )
        status = 200
    return render(
        request, "notifications/preferences.html", {"form": form}, status=status
    )


@login_required
@require_POST
def send_test(request):
    """Let people check that notifications reach them (and their email works)."""
    if not cache.add(
        f"test-notification:{request.user.pk}", 1, TEST_NOTIFICATION_INTERVAL
    ):
        messages.warning(
            request, "You can send one test notification a minute. Try again shortly."
        )
        return redirect("notifications:preferences")
    services.notify(
        recipients=[request.user],
        kind=kinds.TEST.name,
        context={"message": TEST_MESSAGE},
        url="/notifications/",
    )
    messages.success(
        request,
        "We have sent you a test notification. It is in your notifications "
        "and on its way to your email.",
    )
    return redirect("notifications:preferences")
