"""The browser tests' "partnerships" seed (see tiex/partnerships/a11y_routes.py)."""

from __future__ import annotations


def seed_partnerships() -> None:
    from tiex.councils.tests.factories import CouncilFactory, square
    from tiex.partnerships.a11y_routes import PARTNERSHIP_PK
    from tiex.partnerships.models import OtherPartnerKind, SavingsStatus
    from tiex.partnerships.tests.factories import (
        OtherPartnerFactory,
        PartnershipFactory,
        SavingsFactory,
        ServiceCategoryFactory,
    )

    # A boundary, so the page's static map (and the map's boundaries file) has an area to draw.
    lead = CouncilFactory(name="Seedham", gss_code="E07009301", boundary=square(), latitude=51.4, longitude=0.7)
    other = CouncilFactory(name="Old Seedford", gss_code="E07009302", former=True)
    other.successors.add(lead)
    finance = ServiceCategoryFactory(label="Finance")
    partnership = PartnershipFactory(
        pk=PARTNERSHIP_PK,
        name="Seedham and Old Seedford revenues and benefits",
        lead_council=lead,
        councils=[other],
        categories=[finance, ServiceCategoryFactory(label="Revenues", parent=finance)],
        benefit_tags=["resilience", "capacity"],
        benefits="One team covers both councils' peaks.",
        contact_email="shared.services@example.org",
    )
    OtherPartnerFactory(partnership=partnership, name="Seedshire Fire and Rescue Service", kind=OtherPartnerKind.FIRE)
    SavingsFactory(partnership=partnership, financial_year=None, amount_gbp=1_200_000)
    SavingsFactory(partnership=partnership, financial_year=2018, amount_gbp=300_000)
    SavingsFactory(partnership=partnership, financial_year=2019, amount_gbp=320_000, status=SavingsStatus.EXPECTED)
    PartnershipFactory(name="Seedham procurement consortium", kind="co_procurement", councils=[lead], is_demo=True)

    # Finding a partner: Testshire (the route map's council) registered an interest in sharing
    # revenues, and Seedham (which shares it already) has published one in finance.
    from django.contrib.auth import get_user_model

    from tiex.core.tests.browser.conftest import ensure_organisation, get_super_user
    from tiex.partnerships.a11y_routes import INTEREST_PK
    from tiex.partnerships.models_interests import SharingInterest

    organisation = ensure_organisation()
    organisation.council.__class__.objects.filter(pk=organisation.council_id).update(latitude=52.1, longitude=1.1)
    lead.__class__.objects.filter(pk=lead.pk).update(latitude=52.2, longitude=1.0)
    SharingInterest.objects.create(
        pk=INTEREST_PK,
        council=organisation.council,
        category=finance,
        looking_for="A partner to share a revenues and benefits service from next April.",
        visible_to_councils=True,
        created_by=get_super_user(get_user_model()),
    )
    SharingInterest.objects.create(
        council=lead, category=finance, looking_for="Someone to share a finance team with.", visible_to_councils=True
    )
