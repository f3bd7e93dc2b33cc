"""tiex settings: one module, every value from the environment.

Development defaults are safe (no debug pages, SQLite under var/, e-mail to the
console). Production sets TIEX_SECURE=true and the variables listed in
.env.example; docs/configuration.md explains each one.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from config.env import env_bool, env_int, env_list, env_str
from tiex.accounts import allauth_settings

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("TIEX_VAR_DIR", str(BASE_DIR / "var")))

# --- Core -------------------------------------------------------------------

DEBUG = env_bool("TIEX_DEBUG", False)
SECRET_KEY = env_str("TIEX_SECRET_KEY", "django-insecure-tiex-development-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("TIEX_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("TIEX_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "tiex.core.views.csrf_failure"  # a GOV.UK page with a way on, not Django's bare 403
# The public address, for links in e-mails (tiex/core/links.py). When TIEX_BASE_URL is unset,
# an e-mail sent while answering a request links to the address that request came to, and
# one sent outside a request (the scheduler, a command) to TIEX_DEFAULT_BASE_URL, which
# `tiex serve` sets to the address it serves on.
BASE_URL_FIXED = bool(env_str("TIEX_BASE_URL", ""))
BASE_URL = (env_str("TIEX_BASE_URL", "") or env_str("TIEX_DEFAULT_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")

# Where reference data files are read from by default (the shared/data folder
# beside the clone); `tiex import` also accepts any path or URL.
DATA_DIR = Path(env_str("TIEX_DATA_DIR", str(BASE_DIR.parent / "shared" / "data")))

INSTALLED_APPS = [
    "tiex.core",
    "tiex.accounts",
    "tiex.councils",
    "tiex.library",
    "tiex.assessments",
    "tiex.plans",
    "tiex.partnerships",
    "tiex.peer_challenges",
    "tiex.development",
    "tiex.events",
    "tiex.board",
    "tiex.census",
    "tiex.finance",
    "tiex.api",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",  # the queue of background tasks (TASKS["background"], below)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tiex.api.middleware.JsonErrorsMiddleware",
    # After the HTTPS redirect and static files, before everything a visitor with no session does
    # not need: a kept response is kept with the headers of every middleware below it, and replayed
    # without running them (tiex/core/response_cache.py, decision 0017).
    "tiex.core.response_cache.PublicResponseCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tiex.core.middleware.ContentSecurityPolicyMiddleware",
    "tiex.core.middleware.SecurityHeadersMiddleware",
    "tiex.api.middleware.RejectUnknownQueryParametersMiddleware",
    "tiex.accounts.middleware.RequireMFAForStaffMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "tiex.core.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
# SQLite under var/ by default (WAL mode); PostgreSQL through DATABASE_URL.

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'tiex.sqlite3'}"),
        conn_max_age=env_int("TIEX_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# PostgreSQL: give up connecting after TIEX_DB_CONNECT_TIMEOUT seconds, and let the server
# cancel any statement running longer than TIEX_DB_STATEMENT_TIMEOUT seconds (0: no limit), so
# that a server that accepts connections but never answers cannot hold every request for minutes.
DB_CONNECT_TIMEOUT = env_int("TIEX_DB_CONNECT_TIMEOUT", 5)
DB_STATEMENT_TIMEOUT = env_int("TIEX_DB_STATEMENT_TIMEOUT", 30)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "connect_timeout": DB_CONNECT_TIMEOUT,
        "options": f"-c statement_timeout={DB_STATEMENT_TIMEOUT * 1000}",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept as for PostgreSQL: a new SQLite connection reads the whole schema
    # on its first query, about 1 ms, more than most pages cost (docs/performance.md).
    DATABASES["default"]["OPTIONS"] = {
        # WAL mode is asked for by tiex/core/sqlite.py, which lets a read-only file serve reads.
        "init_command": "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache -------------------------------------------------------------------
# "default" holds what every worker must share: sign-in throttling counts, allauth's rate
# limits and used two-factor codes. Without TIEX_CACHE_URL it is a database table
# (created by migrate), so two gunicorn workers count the same failed sign-ins.
# "pages" (tiex/core/page_cache.py: rendered fragments, search results) and "councils"
# (council pages and API answers, kept until the next import: tiex/councils/selectors.py)
# are many and large: they stay in each process's memory, apart from the shared counts.
# `check --deploy` warns when the default cache is per-process (tiex/accounts/checks.py).

_cache_url = env_str("TIEX_CACHE_URL", "")
CACHE_TABLE = "tiex_cache"
CACHES: dict[str, dict[str, object]]
if _cache_url.startswith(("redis://", "rediss://")):
    _redis: dict[str, object] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
    CACHES = {
        "default": _redis,
        "pages": {**_redis, "KEY_PREFIX": "pages"},
        "councils": {**_redis, "KEY_PREFIX": "councils"},
        "responses": {**_redis, "KEY_PREFIX": "responses"},
    }
else:
    _locmem = "django.core.cache.backends.locmem.LocMemCache"
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            # Culling drops entries at random: room enough that no flood of keys drops the counts.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
        "pages": {"BACKEND": _locmem, "LOCATION": "tiex-pages", "OPTIONS": {"MAX_ENTRIES": 1000}},
        "councils": {"BACKEND": _locmem, "LOCATION": "tiex-councils", "OPTIONS": {"MAX_ENTRIES": 1000}},
        # Kept public responses, shared by the workers of one machine so that a new worker
        # starts warm (tiex/core/response_cache.py); files, so large pages stay out of the database.
        "responses": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "responses"),
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }

# Whole responses for visitors who are not signed in, kept until the site's state moves
# (tiex/core/response_cache.py, docs/decisions/0012-public-response-cache.md).
PUBLIC_CACHE = env_bool("TIEX_PUBLIC_CACHE", True)
PUBLIC_CACHE_SECONDS = env_int("TIEX_PUBLIC_CACHE_SECONDS", 300)
if PUBLIC_CACHE_SECONDS < 1:
    raise ValueError(f"TIEX_PUBLIC_CACHE_SECONDS must be at least 1 (seconds), not {PUBLIC_CACHE_SECONDS}")
# After a change, a background task draws this many of the most requested public addresses
# again, so their first visitor finds them kept (tiex/core/refill.py, decision 0015); 0: never.
PUBLIC_CACHE_REFILL = env_int("TIEX_PUBLIC_CACHE_REFILL", 40)
if PUBLIC_CACHE_REFILL < 0:
    raise ValueError(f"TIEX_PUBLIC_CACHE_REFILL must be 0 or more (addresses), not {PUBLIC_CACHE_REFILL}")

# --- Accounts ---------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "core:home"

# The one association organisation (editors and admins belong to it); created on
# first use by tiex.accounts.services.organisation_get_association().
ASSOCIATION_NAME = env_str("TIEX_ASSOCIATION_NAME", "National association")
INVITATION_VALID_DAYS = 14

# allauth reads its settings on every use; this getter remembers them (tiex/accounts/allauth_settings.py).
ALLAUTH_SETTING_GETTER = allauth_settings.setting
ACCOUNT_ADAPTER = "tiex.accounts.adapters.AccountAdapter"
MFA_ADAPTER = "tiex.accounts.adapters.MFAAdapter"
# allauth's forms with our labels and help texts (tiex/accounts/forms.py).
ACCOUNT_FORMS = {
    "change_password": "tiex.accounts.forms.ChangePasswordForm",
    "reset_password_from_key": "tiex.accounts.forms.ResetPasswordKeyForm",
    "reauthenticate": "tiex.accounts.forms.ReauthenticateForm",
}
SOCIALACCOUNT_ADAPTER = "tiex.accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
# People's addresses come from their invitation; nobody adds or swaps addresses.
ACCOUNT_MAX_EMAIL_ADDRESSES = 1
ACCOUNT_CHANGE_EMAIL = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
# Throttling is keyed on the client address, never on the e-mail address alone,
# so that nobody can lock a colleague out by typing their address wrongly. For
# "login_failed" the "key" is the client address plus the e-mail address (see
# AccountAdapter._get_login_attempts_cache_key). docs/decisions/0002-accounts-allauth.md
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/m/ip,5/5m/key",
    "login": "30/m/ip",
    "reset_password": "10/m/ip,5/h/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
}
# How many reverse proxies in front of tiex append to X-Forwarded-For; 0 trusts
# nobody and uses the connecting address. Wrong values merge everyone's limits.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TIEX_TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "tiex"

# The Wagtail admin uses our sign-in (with throttling and MFA), not its own.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False

# OpenID Connect (for example Microsoft Entra ID): switched on when a client id
# is set. See docs/configuration.md.
OIDC_CLIENT_ID = env_str("TIEX_OIDC_CLIENT_ID", "")
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_PROVIDERS: dict = {}
if OIDC_CLIENT_ID:
    # Addresses in these domains are taken as verified by the provider (Entra ID
    # sends no email_verified claim); only verified addresses find people.
    _oidc_domains = env_list("TIEX_OIDC_VERIFIED_EMAIL_DOMAINS", [])
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": env_str("TIEX_OIDC_PROVIDER_ID", "entra"),
                "name": env_str("TIEX_OIDC_PROVIDER_NAME", "Microsoft Entra ID"),
                "client_id": OIDC_CLIENT_ID,
                "secret": env_str("TIEX_OIDC_CLIENT_SECRET", ""),
                "settings": {
                    # e.g. https://login.microsoftonline.com/<tenant id>/v2.0
                    "server_url": env_str("TIEX_OIDC_SERVER_URL", ""),
                    "verified_email": [d.lower() for d in _oidc_domains] if _oidc_domains else False,
                    "email_authentication": True,
                },
            }
        ],
        "OAUTH_PKCE_ENABLED": True,
    }

# --- E-mail -----------------------------------------------------------------

EMAIL_BACKEND = env_str("TIEX_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("TIEX_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("TIEX_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("TIEX_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("TIEX_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("TIEX_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("TIEX_DEFAULT_FROM_EMAIL", "tiex <no-reply@tiex.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ---------------------------------------------------------------
# TIEX_SECURE=true in production (behind HTTPS): secure cookies, HSTS, redirect.

SECURE = env_bool("TIEX_SECURE", False)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Django's database sessions, the row read with SQL built once per process (tiex/core/session_store.py).
SESSION_ENGINE = "tiex.core.session_store"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = SECURE and env_bool("TIEX_SSL_REDIRECT", True)
# A load balancer probes /healthz over plain HTTP; a redirect would read as a failure.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31_536_000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("TIEX_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    },
}

# --- Accessibility statement (/accessibility/) --------------------------------
# Who to tell about an accessibility problem (an e-mail address or a web address), and the
# date (YYYY-MM-DD) the service was last checked for accessibility. Set both in production.
ACCESSIBILITY_CONTACT = env_str("TIEX_ACCESSIBILITY_CONTACT", "")
ACCESSIBILITY_CHECKED_ON = env_str("TIEX_ACCESSIBILITY_CHECKED_ON", "2026-11-27")
try:
    date.fromisoformat(ACCESSIBILITY_CHECKED_ON)
except ValueError as exc:
    _bad = ACCESSIBILITY_CHECKED_ON
    raise ValueError(f"TIEX_ACCESSIBILITY_CHECKED_ON must be a date as YYYY-MM-DD, not {_bad!r}") from exc

# --- Static and media -------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("TIEX_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "tiex.core.storage.StaticStorage"},
}
WHITENOISE_MAX_AGE = 3600

# --- Locale -----------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Wagtail ----------------------------------------------------------------

WAGTAIL_SITE_NAME = "tiex"
WAGTAILADMIN_BASE_URL = BASE_URL
# No third-party requests from the staff admin either (our CSP forbids them): no Gravatar
# avatars, no check for new Wagtail releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Scheduler --------------------------------------------------------------
# Periodic jobs (Wagtail's publish_scheduled: scheduled publishing and expiry) run in
# `tiex scheduler`, which `tiex serve` starts beside gunicorn unless TIEX_SCHEDULER=false
# (then run `tiex scheduler --once` from cron). tiex/core/scheduler.py, docs/operations.md
SCHEDULER = env_bool("TIEX_SCHEDULER", True)
SCHEDULER_INTERVAL = env_int("TIEX_SCHEDULER_INTERVAL", 60)
if SCHEDULER_INTERVAL < 1:
    raise ValueError(f"TIEX_SCHEDULER_INTERVAL must be at least 1 (seconds), not {SCHEDULER_INTERVAL}")

# --- Background tasks (django-tasks) ------------------------------------------
# "default" runs Wagtail's own tasks (search and reference index updates) at once, as before.
# "background" is for long jobs (the admin's imports): a queue in the database that
# `tiex worker` works through; `tiex serve` starts one beside gunicorn unless TIEX_WORKER=false.
# docs/operations.md, docs/decisions/0006-imports-prepare-then-write.md
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": env_str("TIEX_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"), "QUEUES": []},
}
WORKER = env_bool("TIEX_WORKER", True)

# --- Worker warm-up -----------------------------------------------------------
# Each new gunicorn worker compiles the templates, builds the URL resolvers and imports the
# project's modules before it takes requests (config/gunicorn.py post_worker_init,
# tiex/core/warmup.py), so its first visitors do not wait for that. Never in tests or commands.
WARM_WORKERS = env_bool("TIEX_WARM_WORKERS", True)

# --- Logging ----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("TIEX_LOG_LEVEL", "INFO")},
    # Background-task and page-event chatter stays out of the console (the audit log records changes).
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# --- Benchmarks -------------------------------------------------------------
# TIEX_BENCH=true adds a bare view at /bench/bare/, the baseline `make bench`
# compares pages against (benchmarks/run.py). Never set it in production.
BENCH = env_bool("TIEX_BENCH", False)
