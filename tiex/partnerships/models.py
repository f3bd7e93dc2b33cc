"""The Shared Services Map: partnerships between councils, what they share and what they save.

Two reference vocabularies come from the LGA's esd standards (imported, never typed in):
``ServiceCategory`` (the esd Functions List) and ``EsdService`` (the esd Services List).

A ``Partnership`` is keyed on its ``reference`` (the natural key the CSV import upserts
on). Its councils, other public-sector partners, benefit tags and savings are rows of
their own, so every one of them filters the same way on SQLite and PostgreSQL.

The savings rule: a partnership's savings are ``Savings`` rows, one per financial year,
and every cumulative figure is their sum, worked out in selectors and never stored.
Old spreadsheets give only a "savings to date" figure with the latest year's; that is
kept as a dated row for the year plus one row with no ``financial_year`` ("earlier
years, not broken down") holding the difference, so the sum of the rows is the figure
the spreadsheet gave (docs/partnerships.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from tiex.core.models import TimeStampedModel

if TYPE_CHECKING:
    from tiex.councils.models import Council

FIRST_YEAR = 1990  # no English council partnership on record starts before this
LAST_YEAR = 2100


class ServiceCategory(models.Model):
    """A function from the esd Functions List (LGFL): what a partnership shares, broadly.

    Level 1 functions ("Advice and benefits") have no parent; level 2 ("Benefits") sit
    under a level 1 function; level 3 ("Carer and disability benefits") under a level 2
    one. The map tags partnerships with level 1 and 2 categories; level 3 functions are
    kept because esd services belong to them.
    """

    class Level(models.IntegerChoices):
        TOP = 1, "Level 1"
        SECOND = 2, "Level 2"
        THIRD = 3, "Level 3"

    identifier = models.PositiveIntegerField("esd identifier", unique=True)
    label = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    level = models.PositiveSmallIntegerField(choices=Level.choices, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["label"]
        verbose_name = "service category (esd function)"
        verbose_name_plural = "service categories (esd functions)"
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="partnerships_category_level_1_to_3"),
            models.CheckConstraint(
                condition=Q(level=1, parent__isnull=True) | Q(level__gt=1, parent__isnull=False),
                name="partnerships_category_parent_iff_below_level_1",
            ),
            models.CheckConstraint(condition=~Q(label=""), name="partnerships_category_label_not_empty"),
        ]

    def __str__(self) -> str:
        return self.label


class EsdService(models.Model):
    """A service from the esd Services List (LGSL): what a partnership shares, specifically.

    ``category`` is the esd function the service "is contained by" (or "maps to"), a
    level 2 or 3 function; some services have none in the standard.
    """

    identifier = models.PositiveIntegerField("esd identifier", unique=True)
    label = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    category = models.ForeignKey(
        ServiceCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="services"
    )

    class Meta:
        ordering = ["label"]
        verbose_name = "esd service"
        constraints = [models.CheckConstraint(condition=~Q(label=""), name="partnerships_service_label_not_empty")]

    def __str__(self) -> str:
        return self.label


class PartnershipKind(models.TextChoices):
    SHARED_SERVICE = "shared_service", "Shared service"
    SHARED_MANAGEMENT = "shared_management", "Shared management team or chief executive"
    JOINT_COMMITTEE = "joint_committee", "Joint committee"
    JOINT_VENTURE = "joint_venture", "Joint venture or company"
    LEAD_AUTHORITY = "lead_authority", "Lead-authority arrangement"
    CO_PROCUREMENT = "co_procurement", "Co-procurement"


class PartnershipStatus(models.TextChoices):
    IN_DEVELOPMENT = "in_development", "In development"
    OPERATIONAL = "operational", "Operational"
    ENDED = "ended", "Ended"


class BenefitTag(models.TextChoices):
    RESILIENCE = "resilience", "Resilience"
    SERVICE_QUALITY = "service_quality", "Service quality"
    CAPACITY = "capacity", "Capacity"
    CUSTOMER_ACCESS = "customer_access", "Customer access"


class Partnership(TimeStampedModel, ClusterableModel):
    """An arrangement in which councils (and perhaps other public bodies) share something.

    ``reference`` is the natural key: the CSV import and export use it, so re-importing
    updates rather than duplicates. ``councils`` may be any council the spine knows,
    current or former (a partnership of councils since merged keeps its history; the map
    shows it within the successor's area through ``Council.successors``). ``lead_council``
    is the council that hosts or leads it, normally one of ``councils``. ``categories``
    are esd functions at level 1 or 2; ``services`` the specific esd services where known.
    Where a partnership has no savings, ``no_savings_reason`` says why (for example, set
    up for resilience); the data quality view lists those with neither.
    ``is_demo`` marks the rows ``tiex demo`` made up. Partnerships are public data.

    A ``ClusterableModel`` (and its rows' ``ParentalKey``) only so that the staff admin
    edits councils, partners, tags and savings on the partnership's own form; the keys
    behave as ordinary foreign keys everywhere else.
    """

    reference = models.CharField(max_length=50, unique=True, help_text="The identifier the CSV import matches on")
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=30, choices=PartnershipKind.choices, db_index=True)
    status = models.CharField(
        max_length=20, choices=PartnershipStatus.choices, default=PartnershipStatus.OPERATIONAL, db_index=True
    )
    start_year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Calendar year it started")
    end_year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Calendar year it ended")
    lead_council = models.ForeignKey(
        "councils.Council", null=True, blank=True, on_delete=models.PROTECT, related_name="led_partnerships"
    )
    councils: models.ManyToManyField[Council, PartnershipCouncil] = models.ManyToManyField(
        "councils.Council", through="PartnershipCouncil", related_name="partnerships", blank=True
    )
    categories = models.ManyToManyField(
        ServiceCategory,
        related_name="partnerships",
        blank=True,
        limit_choices_to={"level__lte": 2},
        help_text="esd functions at level 1 or 2",
    )
    services = models.ManyToManyField(EsdService, related_name="partnerships", blank=True)
    benefits = models.TextField(blank=True, help_text="Non-financial benefits, in words")
    no_savings_reason = models.TextField(blank=True, help_text="Why there is no savings figure, where there is none")
    contact_email = models.EmailField(blank=True)
    is_demo = models.BooleanField(default=False, db_index=True, help_text="Made up by `tiex demo`")

    class Meta:
        ordering = ["name", "reference"]
        constraints = [
            models.CheckConstraint(condition=~Q(reference=""), name="partnerships_reference_not_empty"),
            models.CheckConstraint(condition=~Q(name=""), name="partnerships_name_not_empty"),
            models.CheckConstraint(condition=Q(kind__in=PartnershipKind.values), name="partnerships_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=PartnershipStatus.values), name="partnerships_status_valid"),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(start_year__gte=FIRST_YEAR, start_year__lte=LAST_YEAR),
                name="partnerships_start_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=FIRST_YEAR, end_year__lte=LAST_YEAR),
                name="partnerships_end_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="partnerships_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PartnershipCouncil(models.Model):
    """A council taking part in a partnership (the through table of ``Partnership.councils``)."""

    partnership = ParentalKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="partnership_memberships")

    class Meta:
        ordering = ["partnership", "council__name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "council"], name="partnerships_council_once_per_partnership")
        ]

    def __str__(self) -> str:
        return f"{self.council} in {self.partnership}"


class PartnershipBenefit(models.Model):
    """One non-financial benefit tag of a partnership (a row per tag, so it filters on any database)."""

    partnership = ParentalKey(Partnership, on_delete=models.CASCADE, related_name="benefit_tags")
    tag = models.CharField(max_length=30, choices=BenefitTag.choices, db_index=True)

    class Meta:
        ordering = ["partnership", "tag"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "tag"], name="partnerships_benefit_tag_once"),
            models.CheckConstraint(condition=Q(tag__in=BenefitTag.values), name="partnerships_benefit_tag_valid"),
        ]

    def __str__(self) -> str:
        return self.get_tag_display()


class OtherPartnerKind(models.TextChoices):
    FIRE = "fire", "Fire and rescue"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    HOUSING = "housing", "Housing"
    OTHER = "other", "Other"


class OtherPartner(models.Model):
    """A public-sector body other than a council taking part: a fire service, police, health body..."""

    partnership = ParentalKey(Partnership, on_delete=models.CASCADE, related_name="other_partners")
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=OtherPartnerKind.choices, default=OtherPartnerKind.OTHER)

    class Meta:
        ordering = ["partnership", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="partnerships_other_partner_once"),
            models.CheckConstraint(condition=~Q(name=""), name="partnerships_other_partner_name_not_empty"),
            models.CheckConstraint(
                condition=Q(kind__in=OtherPartnerKind.values), name="partnerships_other_partner_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SavingsStatus(models.TextChoices):
    ACHIEVED = "achieved", "Achieved"
    EXPECTED = "expected", "Expected"


class SavingsEvidence(models.TextChoices):
    COUNCIL_RETURN = "council_return", "Council return"
    AUDITED_ACCOUNTS = "audited_accounts", "Audited accounts"
    INDEPENDENT_EVALUATION = "independent_evaluation", "Independent evaluation"
    NONE = "none", "None"


def financial_year_label(year: int | None) -> str:
    """2018 -> "2018/19"; None -> "Earlier years" (the row of savings not broken down by year)."""
    if year is None:
        return "Earlier years"
    return f"{year}/{(year + 1) % 100:02d}"


class Savings(TimeStampedModel):
    """A partnership's savings in one financial year, in whole pounds.

    ``financial_year`` is the calendar year the financial year starts in (2018 for
    2018/19). A row with no ``financial_year`` holds savings from earlier years that the
    source did not break down by year (an old spreadsheet's "savings to date" less the
    years it did give): at most one such row per partnership, and it counts towards
    cumulative totals only, never towards a year's. ``status`` says whether the money was
    saved or is expected; ``evidence`` what it rests on; ``confirmed_by`` (a user) or
    ``confirmed_by_name`` (as a return or spreadsheet named them) and ``confirmed_at``
    who vouched for it and when.
    """

    partnership = ParentalKey(Partnership, on_delete=models.CASCADE, related_name="savings")
    financial_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Starting year: 2018 means 2018/19. Empty: earlier years, not broken down"
    )
    amount_gbp = models.PositiveBigIntegerField("amount (£)", help_text="Whole pounds")
    status = models.CharField(max_length=20, choices=SavingsStatus.choices, default=SavingsStatus.ACHIEVED)
    evidence = models.CharField(max_length=30, choices=SavingsEvidence.choices, default=SavingsEvidence.NONE)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by_name = models.CharField(max_length=200, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["partnership", models.F("financial_year").asc(nulls_first=True)]
        verbose_name_plural = "savings"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "financial_year"], name="partnerships_savings_once_a_year"),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(financial_year__isnull=True),
                name="partnerships_savings_one_earlier_years_row",
            ),
            models.CheckConstraint(
                condition=Q(financial_year__isnull=True)
                | Q(financial_year__gte=FIRST_YEAR, financial_year__lte=LAST_YEAR),
                name="partnerships_savings_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(status__in=SavingsStatus.values), name="partnerships_savings_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(evidence__in=SavingsEvidence.values), name="partnerships_savings_evidence_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership}: £{self.amount_gbp:,} in {self.financial_year_display}"

    @property
    def financial_year_display(self) -> str:
        return financial_year_label(self.financial_year)


# --- Keeping the map current: annual refresh rounds (docs/partnerships.md "Keeping it current") ---


class RefreshRound(models.Model):
    """The association's call, once a year, for every council to confirm its partnerships.

    ``financial_year`` is the year the returns are about (2019 for 2019/20), one round per
    year. A round is open until ``closed_at`` is set; services refuse to open a second round
    while one is open. ``is_demo`` marks the closed rounds `tiex demo` makes up.
    """

    financial_year = models.PositiveSmallIntegerField(
        unique=True, help_text="Starting year of the financial year the returns are about: 2019 means 2019/20"
    )
    opens_on = models.DateField()
    closes_on = models.DateField(help_text="The date returns are asked for by")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, db_index=True, help_text="Made up by `tiex demo`")

    class Meta:
        ordering = ["-financial_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(financial_year__gte=FIRST_YEAR, financial_year__lte=LAST_YEAR),
                name="partnerships_round_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="partnerships_round_closes_after_it_opens"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.financial_year_display} refresh"

    @property
    def financial_year_display(self) -> str:
        return financial_year_label(self.financial_year)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ReturnStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"


class CouncilReturn(models.Model):
    """One council's answer to a round: its super-users confirm, update, end or add partnerships."""

    round = models.ForeignKey(RefreshRound, on_delete=models.CASCADE, related_name="returns")
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="partnership_returns")
    status = models.CharField(
        max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.NOT_STARTED, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    last_emailed_at = models.DateTimeField(null=True, blank=True, help_text="When the link was last e-mailed")
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "council__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "council"], name="partnerships_return_once_per_round"),
            models.CheckConstraint(
                condition=Q(status__in=ReturnStatus.values), name="partnerships_return_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=ReturnStatus.SUBMITTED, submitted_at__isnull=False)
                | (~Q(status=ReturnStatus.SUBMITTED) & Q(submitted_at__isnull=True)),
                name="partnerships_return_submitted_iff_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council}'s return for the {self.round}"


class ConfirmationOutcome(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed unchanged"
    UPDATED = "updated", "Updated"
    ENDED = "ended", "Ended"
    ADDED = "added", "Added"


class PartnershipConfirmation(models.Model):
    """What a council's return (or, with no return, the demo) said about a partnership in a round.

    One per return and partnership: two councils in one partnership may each confirm it.
    A partnership with no confirmation in the latest round is *unconfirmed* (selectors_refresh).
    """

    round = models.ForeignKey(RefreshRound, on_delete=models.CASCADE, related_name="confirmations")
    council_return = models.ForeignKey(
        CouncilReturn, null=True, blank=True, on_delete=models.CASCADE, related_name="confirmations"
    )
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="confirmations")
    outcome = models.CharField(max_length=20, choices=ConfirmationOutcome.choices)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField()

    class Meta:
        ordering = ["round", "partnership"]
        constraints = [
            models.UniqueConstraint(
                fields=["council_return", "partnership"], name="partnerships_confirmation_once_per_return"
            ),
            models.UniqueConstraint(
                fields=["round", "partnership"],
                condition=Q(council_return__isnull=True),
                name="partnerships_confirmation_once_per_round_without_return",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=ConfirmationOutcome.values), name="partnerships_confirmation_outcome_valid"
            ),
        ]
        indexes = [models.Index(fields=["partnership", "round"], name="partnerships_conf_partnership")]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.get_outcome_display().lower()} in the {self.round}"


# Finding a partner (models_interests.py): imported here so Django registers them with the app.
from tiex.partnerships.models_interests import InterestResponse, SharingInterest  # noqa: E402, F401

# The partnerships' state token (models_state.py), likewise.
from tiex.partnerships.models_state import PartnershipsState  # noqa: E402, F401
