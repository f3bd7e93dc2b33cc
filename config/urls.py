from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from tiex.accounts import views as account_views
from tiex.api.api import api
from tiex.core import views as core_views

handler400 = "tiex.core.views.error_400"
handler403 = "tiex.core.views.error_403"
handler404 = "tiex.core.views.error_404"
handler500 = "tiex.core.views.error_500"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("account/", include("tiex.accounts.urls")),
    # Before allauth's: the address is fixed (ACCOUNT_CHANGE_EMAIL is off), so this page only
    # reads, and the add/remove/primary posts allauth's own view would accept are refused.
    path("account/email/", account_views.email_address, name="account_email"),
    # allauth's sign-in view without the context our page never shows (a tenth of its time).
    path("account/login/", account_views.sign_in, name="account_login"),
    path("account/", include("allauth.urls")),
    path("councils/", include("tiex.councils.urls")),
    path("exchange/", include("tiex.library.urls")),
    path("assessments/", include("tiex.assessments.urls")),
    path("plans/", include("tiex.plans.urls")),
    path("shared-services/", include("tiex.partnerships.urls")),
    path("peer-challenges/", include("tiex.peer_challenges.urls")),
    # Before the other councillor-development/ pages: uptake is its own URLconf.
    path("councillor-development/uptake/", include("tiex.development.urls_uptake")),
    path("councillor-development/", include("tiex.development.urls")),
    path("events/", include("tiex.events.urls")),
    path("board/", include("tiex.board.urls")),
    path("census/", include("tiex.census.urls")),
    path("", include("tiex.core.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves editorial pages for anything not matched above.
urlpatterns += [path("pages/", include(wagtail_urls))]

if settings.BENCH:  # `make bench` only (TIEX_BENCH=true): a bare view through the whole middleware stack
    from django.http import HttpResponse

    urlpatterns.insert(0, path("bench/bare/", lambda request: HttpResponse(b"ok", content_type="text/plain")))
