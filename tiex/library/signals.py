"""Adapters from Wagtail's signals to the Exchange's services (no logic here)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import PageLogEntry


@receiver(post_save, sender=PageLogEntry, dispatch_uid="tiex_library_page_history")
def page_history_recorded(sender: Any, instance: PageLogEntry, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        from tiex.library.services import resource_history_recorded

        resource_history_recorded(entry=instance)
