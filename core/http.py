"""Small helpers every app's views share."""

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404

T = TypeVar("T")


def posted(request):
    """The submitted data for a POST (even an empty one), None for a GET.

    `request.POST or None` would treat an empty POST as a GET and answer 200.
    """
    return request.POST if request.method == "POST" else None


def form_status(request) -> int:
    """400 when a POSTed form comes back to be corrected, 200 on a GET."""
    return 400 if request.method == "POST" else 200


def object_or_404(select: Callable[..., T], *args, **kwargs) -> T:
    """`select(*args, **kwargs)`, answering 404 when it finds nothing.

    Selectors scoped to the viewer raise DoesNotExist both for a missing object
    and for one the viewer may not see, so both get the same 404 and a guessed
    id tells nobody whether it exists.
    """
    try:
        return select(*args, **kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None


def errors_to_form(form, error: ValidationError) -> None:
    """A service's refusal onto the form that sent it: on the field it names
    (ValidationError({"comment": ...})), else on the form as a whole."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
