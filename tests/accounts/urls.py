"""The portal's URLs plus one page per role, to test role_required by URL."""

from django.http import HttpResponse
from django.urls import path

from accounts.decorators import role_required
from accounts.roles import Role
from participation.urls import urlpatterns as portal_urlpatterns


@role_required(Role.PRESS_OFFICER)
def press_office_page(request):
    return HttpResponse("press office")


@role_required(Role.TRAINER, Role.ADMINISTRATOR)
def training_page(request):
    return HttpResponse("training")


urlpatterns = [
    path("test/press-office/", press_office_page),
    path("test/training/", training_page),
    *portal_urlpatterns,
]
