"""Test data for self-assessments: small frameworks of both kinds, loaded through the real loader."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tiex.accounts.roles import Role
from tiex.accounts.services import organisation_for_council
from tiex.accounts.tests.factories import member_of
from tiex.assessments import services
from tiex.assessments.importers import (
    DimensionSpec,
    FrameworkSpec,
    IndicatorSpec,
    LevelSpec,
    SectionSpec,
    StatementSpec,
    framework_load,
)
from tiex.assessments.models import Assessment, FrameworkVersion
from tiex.councils.tests.factories import CouncilFactory

SCALE = ("Not yet", "Understands", "Plans", "Does", "Reviews")


def scaled_spec(slug: str = "test-scaled", version: str = "1.0", **overrides: Any) -> FrameworkSpec:
    spec = FrameworkSpec(
        slug=slug,
        title="Test transformation",
        kind="scaled",
        version=version,
        dimensions=[DimensionSpec("current", "Now"), DimensionSpec("ambition", "Ambition")],
        levels=[LevelSpec(i + 1, label, f"{label} described") for i, label in enumerate(SCALE)],
        sections=[
            SectionSpec(
                "place",
                "Understanding of place",
                exchange_themes=["understanding-of-place"],
                statements=[StatementSpec("P1", "We know our place."), StatementSpec("P2", "We set priorities.")],
            ),
            SectionSpec(
                "money",
                "Financial planning",
                exchange_themes=["financial-planning"],
                statements=[StatementSpec("M1", "We plan five years ahead.")],
            ),
        ],
    )
    for key, value in overrides.items():
        setattr(spec, key, value)
    return spec


CAF_RULES = [[1, "achieved", "all"], [2, "partially-achieved", "all"], [3, "not-achieved", "any"]]


def indicator_spec(slug: str = "test-caf", version: str = "1.0") -> FrameworkSpec:
    outcome = StatementSpec(
        "A1.a",
        "Board direction is effective.",
        title="Board direction",
        indicators=[
            IndicatorSpec("NA1", "Not discussed at board.", "not-achieved"),
            IndicatorSpec("PA1", "Discussed sometimes.", "partially-achieved"),
            IndicatorSpec("A1", "Owned at board level.", "achieved"),
            IndicatorSpec("A2", "Regular discussions.", "achieved"),
        ],
    )
    no_partial = StatementSpec(
        "A1.b",
        "Roles are clear.",
        title="Roles",
        indicators=[
            IndicatorSpec("NA1", "Key roles missing.", "not-achieved"),
            IndicatorSpec("A1", "Roles identified.", "achieved"),
        ],
    )
    return FrameworkSpec(
        slug=slug,
        title="Test CAF",
        kind="indicators",
        version=version,
        assessment_rules=CAF_RULES,
        dimensions=[DimensionSpec("status", "Outcome")],
        levels=[
            LevelSpec(1, "Not achieved", key="not-achieved"),
            LevelSpec(2, "Partially achieved", key="partially-achieved"),
            LevelSpec(3, "Achieved", key="achieved"),
        ],
        sections=[
            SectionSpec(
                "A",
                "Managing risk",
                sections=[SectionSpec("A1", "Governance", statements=[outcome, no_partial])],
            )
        ],
    )


def load(spec: FrameworkSpec) -> FrameworkVersion:
    framework_load(spec, source="factory")
    return FrameworkVersion.objects.get(framework__slug=spec.slug, version=spec.version)


def team(council: Any = None, members: int = 2) -> tuple[Any, Any, list[Any]]:
    """(organisation, super-user, members) of a council."""
    council = council or CouncilFactory()
    organisation = organisation_for_council(council=council)
    lead = member_of(organisation, Role.SUPER_USER)
    people = [member_of(organisation, Role.MEMBER) for _ in range(members)]
    return organisation, lead, people


def start(version: FrameworkVersion, organisation: Any, lead: Any, people: list[Any], **options: Any) -> Assessment:
    return services.assessment_start(
        actor=lead,
        organisation=organisation,
        version=version,
        participants=[lead, *people],
        closing_date=options.pop("closing_date", timezone.localdate() + datetime.timedelta(days=14)),
        **options,
    )


def access_world_assessment(organisation: Any, users: dict[str, Any]) -> dict[str, str]:
    """For the access matrix (tiex/core/tests/access_world.py): an open assessment of council A with
    member_a and super_a taking part and one answer each, and a published public one; path keys."""
    version = load(scaled_spec())
    open_one = start(version, organisation, users["super_a"], [users["member_a"]])
    published = start(version, organisation, users["super_a"], [users["member_a"]])
    statement = version.statements.get(code="P1")
    for assessment in (open_one, published):
        for persona in ("member_a", "super_a"):
            participant = assessment.participants.get(user=users[persona])
            services.response_save(participant=participant, statement=statement, values={"current": 2}, comment=persona)
    services.consensus_save(actor=users["super_a"], assessment=published, answers={statement.pk: ({"current": 2}, "")})
    services.assessment_publish(actor=users["super_a"], assessment=published, visibility="public")
    from tiex.plans.services import action_create

    action = action_create(
        actor=users["super_a"],
        organisation=organisation,
        source_kind="assessment",
        source_id=published.pk,
        source_ref="P1",
        source_label=statement.text,
        title="Map the place's needs with partners",
    )
    return {
        "action_a": str(action.pk),
        "assessment_a": str(open_one.pk),
        "published_assessment": str(published.pk),
        "framework_slug": version.framework.slug,
    }
