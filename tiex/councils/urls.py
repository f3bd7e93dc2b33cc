from django.urls import path, register_converter

from tiex.councils import views

app_name = "councils"


class CouncilCodeConverter:
    """A GSS code (E10000016), a former one, or a mySociety code (KEN, NIR-F): letters, digits, hyphens."""

    regex = "[A-Za-z0-9][A-Za-z0-9-]{0,11}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CouncilCodeConverter, "council_code")

urlpatterns = [
    path("", views.directory, name="directory"),
    path("download.csv", views.download_csv, name="download_csv"),
    path("download.json", views.download_json, name="download_json"),
    path("<council_code:code>/", views.detail, name="detail"),
]
