"""The annual refresh from the front door: staff open a round, a super-user follows the e-mailed
link, signs in, completes the pre-filled return, and staff see it submitted; the totals move."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from tiex.accounts.roles import Role
from tiex.accounts.services import organisation_for_council
from tiex.accounts.tests.factories import PASSWORD, association, give_totp, member_of
from tiex.councils.tests.factories import CouncilFactory
from tiex.partnerships import savings
from tiex.partnerships.models import (
    ConfirmationOutcome,
    CouncilReturn,
    Partnership,
    PartnershipConfirmation,
    PartnershipStatus,
    ReturnStatus,
    Savings,
)
from tiex.partnerships.tests.factories import PartnershipFactory, SavingsFactory, ServiceCategoryFactory

pytestmark = pytest.mark.django_db


def in_year_total(year: int) -> int:
    rows = Savings.objects.filter(partnership__in=Partnership.objects.exclude(status=PartnershipStatus.ENDED))
    return savings.in_year(list(rows), year)


def test_staff_open_a_round_and_a_super_user_completes_the_return_from_the_e_mailed_link():
    northshire = CouncilFactory(name="Northshire", region="East Midlands")
    westshire = CouncilFactory(name="Westshire", region="East Midlands")
    CouncilFactory(name="Eastshire", region="London")  # asked too, though it has no partnership
    organisation = organisation_for_council(council=northshire)
    super_user = member_of(organisation, Role.SUPER_USER, email="sam.super@northshire.example.org")
    member_of(organisation, Role.MEMBER, email="mo.member@northshire.example.org")
    editor = member_of(association(), Role.EDITOR, email="ed.editor@example.org")
    give_totp(editor)
    legal = PartnershipFactory(name="Northshire and Westshire legal", lead_council=northshire, councils=[westshire])
    SavingsFactory(partnership=legal, financial_year=2018, amount_gbp=100_000)
    waste = PartnershipFactory(name="Northshire waste partnership", lead_council=northshire, start_year=2012)
    SavingsFactory(partnership=waste, financial_year=2018, amount_gbp=50_000)
    finance = ServiceCategoryFactory(label="Finance")

    # Staff open the 2019/20 round.
    staff = Client()
    staff.force_login(editor)
    page = staff.get("/shared-services/refresh/")
    assert page.status_code == 200
    assert "Open a round" in page.content.decode()
    opened = staff.post("/shared-services/refresh/", {"financial_year": "2019", "closes_on": "2099-06-30"}, follow=True)
    assert opened.redirect_chain[-1][0] == "/shared-services/refresh/2019/"
    assert "3 councils have a return" in opened.content.decode()
    assert CouncilReturn.objects.filter(round__financial_year=2019).count() == 3

    # Only the super-user is e-mailed (not the member), with a link to the council's return.
    assert [message.to for message in mail.outbox] == [["sam.super@northshire.example.org"]]
    message = mail.outbox[0]
    assert "Northshire" in message.subject and "2019/20" in message.subject
    link = re.search(r"https?://\S+/shared-services/refresh/returns/\d+/", message.body).group(0)  # type: ignore[union-attr]
    path = urlsplit(link).path

    # The link asks them to sign in, then lands on the pre-filled return.
    person = Client()
    response = person.get(path)
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    signed_in = person.post(
        "/account/login/?next=" + path, {"login": super_user.email, "password": PASSWORD}, follow=True
    )
    assert signed_in.redirect_chain[-1][0] == path
    text = signed_in.content.decode()
    assert "Shared services return for 2019/20" in text
    assert "Northshire and Westshire legal" in text and "Northshire waste partnership" in text
    assert 'value="100,000"' in text  # last year's figure, pre-filled
    assert "Unchanged: £100,000 achieved in 2019/20" in text

    # A mistake keeps what was typed.
    wrong = person.post(path, {f"p{legal.pk}-action": "update", f"p{legal.pk}-amount_gbp": "lots"})
    assert wrong.status_code == 400
    assert "Give the amount in whole pounds" in wrong.content.decode()
    assert 'value="lots"' in wrong.content.decode()

    # Add a new partnership on the return.
    added = person.post(
        path + "add/",
        {
            "name": "Northshire and Eastshire procurement hub",
            "kind": "co_procurement",
            "start_year": "2019",
            "partner_1": str(westshire.pk),
            "categories": [str(finance.pk)],
            "amount_gbp": "£40,000",
            "status": "expected",
            "evidence": "council_return",
        },
        follow=True,
    )
    assert "Northshire and Eastshire procurement hub is added to the return" in added.content.decode()
    hub = Partnership.objects.get(name="Northshire and Eastshire procurement hub")
    assert set(hub.councils.all()) == {northshire, westshire}
    assert list(hub.categories.all()) == [finance]

    # Update one partnership's savings, mark another ended, submit.
    before = in_year_total(2019)
    submitted = person.post(
        path,
        {
            f"p{legal.pk}-action": "update",
            f"p{legal.pk}-amount_gbp": "150,000",
            f"p{legal.pk}-status": "achieved",
            f"p{legal.pk}-evidence": "audited_accounts",
            f"p{waste.pk}-action": "ended",
            f"p{waste.pk}-end_year": "2019",
            "submit": "1",
        },
        follow=True,
    )
    assert "return is submitted" in submitted.content.decode()

    row = Savings.objects.get(partnership=legal, financial_year=2019)
    assert (row.amount_gbp, row.evidence, row.confirmed_by, row.confirmed_at is not None) == (
        150_000,
        "audited_accounts",
        super_user,
        True,
    )
    waste.refresh_from_db()
    assert (waste.status, waste.end_year) == (PartnershipStatus.ENDED, 2019)
    outcomes = dict(PartnershipConfirmation.objects.values_list("partnership__name", "outcome"))
    assert outcomes == {
        legal.name: ConfirmationOutcome.UPDATED,
        waste.name: ConfirmationOutcome.ENDED,
        hub.name: ConfirmationOutcome.ADDED,
    }
    assert before == 40_000  # only the new hub had a 2019/20 figure
    assert in_year_total(2019) == 190_000

    # Staff see the return submitted, and who is missing.
    round_page = staff.get("/shared-services/refresh/2019/").content.decode()
    assert "1 return submitted, 0 in progress, 2 not started" in round_page
    assert "Westshire" in round_page and "Eastshire" in round_page
    council_return = CouncilReturn.objects.get(council=northshire)
    assert council_return.status == ReturnStatus.SUBMITTED and council_return.submitted_by == super_user


def test_chasing_reminds_only_the_missing_councils_and_records_when():
    from tiex.partnerships import services

    northshire, westshire = CouncilFactory(name="Northshire"), CouncilFactory(name="Westshire")
    for council, email in ((northshire, "north@example.org"), (westshire, "west@example.org")):
        member_of(organisation_for_council(council=council), Role.SUPER_USER, email=email)
    editor = member_of(association(), Role.EDITOR)
    give_totp(editor)
    refresh_round = services.round_open(actor=editor, financial_year=2019, closes_on=datetime.date(2099, 1, 1))
    north_return = CouncilReturn.objects.get(council=northshire)
    services.return_save(actor=None, council_return=north_return, decisions=[], submit=True)
    mail.outbox.clear()

    staff = Client()
    staff.force_login(editor)
    response = staff.post("/shared-services/refresh/2019/chase/", follow=True)

    assert "Reminders are being sent to the super-users of 1 council." in response.content.decode()
    assert [m.to for m in mail.outbox] == [["west@example.org"]]
    assert mail.outbox[0].subject.startswith("Reminder:")
    assert CouncilReturn.objects.get(council=westshire).last_reminded_at is not None
    assert CouncilReturn.objects.get(council=northshire).last_reminded_at is None

    staff.post("/shared-services/refresh/2019/close/")
    refresh_round.refresh_from_db()
    assert not refresh_round.is_open
    closed = Client()
    closed.force_login(westshire.organisation.memberships.get().user)
    page = closed.post(f"/shared-services/refresh/returns/{CouncilReturn.objects.get(council=westshire).pk}/", {})
    assert page.status_code == 400
    assert "This round has closed" in page.content.decode()
