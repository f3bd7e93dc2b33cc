from django.urls import path, register_converter

from tiex.partnerships import views, views_refresh

app_name = "partnerships"


class RowIdConverter:
    """A database id: 1 to 18 digits, so a longer number is no address (404), not an overflow (500)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


class FinancialYearConverter(RowIdConverter):
    """A financial year's first calendar year: four digits."""

    regex = "[0-9]{4}"


register_converter(RowIdConverter, "partnership_id")
register_converter(FinancialYearConverter, "fy")

urlpatterns = [
    path("", views.index, name="index"),
    path("download.csv", views.download_csv, name="download_csv"),
    path("download.json", views.download_json, name="download_json"),
    path("download.geojson", views.download_geojson, name="download_geojson"),
    path("boundaries.json", views.boundaries, name="boundaries"),
    path("<partnership_id:pk>/", views.detail, name="detail"),
    # Keeping it current (views_refresh.py): rounds and returns, the data quality view
    path("refresh/", views_refresh.rounds, name="refresh_rounds"),
    path("refresh/<fy:financial_year>/", views_refresh.round_detail, name="refresh_round"),
    path("refresh/<fy:financial_year>/missing.csv", views_refresh.round_missing_csv, name="refresh_missing_csv"),
    path("refresh/<fy:financial_year>/chase/", views_refresh.round_chase, name="refresh_chase"),
    path("refresh/<fy:financial_year>/close/", views_refresh.round_close, name="refresh_close"),
    path("refresh/returns/<partnership_id:pk>/", views_refresh.return_detail, name="refresh_return"),
    path("refresh/returns/<partnership_id:pk>/add/", views_refresh.return_add, name="refresh_return_add"),
    path("quality/", views_refresh.quality, name="quality"),
    path("quality/<slug:which>.csv", views_refresh.quality_csv, name="quality_csv"),
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
