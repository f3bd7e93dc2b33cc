"""The audit log in the staff admin: admins can browse and filter it; nobody can change it."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from tiex.core.models import AuditEvent
from tiex.core.permissions import may_view_audit_log


class AuditLogPermissionPolicy(ModelPermissionPolicy):
    """Only "view" exists, and only for those the permission module allows."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action == "view" and may_view_audit_log(user)

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions: Any) -> Any:
        from django.contrib.auth import get_user_model

        return get_user_model().objects.none()


register_permission_policy(AuditEvent, AuditLogPermissionPolicy(AuditEvent))


class AuditEventViewSet(ModelViewSet):
    model = AuditEvent
    icon = "history"
    menu_label = "Audit log"
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["occurred_at", "actor_label", "action", "object_type", "object_repr"]
    list_filter = {
        "action": ["exact"],
        "object_type": ["exact"],
        "actor_label": ["icontains"],
        "occurred_at": ["gte", "lte"],
    }
    search_fields = None
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 50

    def get_urlpatterns(self) -> list[Any]:
        # Listing and inspecting only: there is no add, edit, copy or delete view at all.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]


audit_event_viewset = AuditEventViewSet("audit_log")


@hooks.register("register_admin_viewset")
def register_audit_log_viewset() -> AuditEventViewSet:
    return audit_event_viewset


# --- Pages with no content of their own ---------------------------------------------------


@hooks.register("before_serve_page")
def no_bare_pages(page: Any, request: Any, serve_args: Any, serve_kwargs: Any) -> Any:
    """A plain Wagtail ``Page`` has a title and nothing else; Wagtail would show its bare
    template (for the site root, created by Wagtail's first migration: "Welcome to your new
    Wagtail site!"). The site root sends readers to the home page; any other such page is a 404."""
    if page.specific_class is not Page:
        return None
    if page.is_site_root():
        return HttpResponseRedirect(reverse("core:home"))
    raise Http404("No page here.")
