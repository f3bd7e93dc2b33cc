"""Councils: the unit everything in tiex hangs off.

A council is identified by its ONS GSS code (``gss_code``); the mySociety
local-authority code (``la_code``) is the stable key importers upsert on, since
ONS codes are occasionally reissued (Barnsley and Sheffield in 2025). Former
GSS codes live in ``CouncilCode`` and resolve to the same council.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class CouncilType(models.TextChoices):
    COUNTY = "CTY", "County council"
    NON_METROPOLITAN_DISTRICT = "NMD", "Non-metropolitan district"
    UNITARY = "UA", "Unitary authority"
    METROPOLITAN_DISTRICT = "MD", "Metropolitan district"
    LONDON_BOROUGH = "LBO", "London borough"
    CITY_CORPORATION = "CC", "City corporation"
    COMBINED_AUTHORITY = "COMB", "Combined authority"
    STRATEGIC_REGIONAL_AUTHORITY = "SRA", "Strategic regional authority"
    WELSH_UNITARY = "WPA", "Welsh unitary authority"
    SCOTTISH_UNITARY = "SCO", "Scottish council"
    NI_DISTRICT = "NID", "Northern Ireland district council"


# Principal councils in the sense of the Local Government Act 1972 as used by
# the association: counties, districts, unitaries, metropolitan districts,
# London boroughs and the City of London.
PRINCIPAL_TYPES = frozenset(
    {
        CouncilType.COUNTY,
        CouncilType.NON_METROPOLITAN_DISTRICT,
        CouncilType.UNITARY,
        CouncilType.METROPOLITAN_DISTRICT,
        CouncilType.LONDON_BOROUGH,
        CouncilType.CITY_CORPORATION,
    }
)


class Powers(models.TextChoices):
    UPPER_TIER = "upper tier", "Upper tier"
    LOWER_TIER = "lower tier", "Lower tier"
    UNITARY = "unitary", "Unitary"
    COMBINED = "combined", "Combined"
    NI_DISTRICT = "ni district", "Northern Ireland district"


class Nation(models.TextChoices):
    ENGLAND = "England"
    SCOTLAND = "Scotland"
    WALES = "Wales"
    NORTHERN_IRELAND = "Northern Ireland"


class CouncilQuerySet(models.QuerySet["Council"]):
    def current(self) -> CouncilQuerySet:
        return self.filter(is_current=True)

    def principal(self) -> CouncilQuerySet:
        return self.filter(is_current=True, type__in=PRINCIPAL_TYPES)


class Council(models.Model):
    gss_code = models.CharField("ONS GSS code", max_length=9, unique=True, null=True, blank=True)
    la_code = models.CharField("mySociety local authority code", max_length=10, unique=True)
    ocd_id = models.PositiveIntegerField("Open Council Data id", null=True, blank=True, db_index=True)
    official_name = models.CharField(max_length=200)
    name = models.CharField(max_length=150, db_index=True)
    alt_names = models.TextField(blank=True, help_text="Other names, one per line")
    search_names = models.TextField(blank=True, editable=False, help_text="Lower-case names for search")
    type = models.CharField(max_length=4, choices=CouncilType.choices)
    powers = models.CharField(max_length=12, choices=Powers.choices, blank=True)
    region = models.CharField(max_length=60, blank=True, db_index=True)
    nation = models.CharField(max_length=20, choices=Nation.choices, db_index=True)
    county = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="districts")
    combined_authority = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="constituent_councils"
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    successors = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="predecessors")
    is_current = models.BooleanField(default=True, db_index=True)
    population_2020 = models.PositiveIntegerField(null=True, blank=True)
    area_km2 = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    gov_uk_slug = models.CharField(max_length=100, blank=True)
    corrections = models.JSONField(
        default=dict,
        blank=True,
        help_text="What the import corrected or left out of the source, by field: a sentence each "
        "(see tiex/councils/importers/checks.py)",
    )
    boundary = models.JSONField(null=True, blank=True, help_text="GeoJSON geometry (WGS84)")
    boundary_year = models.PositiveSmallIntegerField(null=True, blank=True)
    # Denormalised from the latest ControlYear by the control importer.
    control = models.CharField(max_length=8, blank=True, db_index=True)
    control_year = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="council_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        """The code used in URLs: the GSS code, or the mySociety code for the few without one."""
        return self.gss_code or self.la_code

    @property
    def is_principal(self) -> bool:
        return self.is_current and self.type in PRINCIPAL_TYPES


class CouncilCode(models.Model):
    """Every GSS code a council has had, current and former."""

    code = models.CharField(max_length=9, unique=True)
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="codes")
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Party(models.TextChoices):
    CONSERVATIVE = "con", "Conservative"
    LABOUR = "lab", "Labour"
    LIBERAL_DEMOCRATS = "ld", "Liberal Democrats"
    GREEN = "green", "Green Party"
    UKIP = "ukip", "UK Independence Party"
    REFORM = "ref", "Reform UK"
    PLAID_CYMRU = "pc", "Plaid Cymru"
    SNP = "snp", "Scottish National Party"
    OTHER = "other", "Independents and others"


class Control(models.TextChoices):
    CONSERVATIVE = "con", "Conservative"
    LABOUR = "lab", "Labour"
    LIBERAL_DEMOCRATS = "ld", "Liberal Democrats"
    GREEN = "green", "Green Party"
    UKIP = "ukip", "UK Independence Party"
    REFORM = "ref", "Reform UK"
    PLAID_CYMRU = "pc", "Plaid Cymru"
    SNP = "snp", "Scottish National Party"
    OTHER = "other", "Independents and others"
    NO_OVERALL_CONTROL = "noc", "No overall control"


class ControlYear(models.Model):
    """The composition of a council after one year's elections, and who controlled it."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="control_years")
    year = models.PositiveSmallIntegerField()
    total_seats = models.PositiveSmallIntegerField()
    seats = models.JSONField(help_text='Seats by party code, e.g. {"con": 30, "lab": 12}')
    majority_label = models.CharField(max_length=60, blank=True, help_text="The source's own description")
    control = models.CharField(max_length=8, choices=Control.choices)
    control_changed = models.BooleanField(
        null=True, help_text="Differs from the previous year; unknown for the first year on record"
    )

    class Meta:
        ordering = ["council", "year"]
        constraints = [models.UniqueConstraint(fields=["council", "year"], name="one_control_row_per_council_year")]
        indexes = [models.Index(fields=["year", "control_changed"])]

    def __str__(self) -> str:
        return f"{self.council} {self.year}: {self.get_control_display()}"


