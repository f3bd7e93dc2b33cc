"""Warm a new process before it takes requests (issue 15: a new worker must not stall).

A fresh gunicorn worker does a lot of per-process work on its first requests: Django's
cached template loader compiles every template the first time it is rendered (the shell
alone is a dozen files and as many tag libraries), the URL resolvers build their reverse
tables and compile their patterns, modules are imported by the first call that needs them,
the static files' manifest, the date formats and the first query's compiler are loaded.
``warm()`` does that work up front, once, so the first visitor pays only what every visitor
pays. config/gunicorn.py calls it from ``post_worker_init`` (TIEX_WARM_WORKERS), and
benchmarks/cold.py calls it the same way before it times a first view.

What is warmed is code, never data: no page is rendered and nothing kept under a state of
the data is built here (a first view after an import still builds those, by design). It only
reads the database (one Wagtail site, the search backend's table check), never writes, and
each step is on its own: an error in one (no tables yet, a broken template) is logged and the
next step runs. A worker always starts.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import pkgutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# Template folders in installed packages whose templates the public site renders: allauth's
# sign-in pages, Django's form widgets, Wagtail's rich text (about 200 templates, 0.2 s).
# Wagtail's admin (430 templates, over a second, staff only) compiles on first use.
THIRD_PARTY_TEMPLATES = ("allauth", "account", "mfa", "socialaccount", "django/forms", "wagtailcore")

# Project packages whose modules are all imported (views import some modules on first call).
PROJECT_PACKAGES = ("tiex",)
SKIPPED_MODULES = frozenset({"tests", "migrations", "management", "cli", "conftest"})
SKIPPED_PREFIXES = ("demo", "a11y_routes")

# A URL name no pattern has: reversing it in a namespace builds that namespace's resolver.
WARM_UP_NAME = "tiex-warm-up-no-such-name"


def warm(on_step: Callable[[], object] | None = None) -> dict[str, float]:
    """Do a new process's per-process work now; return the seconds each step took.
    ``on_step`` is called after each step (gunicorn's heartbeat)."""
    steps: list[tuple[str, Callable[[], object]]] = [
        ("modules", import_project_modules),
        ("templates", compile_templates),
        ("urls", resolve_urls),
        ("models", load_model_options),
        ("formats", load_formats),
        ("static", load_static_manifest),
        ("database", read_database),
        ("response cache", response_cache_scope),
    ]
    timings: dict[str, float] = {}
    for name, step in steps:
        started = time.perf_counter()
        try:
            step()
        except Exception:
            log.exception("Warm-up step %r failed; going on without it.", name)
        timings[name] = round(time.perf_counter() - started, 3)
        if on_step is not None:
            on_step()
    _close_connections()
    log.info("Warmed up in %.2f s: %s", sum(timings.values()), timings)
    return timings


# --- modules -------------------------------------------------------------------------


def response_cache_scope() -> str:
    """The public response cache's scope (the database and the code's version: a walk of the
    code's folders), so that the first kept page a worker serves does not wait for it."""
    from tiex.core import response_cache

    return response_cache._scope()


def import_project_modules(packages: Iterable[str] = PROJECT_PACKAGES) -> int:
    """Import every module of the project's packages but tests, migrations, commands and demo
    data (see ``skipped``), without importing the skipped packages either."""
    count = 0
    pending = list(packages)
    while pending:
        name = pending.pop()
        try:
            module = importlib.import_module(name)
        except Exception:
            log.exception("Warm-up could not import %s; going on.", name)
            continue
        count += 1
        for child in pkgutil.iter_modules(getattr(module, "__path__", ())):
            if not skipped(child.name):
                pending.append(f"{name}.{child.name}")
    return count


def skipped(leaf: str) -> bool:
    """Modules a web worker never imports: tests, migrations, commands, demo data, the CLI."""
    return leaf in SKIPPED_MODULES or leaf.startswith(SKIPPED_PREFIXES)


# --- templates -----------------------------------------------------------------------


def template_dirs() -> list[Path]:
    """The folders the template engines load from: the project's own (its templates/ and its
    apps'), and in installed packages only the folders named in THIRD_PARTY_TEMPLATES."""
    from django.conf import settings
    from django.template import engines

    root = Path(settings.BASE_DIR).resolve()
    folders: dict[Path, None] = {}
    for backend in [*engines.all(), *_form_renderer_engine()]:
        for folder in backend.template_dirs:
            path = Path(folder).resolve()
            if path.is_relative_to(root) and "site-packages" not in path.parts:
                folders[path] = None
            else:
                folders.update({path / name: None for name in THIRD_PARTY_TEMPLATES if (path / name).is_dir()})
    return list(folders)


def template_names(folders: Iterable[Path]) -> list[str]:
    """Every file under ``folders``, named as a template (relative, with forward slashes)."""
    names: dict[str, None] = {}
    for folder in folders:
        base = _template_root(folder)
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                names[path.relative_to(base).as_posix()] = None
    return list(names)


def _template_root(folder: Path) -> Path:
    """The ``templates`` folder a (possibly nested) folder sits in."""
    for candidate in (folder, *folder.parents):
        if candidate.name == "templates":
            return candidate
    return folder


def compile_templates(names: Iterable[str] | None = None) -> int:
    """Load every template through each engine, so its cached loader keeps it compiled; the
    form widgets' templates (django/forms/) through the form renderer's engine."""
    from django.template import engines

    wanted = list(template_names(template_dirs()) if names is None else names)
    backends = list(engines.all())
    forms = _form_renderer_engine() or backends
    compiled = 0
    for name in wanted:
        for backend in forms if name.startswith("django/forms/") else backends:
            compiled += _compile(backend, name)
    return compiled


def _form_renderer_engine() -> list[Any]:
    """The form renderer's own template engine, if it has one (Django's default renderer)."""
    from django.forms.renderers import get_default_renderer

    engine = getattr(get_default_renderer(), "engine", None)
    return [engine] if engine is not None else []


def _compile(backend: Any, name: str) -> int:
    from django.template import TemplateDoesNotExist

    try:
        backend.get_template(name)
    except TemplateDoesNotExist:
        return 0
    except Exception:
        log.exception("Warm-up could not compile the template %s; going on.", name)
        return 0
    return 1


# --- URLs ----------------------------------------------------------------------------


def resolve_urls() -> int:
    """Build every resolver's reverse tables, compile every pattern's regular expression, and
    build the resolver ``reverse()`` makes for each namespace (cached per process by Django's
    ``get_ns_resolver``: a first ``reverse("census:results")`` otherwise repopulates it)."""
    from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse

    namespaces: set[str] = set()

    def walk(resolver: URLResolver, prefix: str) -> int:
        count = 0
        resolver.reverse_dict, resolver.app_dict  # noqa: B018
        namespaces.update(prefix + namespace for namespace in resolver.namespace_dict)
        for pattern in resolver.url_patterns:
            pattern.pattern.regex  # noqa: B018
            if isinstance(pattern, URLResolver):
                count += walk(pattern, prefix + f"{pattern.namespace}:" if pattern.namespace else prefix)
            else:
                count += 1
        return count

    count = walk(get_resolver(), "")
    for namespace in sorted(namespaces):
        # NoReverseMatch is expected: the namespace's resolver is built and populated on the way.
        with contextlib.suppress(NoReverseMatch):
            reverse(f"{namespace}:{WARM_UP_NAME}")
    return count


# --- formats, static files, database -------------------------------------------------


def load_model_options() -> None:
    """Each model's field maps and reverse relations (built on first use per process), and
    every configured cache backend and template context processor."""
    from django.apps import apps
    from django.core.cache import caches
    from django.template import engines

    for model in apps.get_models(include_auto_created=True):
        options = model._meta
        options.get_fields(include_hidden=True)
        options._forward_fields_map, options.fields_map, options.related_objects  # type: ignore[attr-defined]  # noqa: B018
    caches.all(initialized_only=False)
    for backend in engines.all():
        getattr(getattr(backend, "engine", None), "template_context_processors", None)


def load_formats() -> None:
    """The active language's translations and date and number formats."""
    from django.conf import settings
    from django.utils import formats, translation

    with translation.override(settings.LANGUAGE_CODE):
        for name in formats.FORMAT_SETTINGS:
            formats.get_format(name)
        translation.gettext("Home")


def load_static_manifest() -> None:
    """The hashed names of the static files (read once per process)."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    getattr(staticfiles_storage, "location", None)  # set up: the manifest storage reads its manifest


def read_database() -> None:
    """Reads only: a first query (the connection's set-up and the backend's compiler) and the
    search backend's check for its full-text table. Not ``Site.get_site_root_paths()``: it
    stores its answer in the default cache, which is a database table."""
    from wagtail.models import Site

    from tiex.library import search

    list(Site.objects.select_related("root_page").order_by("pk")[:1])
    search.uses_fts5()


def _close_connections() -> None:
    """The worker's requests run in other threads: leave no connection open here (but one
    inside a caller's transaction, a test's, is the caller's to close)."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            continue
        try:
            connection.close()
        except Exception:
            log.exception("Warm-up could not close the %s database connection.", connection.alias)
