from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.index, name="index"),
    path("assignments/<int:pk>/progress/", views.progress, name="progress"),
    path("assignments/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("assignments/<int:pk>/decline/", views.decline, name="decline"),
    path("manage/", views.dashboard, name="dashboard"),
    path("manage/dashboard.csv", views.dashboard_csv, name="dashboard_csv"),
    path("courses/", views.courses, name="courses"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("courses/<int:pk>/start/", views.start_course, name="start_course"),
    path("assign/", views.assign, name="assign"),
    path("mentoring/new/", views.pair, name="pair"),
    path("mentoring/<int:pk>/", views.mentoring, name="mentoring"),
    path("mentoring/<int:pk>/sessions/", views.log_session, name="log_session"),
    path("mentoring/<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("mentoring/<int:pk>/end/", views.end_mentoring, name="end_mentoring"),
    path("people/", views.people, name="people"),
    path("people.csv", views.people_csv, name="people_csv"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/level/", views.person_level, name="person_level"),
    path("mentors/<int:pk>/capacity/", views.capacity, name="capacity"),
    path("practice/", views.practice, name="practice"),
    path("practice/<int:pk>/", views.practice_scenario, name="practice_scenario"),
    path("practice/replies/<int:pk>/", views.practice_reply, name="practice_reply"),
]