class ComparatorKind(models.TextChoices):
    SAME_TYPE = "same-type", "Same type of council"
    SAME_REGION = "same-region", "Same region"
    DFE_STATISTICAL_NEIGHBOURS = "dfe-statistical-neighbours", "Children's services statistical neighbours (DfE)"
    SIMILARITY_COMPOSITE = "similarity-composite", "Similar overall (mySociety composite)"
    SIMILARITY_DEPRIVATION = "similarity-deprivation", "Similar deprivation (IMD)"
    SIMILARITY_RURAL_URBAN = "similarity-rural-urban", "Similar rural-urban profile"
    SIMILARITY_EMISSIONS = "similarity-emissions", "Similar emissions profile"
    SIMILARITY_PHYSICAL = "similarity-physical", "Similar physical geography"
    GEOGRAPHIC_NEIGHBOURS = "geographic-neighbours", "Geographic neighbours"


class ComparatorLink(models.Model):
    """A ranked neighbour from a published list (DfE statistical or geographic neighbours)."""

    kind = models.CharField(max_length=40, choices=ComparatorKind.choices)
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="comparator_links")
    neighbour = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    note = models.CharField(max_length=100, blank=True, help_text="e.g. closeness, or 'borders'")

    class Meta:
        ordering = ["kind", "council", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "council", "neighbour"], name="one_link_per_pair_and_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.council} → {self.neighbour} ({self.kind} #{self.rank})"


class ClusterLabel(models.Model):
    """The cluster a council falls in for one similarity measure (councils sharing a label are similar)."""

    kind = models.CharField(max_length=40, choices=ComparatorKind.choices)
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="cluster_labels")
    label = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["kind", "label"]
        constraints = [models.UniqueConstraint(fields=["kind", "council"], name="one_cluster_per_council_and_kind")]
        indexes = [models.Index(fields=["kind", "label"])]

    def __str__(self) -> str:
        return f"{self.council}: {self.label} ({self.kind})"


class NetZeroCommitment(models.Model):
    """A council's promise to reach net zero, for its own operations or its whole area (mySociety / CEUK)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="net_zero_commitments")
    scope = models.CharField(max_length=60, help_text='The source\'s scope: "Council operations", "Whole area" ...')
    target_year = models.PositiveSmallIntegerField(null=True, blank=True)
    wording = models.TextField(blank=True, help_text="The commitment in the council's own words")
    source_url = models.URLField(max_length=1000, blank=True)
    source_name = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["council", "scope"]
        constraints = [models.UniqueConstraint(fields=["council", "scope"], name="one_commitment_per_council_scope")]

    def __str__(self) -> str:
        return f"{self.council}: {self.scope} {self.target_year or ''}".strip()


class DatePrecision(models.TextChoices):
    """How much of a date the source gives: "30/05/2019" is a day, "05/2019" a month, "2019" a year."""

    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class ClimateEmergencyDeclaration(models.Model):
    """Whether and when a council declared a climate emergency (mySociety / CEUK), one per council."""

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="climate_declaration")
    made_declaration = models.BooleanField(null=True, help_text="Yes, no, or not known")
    declaration_text = models.CharField(max_length=300, blank=True, help_text="The source's own answer, as given")
    date_made = models.DateField(
        null=True, blank=True, help_text="The first day of the month or year when the source gives only that"
    )
    date_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How much of date_made the source gives",
    )
    motion_url = models.URLField(max_length=1000, blank=True)
    link_label = models.CharField(
        max_length=300, blank=True, help_text="The source's own label for motion_url (e.g. 'Link to pledges')"
    )
    council_target_year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Carbon neutral council")
    area_target = models.CharField(max_length=300, blank=True, help_text="Carbon neutral area, as given")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["council"]

    def __str__(self) -> str:
        return f"{self.council}: {self.declaration_text or 'not known'}"


class Gender(models.TextChoices):
    FEMALE = "female", "Women"
    MALE = "male", "Men"
    NOT_RECORDED = "not-recorded", "Not recorded"


class CouncillorCount(models.Model):
    """How many councillors a council had, by party and gender, in one year (mySociety's 2021 count).

    Aggregated from one row per councillor (no names are kept). ``region`` is the council's
    region, or its successor's when the source's council has since been replaced and had none
    recorded (importers/councillors.py), so regional totals use every councillor.
    """

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="councillor_counts")
    year = models.PositiveSmallIntegerField()
    party = models.CharField(max_length=8, choices=Party.choices)
    gender = models.CharField(max_length=12, choices=Gender.choices)
    count = models.PositiveIntegerField()
    region = models.CharField(max_length=60, blank=True, db_index=True)

    class Meta:
        ordering = ["council", "year", "party", "gender"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "year", "party", "gender"], name="one_councillor_count_per_group"
            ),
            models.CheckConstraint(condition=Q(count__gt=0), name="councillor_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.council} {self.year}: {self.count} {self.party} {self.gender}"
