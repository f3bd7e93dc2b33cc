from django.urls import path, register_converter

from tiex.library import views

app_name = "library"


class RowIdConverter:
    """A database id: 1 to 18 digits, so every value fits a 64-bit integer column. A longer
    number is no address here (404) rather than an overflow in the database driver (500)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(RowIdConverter, "row_id")

urlpatterns = [
    path("", views.index, name="index"),
    path("resources.csv", views.download_csv, name="download_csv"),
    path("resources.json", views.download_json, name="download_json"),
    path("feed/", views.ResourceFeed(), name="feed"),
    path("submit/", views.submit, name="submit"),
    path("submissions/", views.submissions, name="submissions"),
    path("submissions/<row_id:pk>/", views.submission, name="submission"),
    path("submissions/<row_id:pk>/edit/", views.submission_edit, name="submission_edit"),
    path("<slug:slug>/", views.resource, name="resource"),
]
