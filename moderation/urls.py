from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    # The author's side, under /log/
    path("log/", views.my_log, name="my_log"),
    path("log/my-log.csv", views.my_log_csv, name="my_log_csv"),
    path("log/new/", views.new_post, name="new"),
    path("log/mentees/", views.mentee_posts, name="mentee_posts"),
    path("log/<int:pk>/", views.post_detail, name="post"),
    path("log/<int:pk>/edit/", views.edit_post, name="edit"),
    path("log/<int:pk>/submit/", views.submit, name="submit"),
    path("log/<int:pk>/log-posted/", views.log_posted, name="log_posted"),
    path("log/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("log/<int:pk>/reply/", views.reply, name="reply"),
    path("log/<int:pk>/record-posted/", views.record_posted, name="record_posted"),
    path("log/flags/<int:pk>/respond/", views.respond, name="respond"),
    # The press office's side, under /review/
    path("review/", views.queue, name="queue"),
    path("review/after/", views.after_the_fact, name="after"),
    path("review/bulk-approve/", views.bulk_approve, name="bulk_approve"),
    path("review/<int:pk>/claim/", views.claim, name="claim"),
    path("review/<int:pk>/release/", views.release, name="release"),
    path("review/<int:pk>/decide/", views.decide, name="decide"),
    path("review/<int:pk>/flag/", views.flag, name="flag"),
    path("review/<int:pk>/reviewed/", views.mark_reviewed, name="reviewed"),
    path("review/flags/<int:pk>/resolve/", views.resolve, name="resolve"),
]
