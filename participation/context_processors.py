from django.conf import settings

from .navigation import sections_for


def navigation(request) -> dict:
    return {
        "portal_name": settings.PORTAL_NAME,
        "feedback_email": settings.FEEDBACK_EMAIL,
        "navigation_items": sections_for(
            request.user,
            request.path,
            # A view may say which section its page belongs to.
            getattr(request, "navigation_section", ""),
        ),
    }
