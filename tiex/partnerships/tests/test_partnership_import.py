"""`tiex import partnerships PATH`: the association's spreadsheet in, all or nothing, with a dry run,
line-numbered errors, warnings, former councils by their old names, and upserts on re-import."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tiex.core.importing import ImportFailed
from tiex.core.models import AuditEvent
from tiex.councils.models import Council
from tiex.councils.tests.factories import CouncilCodeFactory, CouncilFactory
from tiex.partnerships.models import Partnership, Savings
from tiex.partnerships.partnership_import import import_partnerships
from tiex.partnerships.selectors_state import partnerships_state
from tiex.partnerships.tests.factories import PartnershipFactory, ServiceCategoryFactory

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
HEADER = (DATA / "partnerships_good.csv").read_text().splitlines()[0]


@pytest.fixture
def world() -> dict[str, Council]:
    top = ServiceCategoryFactory(identifier=1, label="Advice and benefits")
    ServiceCategoryFactory(identifier=3, label="Benefits", parent=top)
    ServiceCategoryFactory(identifier=122, label="Carer and disability benefits", parent=top.children.get())
    made = {
        "babergh": CouncilFactory(name="Babergh", gss_code="E07000200"),
        "mid_suffolk": CouncilFactory(name="Mid Suffolk", gss_code="E07000203"),
        "suffolk": CouncilFactory(name="Suffolk", county_council=True, gss_code="E10000029"),
        "west_suffolk": CouncilFactory(name="West Suffolk", gss_code="E07000245"),
        "taunton": CouncilFactory(
            name="Taunton Deane", official_name="Taunton Deane Borough Council", former=True, gss_code="E07000190"
        ),
        "west_somerset": CouncilFactory(name="West Somerset", former=True, gss_code="E07000191"),
        "aylesbury": CouncilFactory(name="Aylesbury Vale", former=True, gss_code="E07000004"),
        "wycombe": CouncilFactory(name="Wycombe", former=True, gss_code="E07000007"),
        "bucks": CouncilFactory(name="Buckinghamshire", unitary=True, gss_code="E06000060"),
        "bournemouth": CouncilFactory(
            name="Bournemouth",
            official_name="Bournemouth Borough Council",
            unitary=True,
            former=True,
            gss_code="E06000028",
        ),
        "poole": CouncilFactory(name="Poole", unitary=True, former=True, gss_code="E06000029"),
        "bcp": CouncilFactory(name="Bournemouth, Christchurch and Poole", unitary=True, gss_code="E06000058"),
        "st_edmundsbury": CouncilFactory(
            name="St Edmundsbury", official_name="St Edmundsbury Borough Council", former=True, gss_code="E07000204"
        ),
        "forest_heath": CouncilFactory(name="Forest Heath", former=True, gss_code="E07000201"),
        "somerset": CouncilFactory(name="Somerset", unitary=True, gss_code="E06000066"),
        "somerset_county": CouncilFactory(name="Somerset", county_council=True, former=True, gss_code="E10000027"),
    }
    made["aylesbury"].successors.add(made["bucks"])
    CouncilCodeFactory(council=made["babergh"], code="E07000999")  # a former code of Babergh's
    return made


def _csv(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "partnerships.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_good_file_creates_partnerships_with_councils_partners_categories_tags_and_savings(world) -> None:
    report = import_partnerships(DATA / "partnerships_good.csv")
    assert (report.rows, report.created, report.updated, report.unchanged) == (4, 3, 0, 0)
    shared = Partnership.objects.get(reference="SSP-001")
    assert shared.kind == "shared_management" and shared.status == "operational"
    assert set(shared.councils.all()) == {world["babergh"], world["mid_suffolk"]}  # by name and by GSS code
    assert shared.lead_council == world["babergh"]
    assert sorted(shared.categories.values_list("identifier", flat=True)) == [1, 3]
    assert sorted(shared.benefit_tags.values_list("tag", flat=True)) == ["capacity", "resilience"]
    assert shared.benefits == "One team covers for absence."
    rows = {s.financial_year: (s.amount_gbp, s.status, s.evidence) for s in shared.savings.all()}
    # £6m to date in 2018/19 = £1.3m + £1.2m + £3.5m from earlier years, not broken down.
    assert rows == {
        None: (3_500_000, "achieved", "council_return"),
        2017: (1_200_000, "achieved", "council_return"),
        2018: (1_300_000, "expected", "none"),
    }
    fire = Partnership.objects.get(reference="SSP-002")
    assert sorted(fire.other_partners.values_list("name", "kind")) == [
        ("Suffolk Constabulary", "police"),
        ("Suffolk Fire and Rescue Service", "fire"),
    ]
    assert fire.lead_council == world["suffolk"]
    assert fire.savings.get().evidence == "audited_accounts"
    planned = Partnership.objects.get(reference="SSP-003")
    assert planned.status == "in_development" and not planned.savings.exists()
    assert planned.no_savings_reason == "Set up for resilience; no savings expected"
    assert AuditEvent.objects.filter(action="partnerships.import").count() == 1


def test_importing_the_same_file_again_changes_nothing_and_an_edit_updates(world, tmp_path) -> None:
    before = partnerships_state()
    import_partnerships(DATA / "partnerships_good.csv")
    imported = partnerships_state()
    assert imported.kept and imported.version != before.version  # what is kept is read afresh
    again = import_partnerships(DATA / "partnerships_good.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert partnerships_state() == imported  # nothing written, nothing to read afresh
    assert Partnership.objects.count() == 3 and Savings.objects.count() == 4
    # A later return: 2019/20's savings only, with the new savings to date; councils changed.
    path = _csv(
        tmp_path,
        "SSP-001,Babergh and Mid Suffolk shared management,,shared_management,operational,2011,,"
        "Babergh,,Babergh,1,2019/20,1400000,7400000,achieved,,,",
    )
    report = import_partnerships(path)
    assert (report.created, report.updated) == (0, 1)
    shared = Partnership.objects.get(reference="SSP-001")
    assert list(shared.councils.all()) == [world["babergh"]]  # replaced to match the file
    assert list(shared.categories.values_list("identifier", flat=True)) == [1]
    assert not shared.benefit_tags.exists() and shared.description == ""
    rows = {s.financial_year: s.amount_gbp for s in shared.savings.all()}
    assert rows == {None: 3_500_000, 2017: 1_200_000, 2018: 1_300_000, 2019: 1_400_000}  # earlier years kept
    assert sum(rows.values()) == 7_400_000


def test_former_councils_are_found_by_the_names_the_spreadsheets_use(world) -> None:
    report = import_partnerships(DATA / "partnerships_former.csv")
    assert report.created == 4
    councils = {p.reference: {c.pk for c in p.councils.all()} for p in Partnership.objects.prefetch_related("councils")}
    assert councils["SSP-010"] == {world["taunton"].pk, world["west_somerset"].pk}
    assert councils["SSP-011"] == {world["aylesbury"].pk, world["wycombe"].pk}
    assert councils["SSP-012"] == {world["bournemouth"].pk, world["poole"].pk}
    assert councils["SSP-013"] == {world["st_edmundsbury"].pk, world["forest_heath"].pk}
    # A savings-to-date with no year is all earlier years.
    assert list(Partnership.objects.get(reference="SSP-012").savings.values_list("financial_year", "amount_gbp")) == [
        (None, 450_000)
    ]


def test_bad_rows_are_reported_by_line_and_field_and_nothing_is_imported(world) -> None:
    with pytest.raises(ImportFailed) as failed:
        import_partnerships(DATA / "partnerships_bad.csv")
    errors = {(e.line, e.field): e.message for e in failed.value.errors}
    assert "'sharing' is not a kind" in errors[(2, "kind")]
    assert "Did you mean: Babergh (E07000200)" in errors[(3, "councils")]
    assert "negative" in errors[(4, "savings_in_year_gbp")]
    assert errors[(5, "no_savings_reason")] == "there is no savings figure and no reason why not"
    assert "less than the £500 of the years recorded" in errors[(6, "savings_to_date_gbp")]
    assert "matches more than one council" in errors[(7, "councils")]
    assert "E10000027" in errors[(7, "councils")] and "E06000066" in errors[(7, "councils")]
    assert "not a financial year" in errors[(8, "savings_year")]
    assert "'rumour' is not a kind of evidence" in errors[(8, "savings_basis")]
    assert "pence" in errors[(9, "savings_in_year_gbp")]
    assert "'speed' is not a benefit tag" in errors[(9, "benefits")]
    assert not Partnership.objects.exists()


def test_warnings_for_a_future_start_an_end_year_while_operational_and_a_lead_not_among_the_councils(
    world, tmp_path
) -> None:
    future = datetime.date.today().year + 1
    path = _csv(
        tmp_path,
        f"SSP-030,Future,,shared_service,in development,{future},,Babergh,,,1,,,,,Not started yet,,",
        "SSP-031,Still running,,shared_service,operational,2012,2016,Babergh,,Mid Suffolk,1,2015/16,10,10,,,,",
    )
    report = import_partnerships(path)
    assert [(w.line, w.field) for w in report.warnings] == [(2, "start_year"), (3, "end_year"), (3, "lead_council")]
    assert Partnership.objects.get(reference="SSP-031").lead_council == world["mid_suffolk"]


def test_a_dry_run_checks_and_counts_but_writes_nothing(world) -> None:
    report = import_partnerships(DATA / "partnerships_good.csv", dry_run=True)
    assert report.dry_run and report.created == 3
    assert not Partnership.objects.exists() and not AuditEvent.objects.exists()


def test_rows_of_one_partnership_must_agree_and_years_come_once(world, tmp_path) -> None:
    path = _csv(
        tmp_path,
        "SSP-040,One,,shared_service,operational,2012,,Babergh,,,1,2016/17,10,10,,,,",
        "SSP-040,Another name,,,,,,,,,,2016/17,20,30,,,,",
        "SSP-040,,,,,,,,,,,2017/18,20,50,,,,",
    )
    with pytest.raises(ImportFailed) as failed:
        import_partnerships(path)
    assert {(e.line, e.field) for e in failed.value.errors} == {
        (3, "name"),
        (3, "savings_year"),
        (4, "savings_to_date_gbp"),
    }


def test_re_import_leaves_partnerships_not_in_the_file_alone(world) -> None:
    other = PartnershipFactory(reference="KEEP-1", councils=[world["babergh"]])
    import_partnerships(DATA / "partnerships_good.csv")
    assert Partnership.objects.filter(pk=other.pk).exists()


def test_the_command_line_import_and_its_dry_run(world, capsys) -> None:
    call_command("import_dataset", "partnerships", str(DATA / "partnerships_good.csv"), "--dry-run")
    assert "Would import partnerships" in capsys.readouterr().out
    assert not Partnership.objects.exists()
    call_command("import_dataset", "partnerships", str(DATA / "partnerships_good.csv"))
    assert "3 created" in capsys.readouterr().out
    with pytest.raises(CommandError, match="line 3, field 'councils'"):
        call_command("import_dataset", "partnerships", str(DATA / "partnerships_bad.csv"))
