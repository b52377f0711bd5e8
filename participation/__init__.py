"""The project: settings, root URLs, the Celery app, and the pages that compose
the apps below (home, reports). It has no models or services of its own on
purpose: what it shows comes from the other apps' selectors.
"""

from .celery import app as celery_app

__all__ = ["celery_app"]
