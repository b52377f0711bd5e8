"""The portal's URLs as if the moderation app were not installed.

Training sits below moderation (DESIGN.md): its pages must still work then.
"""

from participation.urls import urlpatterns as portal_urlpatterns

urlpatterns = [
    pattern
    for pattern in portal_urlpatterns
    if getattr(pattern, "namespace", None) != "moderation"
]
