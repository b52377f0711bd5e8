from django.urls import path

from participation.urls import urlpatterns as portal_urlpatterns


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [path("test/broken/", broken), *portal_urlpatterns]
