"""The browser tests' "exchange" seed: resources with known addresses and a submission in review
(see tiex/library/a11y_routes.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from tiex.library.a11y_routes import OUT_OF_DATE_SLUG, RESOURCE_SLUG, SUBMISSION_PK
from tiex.library.importers import CLIMATE_DATASET
from tiex.library.models import ResourcePage
from tiex.library.services import OutcomeData, ResourceData, exchange_index_get, resource_create, taxonomy_ensure
from tiex.library.tests.factories import CouncilFactory, UserFactory, make_resource


def ensure_page_tree() -> None:
    """Browser tests flush the database, Wagtail's root page and default site with it: put them back."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page, Site

    if Page.get_first_root_node() is not None:
        return
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.add_root(instance=Page(title="Root", slug="root"))
    Site.objects.create(hostname="localhost", root_page=root, is_default_site=True, site_name="tiex")


def seed_exchange() -> None:
    from tiex.accounts.models import Membership
    from tiex.accounts.roles import Role
    from tiex.core.tests.browser.conftest import ensure_organisation

    ensure_page_tree()
    taxonomy_ensure()
    exchange = exchange_index_get()
    council = CouncilFactory(name="Ashford", region="South East")
    make_resource(
        "Food waste collections",
        summary="Weekly food waste collections for 60,000 homes.",
        body="Caddies were delivered to every home.",
        themes=("income-and-spend", "leadership-of-place"),
        service_areas=("waste", "climate"),
        councils=(council,),
        date=datetime.date(2025, 2, 1),
        evidence_level="reported",
        outcomes=(
            OutcomeData(kind="saving", amount=Decimal(340000), period="per-year", status="expected"),
            OutcomeData(kind="benefit", description="Residual waste down 12%", status="achieved"),
        ),
        contact_name="Elaine Ward",
        contact_email="elaine@example.org",
    )
    make_resource("Garden waste subscriptions", themes=("income-and-spend",), service_areas=("waste",))
    make_resource(
        "Cyber security baseline",
        resource_type="toolkit",
        themes=("digital-and-technology",),
        review_date=datetime.date(2020, 1, 1),
    )
    assert ResourcePage.objects.filter(slug__in=[RESOURCE_SLUG, OUT_OF_DATE_SLUG]).count() == 2
    # A council climate plan: the collection of its own (and "also matches" a search for waste).
    plan = ResourceData(
        title="Waste and climate strategy 2022 to 2030",
        summary="Climate strategy published by Ashford, for 2022 to 2030.",
        resource_type="external",
        themes=("understanding-of-place",),
        service_areas=("climate",),
        councils=(council.pk,),
        date=datetime.date(2022, 1, 1),
        external_url="https://ashford.example.gov.uk/climate-strategy.pdf",
    )
    resource_create(actor=None, data=plan, source_dataset=CLIMATE_DATASET, source_key="ASF|strategy")

    # A colleague's submission at the super-user's council, waiting for review.
    organisation = ensure_organisation()
    colleague = UserFactory(email="submitter@example.org", full_name="Casey Submitter")
    Membership.objects.get_or_create(user=colleague, organisation=organisation, defaults={"role": Role.MEMBER})
    page = ResourcePage(
        pk=SUBMISSION_PK,
        title="Shared legal service",
        slug="shared-legal-service",
        summary="Three councils share one legal team.",
        live=False,
        owner=colleague,
        submitted_by_council=organisation.council,
    )
    page.councils = [organisation.council]
    exchange.add_child(instance=page)
    page.save_revision(user=colleague)
    page.get_workflow().start(page, colleague)
