from django.urls import path

from tiex.assessments import report_views, takeup_views, views

app_name = "assessments"

urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("frameworks/<slug:slug>/", views.framework, name="framework"),
    path("frameworks/<slug:slug>/take-up/", takeup_views.take_up, name="take_up"),
    path("frameworks/<slug:slug>/take-up.csv", takeup_views.take_up_csv, name="take_up_csv"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/answer/<str:section>/", views.answer, name="answer"),
    path("<int:pk>/disagreement/", views.disagreement, name="disagreement"),
    path("<int:pk>/consensus/", views.consensus, name="consensus"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/closing-date/", views.closing_date, name="closing_date"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/report/", report_views.report, name="report"),
    path("<int:pk>/results.csv", views.results_csv, name="results_csv"),
    path("<int:pk>/results.json", views.results_json, name="results_json"),
    path("<int:pk>/actions/new/", views.action_new, name="action_new"),
]
