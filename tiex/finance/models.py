"""Councils' revenue outturn returns (MHCLG's RS workbooks) and the indicators derived from them.

Money is in £ thousand, as the workbooks publish it, rounded to three decimal places
(the workbooks carry float noise such as 195376.00002046462). A figure the workbook
leaves out ("…") is stored as null, never as zero.
"""

from __future__ import annotations

from django.db import models

from tiex.councils.models import Council


def money() -> models.DecimalField:
    """£ thousand to three places, or null where the workbook gives no figure."""
    return models.DecimalField(max_digits=15, decimal_places=3, null=True, blank=True)


class OutturnStatus(models.TextChoices):
    PROVISIONAL = "provisional outturn", "Provisional outturn"
    OUTTURN = "outturn", "Outturn"
    REVISED = "revised outturn", "Revised outturn"


class RevenueOutturn(models.Model):
    """One council's revenue outturn summary for one financial year, as the workbook gives it."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="revenue_outturns")
    financial_year = models.CharField(max_length=7, help_text='e.g. "2015-16"')
    status = models.CharField(max_length=20, choices=OutturnStatus.choices)
    source_file = models.CharField(max_length=200, help_text="The workbook's file name")
    source_line = models.PositiveIntegerField(help_text="The row of the workbook's data sheet")
    source_note = models.CharField(
        max_length=40, blank=True, help_text='The workbook\'s marker beside the authority, e.g. "I" (imputed)'
    )
    ecode = models.CharField("MHCLG E-code", max_length=5)
    ons_code = models.CharField("ONS code as published", max_length=9, blank=True)
    authority_name = models.CharField(max_length=200, help_text="The authority's name as published")
    authority_class = models.CharField(max_length=3, help_text="SC, SD, UA, MD or L, as published")
    total_service_expenditure = money()
    net_revenue_expenditure = money()
    council_tax_requirement = money()
    earmarked_reserves_start = money()
    unallocated_reserves_start = money()
    earmarked_reserves_end = money()
    unallocated_reserves_end = money()
    schools_reserves_start = money()
    schools_reserves_end = money()
    public_health_reserves_start = money()
    public_health_reserves_end = money()

    class Meta:
        ordering = ["council", "financial_year"]
        constraints = [
            models.UniqueConstraint(fields=["council", "financial_year"], name="one_outturn_per_council_year")
        ]

    def __str__(self) -> str:
        return f"{self.council} {self.financial_year} ({self.status})"


class FinanceSummary(models.Model):
    """A council's indicators over the years on record (tiex/finance/indicators.py), kept so the
    council directory can filter and sort by them in SQL. Rewritten by every import."""

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="finance_summary")
    first_year = models.CharField(max_length=7)
    last_year = models.CharField(max_length=7)
    years = models.PositiveSmallIntegerField()
    last_status = models.CharField(max_length=20, choices=OutturnStatus.choices)
    net_revenue_expenditure = money()
    reserves = money()
    reserves_ratio = models.FloatField(null=True, blank=True, db_index=True)
    unallocated_ratio = models.FloatField(null=True, blank=True, db_index=True)
    council_tax_share = models.FloatField(null=True, blank=True, db_index=True)
    reserves_change = models.FloatField(null=True, blank=True, db_index=True)
    earmarked_change = models.FloatField(null=True, blank=True, db_index=True)
    unallocated_change = models.FloatField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["council"]

    def __str__(self) -> str:
        return f"{self.council}: {self.first_year} to {self.last_year}"
