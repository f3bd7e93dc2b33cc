from django.urls import path

from tiex.partnerships import views, views_refresh

app_name = "partnerships"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    # Keeping it current (views_refresh.py): rounds and returns, the data quality view
    path("refresh/", views_refresh.rounds, name="refresh_rounds"),
    path("refresh/<int:financial_year>/", views_refresh.round_detail, name="refresh_round"),
    path("refresh/<int:financial_year>/missing.csv", views_refresh.round_missing_csv, name="refresh_missing_csv"),
    path("refresh/<int:financial_year>/chase/", views_refresh.round_chase, name="refresh_chase"),
    path("refresh/<int:financial_year>/close/", views_refresh.round_close, name="refresh_close"),
    path("refresh/returns/<int:pk>/", views_refresh.return_detail, name="refresh_return"),
    path("refresh/returns/<int:pk>/add/", views_refresh.return_add, name="refresh_return_add"),
    path("quality/", views_refresh.quality, name="quality"),
    path("quality/<slug:which>.csv", views_refresh.quality_csv, name="quality_csv"),
]
