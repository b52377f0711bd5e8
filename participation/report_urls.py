from django.urls import path

from . import report_views as views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("transparency.csv", views.transparency, name="transparency"),
    path("<slug:slug>/", views.report, name="report"),
    path("<slug:slug>.csv", views.report_csv, name="csv"),
]
