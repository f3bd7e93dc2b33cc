"""Views for tiex/core/tests/test_response_cache.py: one per kind of answer the cache must judge."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.template import Context, Template
from django.urls import path

from tiex.core.response_cache import never_public_cache
from tiex.councils.models import Council

PAGE = Template('<script nonce="{{ nonce }}">1</script><ul>{% for o in names %}<li>{{ o }}</li>{% endfor %}</ul>')


def names(request: HttpRequest) -> HttpResponse:
    listed = list(Council.objects.order_by("name").values_list("name", flat=True))
    return HttpResponse(PAGE.render(Context({"names": listed, "nonce": request.csp_nonce})))  # type: ignore[attr-defined]


def who(request: HttpRequest) -> HttpResponse:
    """Reads the (empty) session to tell who is signed in: the session middleware says Vary: Cookie."""
    return HttpResponse(f"signed in: {request.user.is_authenticated}")


def by_language(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(request.headers.get("Accept-Language", ""))
    response["Vary"] = "Accept-Language"
    return response


def form(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f'<form method="post"><input name="csrfmiddlewaretoken" value="{get_token(request)}"></form>')


def session(request: HttpRequest) -> HttpResponse:
    request.session["visits"] = request.session.get("visits", 0) + 1
    return HttpResponse(f"visits {request.session['visits']}")


def message(request: HttpRequest) -> HttpResponse:
    messages.info(request, "Hello")
    return HttpResponse("with a message")


def private(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("private")
    response["Cache-Control"] = "private"
    return response


def missing(request: HttpRequest) -> HttpResponse:
    return HttpResponse("not here", status=404)


@never_public_cache
def marked(request: HttpRequest) -> HttpResponse:
    return HttpResponse(request.headers.get("User-Agent", ""))


def stream(request: HttpRequest) -> StreamingHttpResponse:
    listed = list(Council.objects.order_by("name").values_list("name", flat=True))
    response = StreamingHttpResponse((f"{name}\r\n".encode() for name in listed), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="names.csv"'
    return response


urlpatterns = [
    path("names/", names),
    path("form/", form),
    path("who/", who),
    path("by-language/", by_language),
    path("session/", session),
    path("message/", message),
    path("private/", private),
    path("missing/", missing),
    path("marked/", marked),
    path("names.csv", stream),
    path("admin/names/", names),
]
