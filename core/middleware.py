"""Cleaning on the way in that every form shares, the admin's included."""

from .sanitise import strip_control_characters


class StripControlCharactersMiddleware:
    """Every submitted value (query string and form fields; files are left
    alone) without control characters, before any form sees it: they are
    invisible to the person typing, and stored and printed back they make
    pages invalid HTML. Rich text passes the same function again in
    clean_html, for the services that are called without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _cleaned(request.GET)
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            request.POST = _cleaned(request.POST)
        return self.get_response(request)


def _cleaned(data):
    if not any(
        strip_control_characters(v) != v for _, values in data.lists() for v in values
    ):
        return data
    cleaned = data.copy()
    for key, values in data.lists():
        cleaned.setlist(key, [strip_control_characters(v) for v in values])
    cleaned._mutable = False
    return cleaned
