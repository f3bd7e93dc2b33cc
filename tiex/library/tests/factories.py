"""Test data for the Exchange: resources made through the real services (so Wagtail's tree,
revisions and search index are as in real life), and people with council roles."""

from __future__ import annotations

import datetime
from typing import Any

from tiex.accounts.roles import Role
from tiex.accounts.services import organisation_for_council
from tiex.accounts.tests.factories import PASSWORD, UserFactory, association, give_totp, member_of
from tiex.councils.tests.factories import CouncilFactory
from tiex.library import services
from tiex.library.choices import EvidenceLevel, ResourceType
from tiex.library.models import ResourcePage

__all__ = ["PASSWORD", "CouncilFactory", "UserFactory", "council_member", "editor", "make_resource"]


def make_resource(
    title: str = "A resource",
    *,
    summary: str = "What happened.",
    body: str = "",
    resource_type: str = ResourceType.CASE_STUDY,
    themes: tuple[str, ...] = (),
    service_areas: tuple[str, ...] = (),
    councils: tuple[Any, ...] = (),
    replicated_by: tuple[Any, ...] = (),
    date: datetime.date | None = None,
    evidence_level: str = EvidenceLevel.DESCRIBED,
    publish: bool = True,
    **fields: Any,
) -> ResourcePage:
    data = services.ResourceData(
        title=title,
        summary=summary,
        body=f"<p>{body}</p>" if body else "",
        resource_type=resource_type,
        themes=themes,
        service_areas=service_areas,
        councils=tuple(council.pk for council in councils),
        replicated_by=tuple(council.pk for council in replicated_by),
        date=date,
        evidence_level=evidence_level,
        **fields,
    )
    return services.resource_create(actor=None, data=data, publish=publish)


def council_member(council: Any, role: str = Role.MEMBER, **fields: Any) -> Any:
    return member_of(organisation_for_council(council=council), role, **fields)


def editor(**fields: Any) -> Any:
    """An association editor with an authenticator app (editors must use two-factor authentication)."""
    user = member_of(association(), Role.EDITOR, **fields)
    give_totp(user)
    return user
