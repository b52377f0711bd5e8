from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from accounts.permissions import has_mfa, needs_mfa
from accounts.selectors import roles_of
from guidelines.selectors import has_acknowledged_current_principles
from training import selectors as training

from .celery import app as celery_app
from .dashboard import panel_groups_for


@login_required
@require_GET
def home(request):
    acknowledged = has_acknowledged_current_principles(request.user)
    return render(
        request,
        "participation/home.html",
        {
            "panel_groups": panel_groups_for(request.user, acknowledged=acknowledged),
            # The grace banner is for those yet to acknowledge: only they need
            # their standing read.
            "standing": None
            if acknowledged
            else training.level_standing_of(request.user),
            "principles_url": training.principles_url(),
            "mfa_missing": needs_mfa(request.user) and not has_mfa(request.user),
        },
    )


@login_required
@require_GET
def account(request):
    """Everything about the person's own account, one link away: their email
    addresses, password, two-factor authentication and email preferences
    (the pages are allauth's and notifications'; nothing else linked them)."""
    return render(
        request,
        "participation/account.html",
        {
            "roles": sorted(roles_of(request.user)),  # the names, sentence case
            "has_mfa": has_mfa(request.user),
            "mfa_needed": needs_mfa(request.user),
        },
    )


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: not a 404 (a
    console error) on every first visit. Resolved per request, so the hashed
    name comes from the manifest collectstatic wrote."""
    return redirect(static("images/favicon.svg"), permanent=True)


@require_GET
def healthz_live(request):
    """The process is up and serving requests; touches nothing else."""
    return JsonResponse({"status": "ok"})


_migrations_seen_applied = False


def _database_ready() -> str | None:
    global _migrations_seen_applied
    try:
        if _migrations_seen_applied:
            # Reading the migration files is the costly part; once applied they
            # stay applied, so later polls only check the connection.
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            return None
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return "migrations not applied"
        _migrations_seen_applied = True
    except Exception as error:  # any database failure means "not ready"
        return f"database unavailable: {error.__class__.__name__}"
    return None


# A load balancer polls readiness: a broker that does not answer must be
# reported within this, not after the tasks' own longer connect timeout.
READY_TIMEOUT = 0.5


def _broker_ready() -> str | None:
    if celery_app.conf.task_always_eager:
        return None
    options = {
        **celery_app.conf.broker_transport_options,
        "socket_connect_timeout": READY_TIMEOUT,
        "socket_timeout": READY_TIMEOUT,
    }
    try:
        with celery_app.connection_for_write(transport_options=options) as conn:
            conn.ensure_connection(max_retries=0, timeout=READY_TIMEOUT)
    except Exception as error:  # any broker failure means "not ready"
        return f"broker unavailable: {error.__class__.__name__}"
    return None


@require_GET
def healthz_ready(request):
    """Database reachable with migrations applied, and the broker reachable."""
    problems = [p for p in (_database_ready(), _broker_ready()) if p]
    status = 503 if problems else 200
    return JsonResponse(
        {"status": "unavailable" if problems else "ok", "problems": problems},
        status=status,
    )


def error_403(request, exception=None):
    # A refusal that says why (a service's PermissionDenied("...")) shows it;
    # a bare one, the general words.
    reason = str(exception) if exception is not None and exception.args else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def csrf_failure(request, reason=""):
    """A form sent after its page went stale: say what to do, in the portal's style."""
    return render(request, "csrf_failure.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # Rendered without the request's context processors: the failure may be in
    # the database they read from.
    html = loader.render_to_string("500.html", {"portal_name": settings.PORTAL_NAME})
    return HttpResponseServerError(html)
