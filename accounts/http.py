"""Small helpers every app's views share."""


def posted(request):
    """The submitted data for a POST (even an empty one), None for a GET.

    `request.POST or None` would treat an empty POST as a GET and answer 200.
    """
    return request.POST if request.method == "POST" else None


def form_status(request) -> int:
    """400 when a POSTed form comes back to be corrected, 200 on a GET."""
    return 400 if request.method == "POST" else 200
