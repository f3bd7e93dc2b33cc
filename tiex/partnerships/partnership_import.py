"""``tiex import partnerships PATH``: the association's spreadsheet of partnerships, in.

The columns and cells are read by tiex.partnerships.csv_format (docs/data.md, "Shared
services partnerships"). A file has one row per partnership and financial year: a
partnership with savings in several years has a row for each (its other columns
repeated, or left empty after its first row); one without savings has one row with a
``no_savings_reason``.

It follows decision 0006: ``prepare_partnerships`` reads and checks the whole file and
works out every change with reads only; ``Prepared.write`` makes them in one short
transaction. All or nothing: any row error and nothing changes. Re-importing upserts on
``reference``: councils, other partners, categories and benefit tags are replaced to
match the file; savings are upserted per year (years the file does not give are kept);
the "earlier years, not broken down" row is whatever ``savings_to_date_gbp`` has beyond
the dated rows up to that year, so the cumulative is always the sum of the rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from tiex.core.importing import ErrorCollector, ImportReport, Prepared, Progress, prepares, read_csv
from tiex.core.services import audit_record
from tiex.partnerships import csv_format as fmt
from tiex.partnerships.lookups import CategoryLookup, CouncilLookup
from tiex.partnerships.models import (
    FIRST_YEAR,
    LAST_YEAR,
    OtherPartner,
    Partnership,
    PartnershipBenefit,
    PartnershipCouncil,
    PartnershipKind,
    PartnershipStatus,
    Savings,
    SavingsStatus,
)
from tiex.partnerships.services_state import state_bump

SCALARS = ("name", "description", "kind", "status", "start_year", "end_year", "lead_council_id")
TEXTS = ("benefits", "no_savings_reason", "contact_email")


@dataclass
class Wanted:
    """A partnership as the file wants it."""

    reference: str
    line: int
    values: dict[str, Any] = field(default_factory=dict)  # SCALARS and TEXTS
    councils: list[int] = field(default_factory=list)
    partners: list[tuple[str, str]] = field(default_factory=list)
    categories: list[int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    years: dict[int, tuple[int, fmt.Basis, int]] = field(default_factory=dict)  # year -> (amount, basis, line)
    to_date: list[tuple[int | None, int, fmt.Basis, int]] = field(default_factory=list)  # (year, £, basis, line)


@dataclass
class Change:
    wanted: Wanted
    existing: Partnership | None
    savings_upserts: list[tuple[int | None, int, str, str]]  # (year, amount, status, evidence)
    drop_earlier: bool


def _current_year() -> int:
    return datetime.date.today().year


class _Reader:
    def __init__(self, source: Path, report: ImportReport):
        self.errors = ErrorCollector(source)
        self.report = report
        self.councils = CouncilLookup()
        self.categories = CategoryLookup()

    def cell(self, line: int, column: str, parse: Any, value: str) -> Any:
        try:
            return parse(value)
        except fmt.CellError as exc:
            self.errors.add(line, column, str(exc))
            return None

    def partnership(self, line: int, reference: str, row: dict[str, str]) -> Wanted:
        wanted = Wanted(reference, line)
        values = wanted.values
        for column, limit in (("name", 300), ("reference", 50)):
            if not row[column]:
                self.errors.add(line, column, "is empty")
            elif len(row[column]) > limit:
                self.errors.add(line, column, f"is longer than {limit} characters")
        values["name"] = row["name"]
        values["description"] = row["description"]
        values["kind"] = self.cell(line, "kind", lambda v: fmt.parse_choice(PartnershipKind, v, "kind"), row["kind"])
        values["status"] = self.cell(
            line,
            "status",
            lambda v: fmt.parse_choice(PartnershipStatus, v, "status") if v else PartnershipStatus.OPERATIONAL,
            row["status"],
        )
        for column in ("start_year", "end_year"):
            year = self.cell(line, column, fmt.parse_year, row[column])
            if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
                self.errors.add(line, column, f"{year} is not between {FIRST_YEAR} and {LAST_YEAR}")
            values[column] = year
        start, end = values["start_year"], values["end_year"]
        if start and end and end < start:
            self.errors.add(line, "end_year", f"{end} is before the start year {start}")
        if start and start > _current_year():
            self.report.warn(line, "start_year", f"{start} is in the future", action="imported as given")
        if end and values["status"] not in (None, PartnershipStatus.ENDED):
            self.report.warn(
                line, "end_year", f"an end year ({end}) with status {values['status']}", action="imported as given"
            )
        for item in fmt.split_list(row["councils"]):
            council = self.cell(line, "councils", self.councils.find, item)
            if council is not None and council in wanted.councils:
                self.report.warn(line, "councils", f"{item!r} names a council already listed", action="listed once")
            elif council is not None:
                wanted.councils.append(council)
        if not row["councils"]:
            self.errors.add(line, "councils", "is empty; name at least one council")
        lead = self.cell(line, "lead_council", self.councils.find, row["lead_council"]) if row["lead_council"] else None
        values["lead_council_id"] = lead
        if lead is not None and wanted.councils and lead not in wanted.councils:
            self.report.warn(
                line,
                "lead_council",
                f"{row['lead_council']!r} is not among the councils",
                action="kept as the lead; not added to the councils",
            )
        wanted.partners = self.cell(line, "other_partners", fmt.parse_other_partners, row["other_partners"]) or []
        for item in fmt.split_list(row["categories"]):
            category = self.cell(line, "categories", self.categories.find, item)
            if category is not None and category not in wanted.categories:
                wanted.categories.append(category)
        tags_text: tuple[list[str], str] = self.cell(line, "benefits", fmt.parse_benefits, row["benefits"]) or ([], "")
        wanted.tags, values["benefits"] = tags_text
        values["no_savings_reason"] = row["no_savings_reason"]
        values["contact_email"] = row["contact_email"]
        if row["contact_email"]:
            try:
                validate_email(row["contact_email"])
            except ValidationError:
                self.errors.add(line, "contact_email", f"{row['contact_email']!r} is not an e-mail address")
        return wanted

    def savings(self, line: int, row: dict[str, str], wanted: Wanted) -> None:
        year = self.cell(line, "savings_year", fmt.parse_financial_year, row["savings_year"])
        in_year = self.cell(line, "savings_in_year_gbp", fmt.parse_money, row["savings_in_year_gbp"])
        to_date = self.cell(line, "savings_to_date_gbp", fmt.parse_money, row["savings_to_date_gbp"])
        basis = self.cell(line, "savings_basis", fmt.parse_basis, row["savings_basis"])
        unread = (
            (year is None and row["savings_year"])
            or (in_year is None and row["savings_in_year_gbp"])
            or (to_date is None and row["savings_to_date_gbp"])
            or basis is None
        )
        if unread:
            return  # the cell's error is already recorded
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            self.errors.add(line, "savings_year", f"{row['savings_year']} is not between {FIRST_YEAR} and {LAST_YEAR}")
            return
        if not (row["savings_year"] or row["savings_in_year_gbp"] or row["savings_to_date_gbp"]):
            if not wanted.values.get("no_savings_reason"):
                self.errors.add(line, "no_savings_reason", "there is no savings figure and no reason why not")
            return
        if year is None and row["savings_in_year_gbp"]:
            self.errors.add(line, "savings_year", "is empty; give the financial year the savings were made in")
            return
        if year is not None and not row["savings_in_year_gbp"]:
            self.errors.add(
                line, "savings_in_year_gbp", f"is empty; give the savings in {fmt.format_financial_year(year)}"
            )
            return
        if year is not None and in_year is not None:
            if year in wanted.years:
                self.errors.add(
                    line, "savings_year", f"{fmt.format_financial_year(year)} is given twice for {wanted.reference}"
                )
                return
            if year > _current_year() and basis.status == SavingsStatus.ACHIEVED:
                self.report.warn(line, "savings_basis", "savings achieved in a future year", action="imported as given")
            wanted.years[year] = (in_year, basis, line)
        if to_date is not None:
            wanted.to_date.append((year, to_date, basis, line))


def _same_partnership_columns(
    reader: _Reader, line: int, row: dict[str, str], first: tuple[int, dict[str, str]]
) -> None:
    first_line, first_row = first
    for column in fmt.PARTNERSHIP_COLUMNS:
        if row[column] and row[column] != first_row[column]:
            reader.errors.add(
                line, column, f"differs from line {first_line}, the first row of {row['reference']}; give it once"
            )


def _plan_savings(reader: _Reader, wanted: Wanted, existing: Partnership | None) -> tuple[list[Any], bool]:
    """(rows to create or change, whether to delete the earlier-years row)."""
    recorded = {row.financial_year: row for row in existing.savings.all()} if existing else {}
    dated = {year: row.amount_gbp for year, row in recorded.items() if year is not None}
    dated.update({year: amount for year, (amount, _, _) in wanted.years.items()})
    upserts: list[tuple[int | None, int, str, str]] = []
    for dated_year, (amount, basis, _) in sorted(wanted.years.items()):
        row = recorded.get(dated_year)
        if row is None or (row.amount_gbp, row.status, row.evidence) != (amount, basis.status, basis.evidence):
            upserts.append((dated_year, amount, basis.status, basis.evidence))
    earlier: int | None = None
    for year, to_date, basis, line in wanted.to_date:
        before = sum(amount for when, amount in dated.items() if year is None or when <= year)
        implied = to_date - before
        when = f"to {fmt.format_financial_year(year)}" if year else "to date"
        if implied < 0:
            reader.errors.add(
                line,
                "savings_to_date_gbp",
                f"£{to_date:,} {when} is less than the £{before:,} of the years recorded up to then",
            )
        elif earlier is not None and implied != earlier:
            reader.errors.add(
                line,
                "savings_to_date_gbp",
                f"£{to_date:,} {when} leaves £{implied:,} for earlier years, but an earlier row leaves £{earlier:,}",
            )
        elif earlier is None:
            earlier = implied
            row = recorded.get(None)
            if implied and (row is None or row.amount_gbp != implied):
                status, evidence = (row.status, row.evidence) if row else (basis.status, basis.evidence)
                upserts.append((None, implied, status, evidence))
    return upserts, earlier == 0 and None in recorded and recorded[None].amount_gbp != 0


def _differs(wanted: Wanted, existing: Partnership) -> bool:
    current = [getattr(existing, name) for name in (*SCALARS, *TEXTS)]
    if current != [wanted.values[name] for name in (*SCALARS, *TEXTS)]:
        return True
    return (
        sorted(m.council_id for m in existing.memberships.all()) != sorted(wanted.councils)
        or sorted((p.name, p.kind) for p in existing.other_partners.all()) != sorted(wanted.partners)
        or sorted(c.pk for c in existing.categories.all()) != sorted(wanted.categories)
        or sorted(t.tag for t in existing.benefit_tags.all()) != sorted(wanted.tags)
    )


@prepares
def prepare_partnerships(source: Path, *, actor: Any = None, progress: Progress | None = None) -> Prepared:
    """Read and check the file; work out every change (reads only)."""
    report = ImportReport(dataset="partnerships", source=str(source))
    reader = _Reader(source, report)
    rows = list(read_csv(source, fmt.COLUMNS, unneutralise=True))
    report.rows = len(rows)
    wanted: dict[str, Wanted] = {}
    first: dict[str, tuple[int, dict[str, str]]] = {}
    for done, (line, row) in enumerate(rows, start=1):
        reference = row["reference"]
        if not reference:
            reader.errors.add(line, "reference", "is empty")
            continue
        if reference in first:
            _same_partnership_columns(reader, line, row, first[reference])
        else:
            first[reference] = (line, row)
            wanted[reference] = reader.partnership(line, reference, row)
        reader.savings(line, {**row, "no_savings_reason": first[reference][1]["no_savings_reason"]}, wanted[reference])
        if progress:
            progress(done, len(rows))
    existing = {
        p.reference: p
        for p in Partnership.objects.filter(reference__in=list(wanted)).prefetch_related(
            "memberships", "other_partners", "categories", "benefit_tags", "savings"
        )
    }
    changes: list[Change] = []
    for reference, item in wanted.items():
        partnership = existing.get(reference)
        upserts, drop = _plan_savings(reader, item, partnership)
        if partnership is None:
            report.created += 1
        elif upserts or drop or _differs(item, partnership):
            report.updated += 1
        else:
            report.unchanged += 1
            continue
        changes.append(Change(item, partnership, upserts, drop))
    reader.errors.raise_if_any()
    return Prepared(report=report, write=lambda: _write(changes, actor=actor, report=report))


def _write(changes: list[Change], *, actor: Any, report: ImportReport) -> None:
    new = [Partnership(reference=c.wanted.reference, **c.wanted.values) for c in changes if c.existing is None]
    created = {p.reference: p for p in Partnership.objects.bulk_create(new)}
    touched: list[Partnership] = []
    for change in changes:
        partnership = change.existing or created[change.wanted.reference]
        if change.existing is not None:
            for name, value in change.wanted.values.items():
                setattr(partnership, name, value)
            partnership.save()
        touched.append(partnership)
    ids = [p.pk for p in touched]
    # Replaced to match the file: deleted in plain SQL, without a signal per row, so the write
    # stays short (Wagtail's reference index keys a snippet's child rows on the partnership).
    for queryset in (
        PartnershipCouncil.objects.filter(partnership_id__in=ids),
        OtherPartner.objects.filter(partnership_id__in=ids),
        PartnershipBenefit.objects.filter(partnership_id__in=ids),
        Partnership.categories.through.objects.filter(partnership_id__in=ids),
    ):
        queryset._raw_delete(queryset.db)
    memberships, partners, tags, categories = [], [], [], []
    savings: list[Savings] = []
    for partnership, change in zip(touched, changes, strict=True):
        wanted = change.wanted
        memberships += [PartnershipCouncil(partnership=partnership, council_id=pk) for pk in wanted.councils]
        partners += [OtherPartner(partnership=partnership, name=name, kind=kind) for name, kind in wanted.partners]
        tags += [PartnershipBenefit(partnership=partnership, tag=tag) for tag in wanted.tags]
        categories += [
            Partnership.categories.through(partnership_id=partnership.pk, servicecategory_id=pk)
            for pk in wanted.categories
        ]
        if change.drop_earlier:
            Savings.objects.filter(partnership=partnership, financial_year__isnull=True).delete()
        for year, amount, status, evidence in change.savings_upserts:
            updated = Savings.objects.filter(partnership=partnership, financial_year=year).update(
                amount_gbp=amount, status=status, evidence=evidence
            )
            if not updated:
                savings.append(
                    Savings(
                        partnership=partnership,
                        financial_year=year,
                        amount_gbp=amount,
                        status=status,
                        evidence=evidence,
                    )
                )
    PartnershipCouncil.objects.bulk_create(memberships)
    OtherPartner.objects.bulk_create(partners)
    PartnershipBenefit.objects.bulk_create(tags)
    Partnership.categories.through.objects.bulk_create(categories)
    Savings.objects.bulk_create(savings)
    state_bump()
    audit_record(
        actor=actor,
        actor_label=None if actor is not None else "command line",
        action="partnerships.import",
        object_type="partnerships.partnership",
        object_repr=f"partnerships from {Path(report.source).name}",
        after={
            "source": report.source,
            "rows": report.rows,
            "created": sorted(c.wanted.reference for c in changes if c.existing is None),
            "updated": sorted(c.wanted.reference for c in changes if c.existing is not None),
        },
    )


def import_partnerships(
    source: Path, *, actor: Any = None, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Create or update partnerships from the association's CSV file, matched on ``reference``; all or nothing."""
    prepared = prepare_partnerships(source, actor=actor, progress=progress)
    report = prepared.report
    report.dry_run = dry_run
    if not dry_run and (report.created or report.updated):
        with transaction.atomic():
            prepared.write()
    return report
