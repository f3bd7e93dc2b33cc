from django.urls import path, register_converter

from tiex.partnerships import views

app_name = "partnerships"


class RowIdConverter:
    """A database id: 1 to 18 digits, so a longer number is no address (404), not an overflow (500)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(RowIdConverter, "partnership_id")

urlpatterns = [
    path("", views.index, name="index"),
    path("download.csv", views.download_csv, name="download_csv"),
    path("download.json", views.download_json, name="download_json"),
    path("download.geojson", views.download_geojson, name="download_geojson"),
    path("<partnership_id:pk>/", views.detail, name="detail"),
]
