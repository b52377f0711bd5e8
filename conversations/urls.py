from django.urls import path

from . import views

app_name = "conversations"

urlpatterns = [
    path("", views.conversations, name="index"),
    path("monitoring/", views.monitoring, name="monitoring"),
    path("monitoring/<int:pk>/", views.monitored, name="monitored"),
]
