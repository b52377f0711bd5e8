from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.decorators import MFA_SETUP_MESSAGE
from accounts.permissions import can_use_admin, has_mfa


class PortalAdminSite(admin.AdminSite):
    site_header = "Participation portal administration"
    site_title = "Participation portal admin"
    index_title = "People, organisations and roles"

    def has_permission(self, request) -> bool:
        return can_use_admin(request.user)

    def login(self, request, extra_context=None):
        """No admin sign-in form: everyone signs in through allauth (with 2FA)."""
        user = request.user
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        ):
            next_url = "admin:index"  # never send an administrator off-site
        if not user.is_authenticated:
            return redirect_to_login(request.GET.get("next", request.path))
        if not (user.is_active and user.is_staff):
            raise PermissionDenied
        if not has_mfa(user):
            messages.warning(request, MFA_SETUP_MESSAGE)
            return redirect("mfa_activate_totp")
        return redirect(next_url)
