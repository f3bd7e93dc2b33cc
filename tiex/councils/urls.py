from django.urls import path

from tiex.councils import views

app_name = "councils"

urlpatterns = [
    path("", views.directory, name="directory"),
]
