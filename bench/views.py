"""The benchmark's floor: the cheapest page the stack can serve."""

from django.db import connection
from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def floor(request):
    """One trivial query and a tiny response, through every middleware."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")
