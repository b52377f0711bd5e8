"""The benchmark's URLconf: the portal's own, plus the floor at /bench/floor.

ROOT_URLCONF only while the BENCHMARK_FLOOR setting is on
(participation/settings.py), which bench/run.py sets for its own gunicorn;
never in production.
"""

from django.urls import path

from participation import urls as portal

from . import views

# The portal's patterns as they are, not under an include(): the measured
# pages resolve exactly as in production, and the floor comes after them, as
# an unknown path would.
urlpatterns = [
    *portal.urlpatterns,
    path("bench/floor", views.floor, name="bench_floor"),
]

# Django takes its error handlers from the root URLconf only.
handler403 = portal.handler403
handler404 = portal.handler404
handler500 = portal.handler500
