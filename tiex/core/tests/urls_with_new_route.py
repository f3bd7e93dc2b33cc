"""The project's URLs plus one route nobody has classified (for the self-tests)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("brand-new-page/", lambda request: HttpResponse("new"), name="brand_new_page"),
    *project_urlpatterns,
]
