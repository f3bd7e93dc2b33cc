from django.urls import path

from tiex.library import views

app_name = "library"

urlpatterns = [
    path("", views.index, name="index"),
    path("resources.csv", views.download_csv, name="download_csv"),
    path("resources.json", views.download_json, name="download_json"),
    path("feed/", views.ResourceFeed(), name="feed"),
    path("submit/", views.submit, name="submit"),
    path("submissions/", views.submissions, name="submissions"),
    path("submissions/<int:pk>/", views.submission, name="submission"),
    path("submissions/<int:pk>/edit/", views.submission_edit, name="submission_edit"),
    path("<slug:slug>/", views.resource, name="resource"),
]
