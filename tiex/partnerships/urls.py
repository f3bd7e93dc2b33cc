from django.urls import path

from tiex.partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
]

# Finding a partner (views_interests.py)
from tiex.partnerships import views_interests  # noqa: E402

urlpatterns += [
    path("interests/", views_interests.interest_index, name="interest_index"),
    path("interests/new/", views_interests.interest_create, name="interest_create"),
    path("interests/<int:pk>/", views_interests.interest_detail, name="interest_detail"),
    path("interests/<int:pk>/respond/", views_interests.interest_respond, name="interest_respond"),
    path("interests/<int:pk>/close/", views_interests.interest_close, name="interest_close"),
]
