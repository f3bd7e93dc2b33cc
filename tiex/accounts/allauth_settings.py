"""django-allauth's settings, read once per process (``ALLAUTH_SETTING_GETTER`` in config/settings.py).

allauth reads each of its settings afresh on every use, through a getter it first looks up as the
setting ``ALLAUTH_SETTING_GETTER``; when that and the asked-for setting are unset (most of them are:
their defaults serve), each read raises and catches an AttributeError. The sign-in page alone reads
about seventeen, a tenth of its time. This getter keeps what Django's settings hold (or that they
hold nothing) per name, and forgets it all when a setting changes (``override_settings`` in tests),
so it answers exactly what ``getattr(settings, name, default)`` would.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.signals import setting_changed

_UNSET = object()
_read: dict[str, Any] = {}


def setting(name: str, default: Any) -> Any:
    """``getattr(settings, name, default)``, remembered."""
    try:
        value = _read[name]
    except KeyError:
        value = _read[name] = getattr(settings, name, _UNSET)
    return default if value is _UNSET else value


def _forget(**_kwargs: Any) -> None:
    _read.clear()


setting_changed.connect(_forget, dispatch_uid="tiex.accounts.allauth_settings")
