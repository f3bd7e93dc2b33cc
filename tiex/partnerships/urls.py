from django.urls import path

from tiex.partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("", views.index, name="index"),
    path("boundaries.json", views.boundaries, name="boundaries"),
    path("<int:pk>/", views.detail, name="detail"),
]
