"""Refresh rounds, returns, unconfirmed partnerships and the data quality view: services and selectors."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tiex.accounts.roles import Role
from tiex.accounts.services import organisation_for_council
from tiex.accounts.tests.factories import association, give_totp, member_of
from tiex.core.models import AuditEvent
from tiex.councils.tests.factories import CouncilFactory
from tiex.partnerships import selectors_refresh, services
from tiex.partnerships.models import (
    ConfirmationOutcome,
    CouncilReturn,
    PartnershipStatus,
    ReturnStatus,
    Savings,
)
from tiex.partnerships.selectors_state import partnerships_state
from tiex.partnerships.services import Action, Decision
from tiex.partnerships.tests.factories import PartnershipFactory, SavingsFactory, confirm, refresh_round

pytestmark = pytest.mark.django_db

FAR = datetime.date(2099, 1, 1)


def open_round(year: int = 2019) -> object:
    return services.round_open(actor=None, financial_year=year, closes_on=FAR)


# --- Opening, chasing and closing --------------------------------------------------------------


def test_a_round_asks_every_current_principal_council_in_england_and_audits_it():
    asked = CouncilFactory(name="Asked")
    CouncilFactory(name="Former", former=True)
    CouncilFactory(name="Welsh", nation="Wales", type="WPA", gss_code="W06000901")
    CouncilFactory(name="Combined", type="COMB", gss_code="E47000901")

    refresh_round_ = open_round()

    assert list(refresh_round_.returns.values_list("council__name", flat=True)) == [asked.name]
    assert AuditEvent.objects.filter(action="partnership_round.open", object_id=str(refresh_round_.pk)).exists()


def test_a_council_without_a_super_user_gets_a_return_but_no_e_mail():
    CouncilFactory(name="Nobody home")
    open_round()
    assert CouncilReturn.objects.count() == 1
    assert mail.outbox == []


def test_one_round_per_year_and_one_open_at_a_time():
    open_round(2019)
    with pytest.raises(ValidationError, match="still open"):
        open_round(2020)
    services.round_close(actor=None, refresh_round=selectors_refresh.round_get(2019))
    with pytest.raises(ValidationError, match="already been a round"):
        open_round(2019)
    assert open_round(2020).financial_year == 2020


def test_closing_twice_is_refused():
    refresh_round_ = open_round()
    services.round_close(actor=None, refresh_round=refresh_round_)
    with pytest.raises(ValidationError, match="already closed"):
        services.round_close(actor=None, refresh_round=refresh_round_)


def test_returns_by_region_count_each_status():
    CouncilFactory(region="London")
    CouncilFactory(region="London")
    north = CouncilFactory(region="North East")
    refresh_round_ = open_round()
    services.return_save(actor=None, council_return=CouncilReturn.objects.get(council=north), decisions=[], submit=True)

    rows = {
        row.region: (row.submitted, row.in_progress, row.not_started)
        for row in selectors_refresh.returns_by_region(refresh_round_)
    }

    assert rows == {"London": (0, 0, 2), "North East": (1, 0, 0)}
    assert selectors_refresh.returns_missing(refresh_round_).count() == 2


# --- The return ----------------------------------------------------------------------------------


def the_return(council: object, year: int = 2019) -> CouncilReturn:
    open_round(year)
    return CouncilReturn.objects.select_related("round", "council").get(council=council)


def test_the_return_lists_the_councils_partnerships_and_those_of_councils_it_succeeded_but_not_ended_ones():
    council = CouncilFactory(name="New Unitary")
    former = CouncilFactory(name="Old District", former=True)
    former.successors.add(council)
    own = PartnershipFactory(name="Own", councils=[council])
    inherited = PartnershipFactory(name="Inherited", councils=[former])
    PartnershipFactory(name="Ended long ago", councils=[council], status=PartnershipStatus.ENDED, end_year=2016)
    PartnershipFactory(name="Someone else's")

    items = selectors_refresh.return_items(the_return(council))

    assert [item.partnership for item in items] == [inherited, own]


def test_the_return_is_pre_filled_with_the_years_figure_or_else_the_latest_earlier_one():
    council = CouncilFactory()
    partnership = PartnershipFactory(councils=[council])
    SavingsFactory(partnership=partnership, financial_year=None, amount_gbp=9_000_000)
    SavingsFactory(partnership=partnership, financial_year=2016, amount_gbp=10_000)
    SavingsFactory(partnership=partnership, financial_year=2018, amount_gbp=20_000)

    (item,) = selectors_refresh.return_items(the_return(council))

    assert (item.year_row, item.shown_row.amount_gbp) == (None, 20_000)


def test_confirming_unchanged_carries_last_years_figures_into_the_year():
    council = CouncilFactory()
    partnership = PartnershipFactory(councils=[council])
    SavingsFactory(partnership=partnership, financial_year=2018, amount_gbp=20_000, evidence="audited_accounts")
    council_return = the_return(council)
    person = member_of(organisation_for_council(council=council), Role.SUPER_USER)
    before = partnerships_state()

    services.return_save(
        actor=person, council_return=council_return, decisions=[Decision(partnership.pk, Action.CONFIRM)]
    )

    assert partnerships_state().version != before.version  # the map's kept reads are read afresh
    row = Savings.objects.get(partnership=partnership, financial_year=2019)
    assert (row.amount_gbp, row.evidence, row.confirmed_by) == (20_000, "audited_accounts", person)
    assert council_return.confirmations.get().outcome == ConfirmationOutcome.CONFIRMED
    council_return.refresh_from_db()
    assert council_return.status == ReturnStatus.IN_PROGRESS


def _savings_writes(queries: CaptureQueriesContext) -> list[str]:
    """The INSERT and UPDATE statements on the savings table among ``queries``."""
    table = Savings._meta.db_table
    pattern = re.compile(rf'^\s*(INSERT\s+INTO|UPDATE)\s+"?{table}"?\s', re.IGNORECASE)
    return [query["sql"] for query in queries.captured_queries if pattern.match(query["sql"])]


def test_a_confirm_writes_the_years_row_once_with_the_figures_shown():
    council = CouncilFactory()
    partnership = PartnershipFactory(councils=[council])
    earlier = SavingsFactory(
        partnership=partnership, financial_year=2018, amount_gbp=31_000, status="expected", evidence="audited_accounts"
    )
    council_return = the_return(council)
    person = member_of(organisation_for_council(council=council), Role.SUPER_USER)

    with CaptureQueriesContext(connection) as queries:
        services.return_save(
            actor=person, council_return=council_return, decisions=[Decision(partnership.pk, Action.CONFIRM)]
        )

    assert len(_savings_writes(queries)) == 1
    row = Savings.objects.get(partnership=partnership, financial_year=2019)
    assert (row.amount_gbp, row.status, row.evidence) == (31_000, "expected", "audited_accounts")
    assert (row.confirmed_by, row.confirmed_by_name) == (person, "") and row.confirmed_at is not None
    earlier_now = Savings.objects.get(pk=earlier.pk)  # last year's row is read, never written
    assert (earlier_now.amount_gbp, earlier_now.confirmed_at) == (31_000, None)
    assert Savings.objects.filter(partnership=partnership).count() == 2


def test_confirming_the_years_own_figure_rewrites_it_once_unchanged():
    council = CouncilFactory()
    partnership = PartnershipFactory(councils=[council])
    SavingsFactory(partnership=partnership, financial_year=2018, amount_gbp=1)
    SavingsFactory(partnership=partnership, financial_year=2019, amount_gbp=42_000, evidence="independent_evaluation")
    council_return = the_return(council)

    with CaptureQueriesContext(connection) as queries:
        services.return_save(
            actor=None, council_return=council_return, decisions=[Decision(partnership.pk, Action.CONFIRM)]
        )

    assert len(_savings_writes(queries)) == 1
    row = Savings.objects.get(partnership=partnership, financial_year=2019)
    assert (row.amount_gbp, row.status, row.evidence) == (42_000, "achieved", "independent_evaluation")
    assert row.confirmed_at is not None
    assert Savings.objects.get(partnership=partnership, financial_year=2018).amount_gbp == 1


def test_an_update_writes_the_years_row_once_with_the_figures_given():
    council = CouncilFactory()
    partnership = PartnershipFactory(councils=[council])
    SavingsFactory(partnership=partnership, financial_year=2018, amount_gbp=20_000)
    council_return = the_return(council)
    decision = Decision(partnership.pk, Action.UPDATE, amount_gbp=75_000, status="expected", evidence="none")

    with CaptureQueriesContext(connection) as queries:
        services.return_save(actor=None, council_return=council_return, decisions=[decision])

    assert len(_savings_writes(queries)) == 1
    row = Savings.objects.get(partnership=partnership, financial_year=2019)
    assert (row.amount_gbp, row.status, row.evidence) == (75_000, "expected", "none")
    assert council_return.confirmations.get().outcome == ConfirmationOutcome.UPDATED


def test_confirming_a_reason_for_no_savings_writes_no_row():
    council = CouncilFactory()
    partnership = PartnershipFactory(councils=[council], no_savings_reason="Set up for resilience")
    council_return = the_return(council)

    with CaptureQueriesContext(connection) as queries:
        services.return_save(
            actor=None, council_return=council_return, decisions=[Decision(partnership.pk, Action.CONFIRM)]
        )

    assert _savings_writes(queries) == []
    assert not Savings.objects.exists()
    assert council_return.confirmations.get().outcome == ConfirmationOutcome.CONFIRMED


def test_no_savings_needs_a_reason_and_replaces_the_years_figure():
    council = CouncilFactory()
    partnership = PartnershipFactory(councils=[council])
    SavingsFactory(partnership=partnership, financial_year=2019, amount_gbp=5)
    council_return = the_return(council)

    with pytest.raises(ValidationError):
        services.return_save(
            actor=None, council_return=council_return, decisions=[Decision(partnership.pk, Action.NO_SAVINGS)]
        )
    services.return_save(
        actor=None,
        council_return=council_return,
        decisions=[Decision(partnership.pk, Action.NO_SAVINGS, reason="Set up for resilience")],
    )

    partnership.refresh_from_db()
    assert partnership.no_savings_reason == "Set up for resilience"
    assert not partnership.savings.exists()


def test_nothing_to_confirm_is_an_error_and_a_bad_decision_changes_nothing():
    council = CouncilFactory()
    bare = PartnershipFactory(name="Bare", councils=[council])
    other = PartnershipFactory(name="Other", councils=[council])
    council_return = the_return(council)

    with pytest.raises(ValidationError) as caught:
        services.return_save(
            actor=None,
            council_return=council_return,
            decisions=[Decision(other.pk, Action.UPDATE, amount_gbp=1000), Decision(bare.pk, Action.CONFIRM)],
        )

    assert f"p{bare.pk}" in caught.value.message_dict
    assert not Savings.objects.exists()
    assert not council_return.confirmations.exists()


def test_submitting_needs_an_answer_for_every_partnership():
    council = CouncilFactory()
    partnership = PartnershipFactory(name="Waiting", councils=[council])
    council_return = the_return(council)

    with pytest.raises(ValidationError, match="Say what has happened to Waiting"):
        services.return_save(actor=None, council_return=council_return, decisions=[], submit=True)
    services.return_save(
        actor=None,
        council_return=council_return,
        decisions=[Decision(partnership.pk, Action.ENDED, end_year=2019)],
        submit=True,
    )
    council_return.refresh_from_db()
    assert council_return.status == ReturnStatus.SUBMITTED


def test_a_partnership_cannot_end_before_it_started():
    council = CouncilFactory()
    partnership = PartnershipFactory(councils=[council], start_year=2015)
    with pytest.raises(ValidationError, match="cannot end before it started"):
        services.return_save(
            actor=None,
            council_return=the_return(council),
            decisions=[Decision(partnership.pk, Action.ENDED, end_year=2014)],
        )


def test_another_councils_partnership_cannot_be_answered_for():
    council = CouncilFactory()
    elsewhere = PartnershipFactory()
    with pytest.raises(ValidationError, match="not on this council's return"):
        services.return_save(
            actor=None, council_return=the_return(council), decisions=[Decision(elsewhere.pk, Action.CONFIRM)]
        )


def test_adding_a_partnership_needs_savings_or_a_reason():
    council = CouncilFactory()
    council_return = the_return(council)
    with pytest.raises(ValidationError):
        services.return_add_partnership(
            actor=None, council_return=council_return, data=services.NewPartnership(name="X", kind="shared_service")
        )
    added = services.return_add_partnership(
        actor=None,
        council_return=council_return,
        data=services.NewPartnership(name="X", kind="shared_service", no_savings_reason="Resilience"),
    )
    assert added.reference == f"R2019-{council.gss_code}-1"
    assert added.lead_council == council
    assert council_return.confirmations.get().outcome == ConfirmationOutcome.ADDED


# --- Who may open a return --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("super_user", 200), ("member", 403), ("other_council", 404), ("editor", 404), ("admin", 200)],
)
def test_only_the_councils_super_users_open_its_return(who, status):
    council, other = CouncilFactory(), CouncilFactory()
    council_return = the_return(council)
    people = {
        "super_user": lambda: member_of(organisation_for_council(council=council), Role.SUPER_USER),
        "member": lambda: member_of(organisation_for_council(council=council), Role.MEMBER),
        "other_council": lambda: member_of(organisation_for_council(council=other), Role.SUPER_USER),
        "editor": lambda: member_of(association(), Role.EDITOR),
        "admin": lambda: member_of(association(), Role.ADMIN),
    }
    person = people[who]()
    if who in ("editor", "admin"):
        give_totp(person)
    client = Client()
    client.force_login(person)
    assert client.get(f"/shared-services/refresh/returns/{council_return.pk}/").status_code == status


# --- Unconfirmed --------------------------------------------------------------------------------


def test_with_no_round_nothing_is_unconfirmed():
    PartnershipFactory()
    assert selectors_refresh.unconfirmed_partnership_ids() == set()


def test_unconfirmed_means_still_going_and_not_confirmed_in_the_latest_round():
    earlier, latest = (
        refresh_round(2017, closed_at=datetime.datetime(2018, 7, 1, tzinfo=datetime.UTC)),
        refresh_round(2018),
    )
    confirmed = PartnershipFactory(name="Confirmed")
    confirm(confirmed, latest)
    lapsed = PartnershipFactory(name="Lapsed", start_year=2010)
    confirm(lapsed, earlier)
    never = PartnershipFactory(name="Never", start_year=2018)
    PartnershipFactory(name="Ended", status=PartnershipStatus.ENDED, end_year=2017)

    assert selectors_refresh.unconfirmed_partnership_ids() == {lapsed.pk, never.pk}
    assert selectors_refresh.confirmation_status(confirmed).confirmed
    lapsed_status = selectors_refresh.confirmation_status(lapsed)
    assert (lapsed_status.confirmed, lapsed_status.since_label, lapsed_status.last_confirmed_label) == (
        False,
        "2018/19",
        "2017/18",
    )
    assert selectors_refresh.confirmation_status(never).unconfirmed_since == 2018


def test_the_partnership_page_says_since_when_it_is_unconfirmed(client):
    earlier = refresh_round(2017, closed_at=datetime.datetime(2018, 7, 1, tzinfo=datetime.UTC))
    refresh_round(2018)
    partnership = PartnershipFactory(start_year=2010)
    confirm(partnership, earlier)

    text = client.get(f"/shared-services/{partnership.pk}/").content.decode()

    assert "Unconfirmed since 2018/19" in text
    assert "last confirmed in 2017/18" in text


def test_the_partnership_page_says_nothing_when_there_has_been_no_round(client):
    partnership = PartnershipFactory()
    assert "confirmation-status" not in client.get(f"/shared-services/{partnership.pk}/").content.decode()


# --- Data quality ------------------------------------------------------------------------------


def test_the_quality_lists():
    lonely = CouncilFactory(name="Lonely")
    busy = CouncilFactory(name="Busy")
    successor = CouncilFactory(name="Successor")
    predecessor = CouncilFactory(name="Predecessor", former=True)
    predecessor.successors.add(successor)
    bare = PartnershipFactory(name="Bare", councils=[busy])
    PartnershipFactory(name="Reasoned", councils=[predecessor], no_savings_reason="Resilience")
    unevidenced = PartnershipFactory(name="Unevidenced")
    SavingsFactory(partnership=unevidenced, evidence="none")
    evidenced = PartnershipFactory(name="Evidenced")
    SavingsFactory(partnership=evidenced)

    assert list(selectors_refresh.quality_no_savings_no_reason()) == [bare]
    assert list(selectors_refresh.quality_savings_without_evidence()) == [unevidenced]
    assert list(selectors_refresh.quality_councils_without_partnership()) == [lonely]


def test_the_quality_page_and_its_downloads_are_for_staff():
    PartnershipFactory(name="Bare partnership", councils=[CouncilFactory(gss_code="E07000111")])
    editor = member_of(association(), Role.EDITOR)
    give_totp(editor)
    client = Client()
    client.force_login(editor)

    page = client.get("/shared-services/quality/").content.decode()
    download = client.get("/shared-services/quality/no-savings.csv")

    assert "No savings and no reason (1)" in page
    assert "Bare partnership" in page
    lines = download.getvalue().decode("utf-8-sig").splitlines()
    assert lines[0] == "reference,name,kind,status,council_gss_codes,councils,url"
    assert "Bare partnership" in lines[1] and "E07000111" in lines[1]
    assert client.get("/shared-services/quality/nonsense.csv").status_code == 404
    member = Client()
    member.force_login(member_of(organisation_for_council(council=CouncilFactory()), Role.SUPER_USER))
    assert member.get("/shared-services/quality/").status_code == 403
