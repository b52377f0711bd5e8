from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("", views.directory, name="index"),
    path("suggest/", views.suggest, name="suggest"),
    path("curate/", views.curate, name="curate"),
    path("import/", views.import_csv, name="import"),
    path("patterns/", views.patterns, name="patterns"),
    path("patterns/<int:pk>/delete/", views.pattern_delete, name="pattern_delete"),
    path("lookup/", views.lookup, name="lookup"),
    path("directory.csv", views.download_csv, name="download_csv"),
    path("directory.json", views.download_json, name="download_json"),
    path("feed/", views.NewlyListedFeed(), name="feed"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/list/", views.list_community, name="list"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/archive/", views.archive, name="archive"),
    path("<int:pk>/reviewed/", views.reviewed, name="reviewed"),
    path("<int:pk>/use-feed/", views.use_found_feed, name="use_found_feed"),
]
