from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from .permissions import has_mfa
from .roles import Role
from .selectors import roles_of

MFA_SETUP_MESSAGE = (
    "Your role needs two-factor authentication. Set up an authenticator app "
    "to continue."
)


def role_required(*roles: Role):
    """Let through people holding any of `roles` who have set up 2FA.

    Anonymous people go to sign-in; people without the role get a 403; people
    with the role but no authenticator are sent to set one up.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not roles_of(user) & set(roles):
                raise PermissionDenied
            if not has_mfa(user):
                messages.warning(request, MFA_SETUP_MESSAGE)
                return redirect("mfa_activate_totp")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
