"""System checks for the accounts settings: OpenID Connect, the e-mail base URL, shared throttling.

Run by `tiex manage check` and at start-up; those tagged deploy by `check --deploy`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register

MULTI_TENANT_SEGMENTS = ("/common/", "/organizations/", "/consumers/")


@register()
def check_oidc(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    problems: list[Any] = []
    apps = getattr(settings, "SOCIALACCOUNT_PROVIDERS", {}).get("openid_connect", {}).get("APPS", [])
    for app in apps:
        server_url = (app.get("settings") or {}).get("server_url", "")
        if not server_url:
            problems.append(
                Error(
                    "OpenID Connect is switched on (TIEX_OIDC_CLIENT_ID) but TIEX_OIDC_SERVER_URL is empty.",
                    hint="For Microsoft Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0",
                    id="tiex.accounts.E001",
                )
            )
        elif any(segment in server_url.rstrip("/") + "/" for segment in MULTI_TENANT_SEGMENTS):
            problems.append(
                Warning(
                    "TIEX_OIDC_SERVER_URL accepts accounts from any tenant; their e-mail claims cannot be trusted.",
                    hint="Use your own tenant: https://login.microsoftonline.com/<tenant id>/v2.0",
                    id="tiex.accounts.W001",
                )
            )
    return problems


@register(deploy=True)
def check_base_url(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    if getattr(settings, "BASE_URL_FIXED", True):
        return []
    return [
        Warning(
            "TIEX_BASE_URL is not set: links in e-mails use the address each request came to.",
            hint="Set TIEX_BASE_URL to the public address, e.g. https://tiex.example.org (docs/configuration.md).",
            id="tiex.accounts.W002",
        )
    ]


# Caches whose contents live in one process: each gunicorn worker would count failed
# sign-ins (and remember used two-factor codes) on its own.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(deploy=True)
def check_throttle_cache_is_shared(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    backend = str(settings.CACHES.get("default", {}).get("BACKEND", ""))
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            f"The default cache ({backend.rsplit('.', 1)[-1]}) is per process: with several workers, "
            "sign-in throttling counts and used two-factor codes are not shared.",
            hint="Leave TIEX_CACHE_URL unset (a database table, shared) or point it at Redis (docs/configuration.md).",
            id="tiex.accounts.W003",
        )
    ]
