"""factory_boy factories for the Shared Services Map.

``PartnershipFactory(councils=[a, b], categories=[...], services=[...], benefit_tags=["resilience"])``
adds the councils (through ``PartnershipCouncil``), categories, services and tags; the lead
council, when given, is added to the councils too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import factory

from tiex.councils.tests.factories import CouncilFactory
from tiex.partnerships.models import (
    EsdService,
    OtherPartner,
    OtherPartnerKind,
    Partnership,
    PartnershipBenefit,
    PartnershipCouncil,
    PartnershipKind,
    PartnershipStatus,
    Savings,
    SavingsEvidence,
    SavingsStatus,
    ServiceCategory,
)


class ServiceCategoryFactory(factory.django.DjangoModelFactory):
    """A level 1 esd function; ``ServiceCategoryFactory(parent=top)`` makes one a level below."""

    class Meta:
        model = ServiceCategory
        django_get_or_create = ("identifier",)

    identifier = factory.Sequence(lambda n: 90000 + n)
    label = factory.Sequence(lambda n: f"Function {n:04d}")
    parent = None
    level = factory.LazyAttribute(lambda o: 1 if o.parent is None else o.parent.level + 1)


class EsdServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EsdService
        django_get_or_create = ("identifier",)

    identifier = factory.Sequence(lambda n: 90000 + n)
    label = factory.Sequence(lambda n: f"Service {n:04d}")
    description = "A service from the esd list."
    category = None


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ("reference",)
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"SSP-{n:05d}")
    name = factory.Sequence(lambda n: f"Shared service {n:04d}")
    description = "Two councils share one team."
    kind = PartnershipKind.SHARED_SERVICE
    status = PartnershipStatus.OPERATIONAL
    start_year = 2015
    end_year = None
    lead_council = None
    is_demo = False

    @factory.post_generation
    def councils(self, create: bool, extracted: Iterable[Any] | None, **kwargs: Any) -> None:
        if not create:
            return
        chosen = list(extracted) if extracted is not None else []
        if self.lead_council is not None and self.lead_council not in chosen:
            chosen.insert(0, self.lead_council)
        for council in chosen:
            PartnershipCouncil.objects.get_or_create(partnership=self, council=council)

    @factory.post_generation
    def categories(self, create: bool, extracted: Iterable[ServiceCategory] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.categories.add(*extracted)

    @factory.post_generation
    def services(self, create: bool, extracted: Iterable[EsdService] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.services.add(*extracted)

    @factory.post_generation
    def benefit_tags(self, create: bool, extracted: Iterable[str] | None, **kwargs: Any) -> None:
        if create and extracted:
            for tag in extracted:
                PartnershipBenefit.objects.get_or_create(partnership=self, tag=tag)


class PartnershipCouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipCouncil

    partnership = factory.SubFactory(PartnershipFactory)
    council = factory.SubFactory(CouncilFactory)


class PartnershipBenefitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipBenefit

    partnership = factory.SubFactory(PartnershipFactory)
    tag = "resilience"


class OtherPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OtherPartner

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"County Fire and Rescue Service {n}")
    kind = OtherPartnerKind.FIRE


class SavingsFactory(factory.django.DjangoModelFactory):
    """One year's achieved savings, evidenced by a council return."""

    class Meta:
        model = Savings

    partnership = factory.SubFactory(PartnershipFactory)
    financial_year = 2018
    amount_gbp = 250_000
    status = SavingsStatus.ACHIEVED
    evidence = SavingsEvidence.COUNCIL_RETURN


def access_world_partnerships(council_a: Any, council_b: Any) -> dict[str, str]:
    """For the access matrix (tiex/core/tests/access_world.py): a partnership of councils A and B; path keys."""
    partnership = PartnershipFactory(
        name="Aldershire and Bexford shared audit", lead_council=council_a, councils=[council_b]
    )
    SavingsFactory(partnership=partnership)
    return {"partnership_a": str(partnership.pk)}


def refresh_round(financial_year: int = 2019, **fields: Any) -> Any:
    """A refresh round (open unless ``closed_at`` is given), with no returns."""
    import datetime

    from django.utils import timezone

    from tiex.partnerships.models import RefreshRound

    defaults: dict[str, Any] = {
        "opens_on": datetime.date(financial_year + 1, 5, 1),
        "closes_on": datetime.date(financial_year + 1, 6, 30),
        "opened_at": timezone.now(),
    }
    return RefreshRound.objects.create(financial_year=financial_year, **{**defaults, **fields})


def confirm(partnership: Partnership, round_: Any, outcome: str = "confirmed") -> Any:
    """A confirmation of ``partnership`` in ``round_`` with no return (as the demo records them)."""
    from django.utils import timezone

    from tiex.partnerships.models import PartnershipConfirmation

    return PartnershipConfirmation.objects.create(
        round=round_, partnership=partnership, outcome=outcome, confirmed_at=timezone.now()
    )


def access_world_refresh(council_a: Any) -> dict[str, str]:
    """For the access matrix: an open 2019/20 refresh round with council A's return; path keys."""
    import datetime

    from tiex.partnerships.models import CouncilReturn

    round_ = refresh_round(2019, closes_on=datetime.date(2099, 1, 1))
    council_return = CouncilReturn.objects.create(round=round_, council=council_a)
    return {"round_year": str(round_.financial_year), "return_a": str(council_return.pk)}


def access_world_interests(council_a: Any, council_b: Any, users: dict[str, Any]) -> dict[str, str]:
    """For the access matrix: council B's published interest and council A's private one; path keys."""
    from tiex.partnerships import services_interests

    category = ServiceCategoryFactory(label="Legal services")
    published_b = services_interests.interest_create(
        actor=users["member_b"],
        council_id=council_b.pk,
        category=category,
        looking_for="A partner for our legal team",
        visible_to_councils=True,
    )
    private_a = services_interests.interest_create(
        actor=users["member_a"],
        council_id=council_a.pk,
        category=category,
        looking_for="Not yet ready to say",
        visible_to_councils=False,
    )
    return {"interest_b_published": str(published_b.pk), "interest_a_private": str(private_a.pk)}
