"""Published reports, action plans and progress review reports: the Exchange's "Peer challenge reports"
collection (search, page, API) and the council profile's section."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tiex.accounts.roles import Role
from tiex.accounts.services import organisation_for_council
from tiex.accounts.tests.factories import member_of
from tiex.councils.tests.factories import CouncilFactory
from tiex.library import selectors as library
from tiex.library.filters import ResourceFilters
from tiex.library.models import ResourcePage
from tiex.peer_challenges import services_documents
from tiex.peer_challenges.models import DocumentKind
from tiex.peer_challenges.tests.factories import ChallengeFactory, DocumentFactory, finance_kind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def published() -> dict[str, Any]:
    council = CouncilFactory(name="Wexshire", gss_code="E10000951")
    challenge = ChallengeFactory(
        council=council, visit_start=datetime.date(2025, 11, 3), visit_end=datetime.date(2025, 11, 6)
    )
    super_user = member_of(organisation_for_council(council=council), Role.SUPER_USER)
    report = DocumentFactory(
        challenge=challenge,
        kind=DocumentKind.REPORT,
        title="Corporate peer challenge report",
        url="https://wexshire.example/cpc-report.pdf",
        summary="The team found strong partnerships and a budget gap to close.",
    )
    report.published_at = timezone.now()  # as the stages' publishing does (tested there), then the one hook
    report.save()
    services_documents.document_exchange_sync(document=report)
    draft = DocumentFactory(
        challenge=challenge,
        kind=DocumentKind.ACTION_PLAN,
        title="Zebracorn action plan",
        summary="Zebracorn partnerships",
    )
    return {"council": council, "challenge": challenge, "report": report, "draft": draft, "super": super_user}


def test_a_published_report_is_in_its_own_collection_and_a_draft_is_not(published) -> None:  # type: ignore[no-untyped-def]
    # Not in the Exchange's own resources by default, as with the climate plans.
    assert library.resource_search(ResourceFilters(q="partnerships")).count == 0
    found = library.resource_search(ResourceFilters(q="partnerships", collection="peer-challenge-reports"))
    assert [item.title for item in found.items] == ["Wexshire: Corporate peer challenge report"]
    assert found.items[0].external_url == "https://wexshire.example/cpc-report.pdf"
    assert [council.name for council in found.items[0].councils] == ["Wexshire"]
    assert library.resource_search(ResourceFilters(q="zebracorn", collection="all")).count == 0
    assert ResourcePage.objects.filter(source_dataset="peer-challenges").count() == 1


def test_the_search_page_links_the_document_and_the_council(published, client: Client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/exchange/", {"q": "partnerships", "collection": "peer-challenge-reports"}).content.decode()
    assert '<h1 class="govuk-heading-l">Peer challenge reports</h1>' in html
    assert 'href="https://wexshire.example/cpc-report.pdf"' in html
    assert 'href="/councils/E10000951/"' in html
    assert "Zebracorn" not in html
    api = client.get("/api/v1/resources", {"q": "partnerships", "collection": "peer-challenge-reports"}).json()
    assert [(item["collection"], item["external_url"]) for item in api["items"]] == [
        ("peer-challenge-reports", "https://wexshire.example/cpc-report.pdf")
    ]


def test_publishing_again_changes_nothing_and_a_draft_kind_is_not_listed(published) -> None:  # type: ignore[no-untyped-def]
    report = published["report"]
    assert services_documents.document_exchange_sync(document=report) == "unchanged"
    assert services_documents.document_exchange_sync(document=published["draft"]) == "not published"
    draft_report = DocumentFactory(
        challenge=published["challenge"], kind=DocumentKind.DRAFT_REPORT, published_at=timezone.now()
    )
    assert services_documents.document_exchange_sync(document=draft_report) == "not published"


def test_the_council_profile_lists_published_documents_by_challenge(published, client: Client) -> None:  # type: ignore[no-untyped-def]
    finance = ChallengeFactory(
        council=published["council"], kind=finance_kind(), visit_start=datetime.date(2019, 2, 4), visit_end=None
    )
    DocumentFactory(
        challenge=finance,
        kind=DocumentKind.PROGRESS_REVIEW_REPORT,
        title="Finance progress review",
        published_at=timezone.now(),
    )
    DocumentFactory(challenge=finance, kind=DocumentKind.POSITION_STATEMENT, published_at=timezone.now())
    html = client.get("/councils/E10000951/").content.decode()
    section = html[html.index('id="peer-challenge-documents"') :]
    headings = re.findall(r'<h3 class="govuk-heading-s govuk-!-margin-bottom-1">([^<]+)</h3>', section)
    assert headings[:2] == [
        "Corporate peer challenge, visit 3 November 2025 to 6 November 2025",
        "Finance peer challenge, visit 4 February 2019",
    ]
    assert 'href="https://wexshire.example/cpc-report.pdf"' in section
    assert "Finance progress review" in section and "Progress review report" in section
    assert "Zebracorn" not in section and "Position statement" not in section
    assert f'href="/peer-challenges/{published["challenge"].reference}/recommendations/"' in section


def test_a_council_with_no_published_documents_has_no_section(client: Client) -> None:
    council = CouncilFactory(gss_code="E10000952")
    DocumentFactory(challenge=ChallengeFactory(council=council), kind=DocumentKind.REPORT)
    assert 'id="peer-challenge-documents"' not in client.get("/councils/E10000952/").content.decode()
