from django.urls import path

from . import views

app_name = "guidelines"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("feed/", views.ChangesFeed(), name="feed"),
    path("acknowledge/", views.acknowledge, name="acknowledge"),
    path("report/", views.report, name="report"),
    path("report.csv", views.report_csv, name="report_csv"),
    path("new/", views.create, name="create"),
    path("<slug:slug>/", views.page, name="page"),
    path("<slug:slug>/history/", views.history, name="history"),
    path("<slug:slug>/compare/", views.diff, name="diff"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/versions/<int:number>/publish/", views.publish, name="publish"),
]
