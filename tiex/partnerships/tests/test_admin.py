"""Association admins keep partnerships in the staff admin, savings and other partners included."""

from __future__ import annotations

import pytest

from tiex.accounts.roles import Role
from tiex.accounts.tests.factories import association, give_totp, member_of
from tiex.councils.tests.factories import CouncilFactory
from tiex.partnerships.models import Partnership
from tiex.partnerships.tests.factories import PartnershipFactory, SavingsFactory

pytestmark = pytest.mark.django_db
BASE = "/admin/snippets/partnerships/partnership/"


@pytest.fixture
def admin_client(client):  # type: ignore[no-untyped-def]
    admin = member_of(association(), Role.ADMIN, email="admin@example.org")
    give_totp(admin)
    client.force_login(admin)
    return client


def formsets(prefix: str, rows: list[dict[str, str]], initial: int = 0) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
        data.setdefault(f"{prefix}-{index}-DELETE", "")
        data.setdefault(f"{prefix}-{index}-ORDER", str(index + 1))
    return data


def test_an_admin_adds_a_partnership_with_councils_savings_partners_and_tags(admin_client):
    lead, other = CouncilFactory(name="Northshire"), CouncilFactory(name="Southshire")
    assert admin_client.get(f"{BASE}add/").status_code == 200

    data = {
        "reference": "SS-100",
        "name": "Northshire and Southshire legal services",
        "description": "One legal team.",
        "kind": "shared_service",
        "status": "operational",
        "start_year": "2016",
        "end_year": "",
        "lead_council": str(lead.pk),
        "benefits": "",
        "no_savings_reason": "",
        "contact_email": "legal@example.org",
        **formsets("memberships", [{"council": str(lead.pk)}, {"council": str(other.pk)}]),
        **formsets("other_partners", [{"name": "Northshire Police", "kind": "police"}]),
        **formsets(
            "savings",
            [
                {
                    "financial_year": "2018",
                    "amount_gbp": "150000",
                    "status": "achieved",
                    "evidence": "audited_accounts",
                    "confirmed_by_name": "Chief finance officer",
                    "confirmed_at": "",
                }
            ],
        ),
        **formsets("benefit_tags", [{"tag": "resilience"}]),
    }
    response = admin_client.post(f"{BASE}add/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    partnership = Partnership.objects.get(reference="SS-100")
    assert set(partnership.councils.all()) == {lead, other}
    assert partnership.other_partners.get().name == "Northshire Police"
    saving = partnership.savings.get()
    assert (saving.financial_year, saving.amount_gbp, saving.evidence) == (2018, 150_000, "audited_accounts")
    assert list(partnership.benefit_tags.values_list("tag", flat=True)) == ["resilience"]


def test_an_admin_lists_and_opens_a_partnership(admin_client):
    partnership = PartnershipFactory(name="Eastshire waste partnership")
    SavingsFactory(partnership=partnership)
    assert "Eastshire waste partnership" in admin_client.get(BASE).content.decode()
    assert admin_client.get(f"{BASE}edit/{partnership.pk}/").status_code == 200


def test_an_association_editor_curates_partnerships_and_support_offers(client):
    """Editors are the association staff who keep the data: the partnership and offer snippets are theirs too."""
    partnership = PartnershipFactory(name="Eastshire waste partnership")
    editor = member_of(association(), Role.EDITOR, email="editor@example.org")
    give_totp(editor)
    client.force_login(editor)
    assert client.get(f"{BASE}add/").status_code == 200
    assert client.get(f"{BASE}edit/{partnership.pk}/").status_code == 200
    assert client.get("/admin/snippets/assessments/supportoffer/").status_code == 200


def test_a_council_super_user_has_no_admin(client):
    from tiex.accounts.tests.factories import CouncilOrganisationFactory

    super_user = member_of(CouncilOrganisationFactory(), Role.SUPER_USER, email="sam@example.org")
    client.force_login(super_user)
    assert client.get(f"{BASE}add/").status_code in (302, 403)
