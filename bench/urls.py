"""The benchmark's floor: the cheapest page the stack can serve.

Routed only while the BENCHMARK_FLOOR setting is on (participation/urls.py),
which bench/run.py sets for its own gunicorn; never in production.
"""

from django.db import connection
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET


@require_GET
def floor(request):
    """One trivial query and a tiny response, through every middleware."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


app_name = "bench"
urlpatterns = [path("floor", floor, name="floor")]
