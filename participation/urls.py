from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("principles/", include("guidelines.urls")),
    path("communities/", include("communities.urls")),
    path("conversations/", include("conversations.urls")),
    path("training/", include("training.urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("participation.report_urls")),
    path("", include("moderation.urls")),
    path("admin/", admin.site.urls),
    path("healthz/live", views.healthz_live, name="healthz_live"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("account/", views.account, name="account"),
    path("healthz/ready", views.healthz_ready, name="healthz_ready"),
]

handler403 = "participation.views.error_403"
handler404 = "participation.views.error_404"
handler500 = "participation.views.error_500"
