"""The councillors' census: a questionnaire held as data, one census a year, anonymous responses.

* ``Questionnaire`` (versioned) -> ordered ``Question`` rows (single or multiple choice, or a number);
  a question may feed the weighting (``weighting``: gender or party) or a headline figure (``headline``).
* ``Census``: one a year, with its dates, its state (draft -> open -> closed -> published), the
  population year it is weighted to (CouncillorCount, 2021) and, once published, its results as
  computed then (``results``), so published figures never change under the reader.
* ``ResponseLink``: a single-use link a council's super-user hands to one councillor. Only a hash of
  its token is kept. Spending it creates a ``SpentLink`` (one per link: the database refuses a second).
* ``Response``: the council (for its type and region) and the answers; never who, nor which link, nor
  when to the minute (a random id and the day only, so rows cannot be matched to links by order).
* ``PastFigure``: headline figures published by earlier censuses (tiex/census/data/history.toml).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    NUMBER = "number", "Number"


class WeightingRole(models.TextChoices):
    GENDER = "gender", "Gender"
    PARTY = "party", "Party"


class Questionnaire(models.Model):
    version = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["version"]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    key = models.SlugField(max_length=40)
    text = models.CharField(max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=8, choices=QuestionKind.choices)
    options = models.JSONField(default=list, blank=True, help_text='[["value", "Label"], ...] for choices')
    minimum = models.PositiveIntegerField(null=True, blank=True)
    maximum = models.PositiveIntegerField(null=True, blank=True)
    unit = models.CharField(max_length=20, blank=True)
    weighting = models.CharField(max_length=8, choices=WeightingRole.choices, blank=True)
    headline = models.JSONField(
        default=dict,
        blank=True,
        help_text='{"measure": "leading-position", "label": "...", "options": [...]} (options: choices)',
    )

    class Meta:
        ordering = ["questionnaire", "position"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="census_question_key_unique"),
            models.UniqueConstraint(fields=["questionnaire", "position"], name="census_question_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class CensusState(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    PUBLISHED = "published", "Published"


class Census(models.Model):
    year = models.PositiveSmallIntegerField(unique=True)
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="censuses")
    population_year = models.PositiveSmallIntegerField(
        default=2021, help_text="The year of the councillor counts the results are weighted to"
    )
    opens_on = models.DateField()
    closes_on = models.DateField()
    state = models.CharField(max_length=10, choices=CensusState.choices, default=CensusState.DRAFT)
    is_demo = models.BooleanField(default=False)
    results = models.JSONField(null=True, blank=True, help_text="The results as computed when published")
    published_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="census_dates_in_order"),
            models.CheckConstraint(
                condition=~Q(state=CensusState.PUBLISHED) | Q(results__isnull=False),
                name="census_published_has_results",
            ),
        ]

    def __str__(self) -> str:
        return f"Councillors' census {self.year}{' (demo)' if self.is_demo else ''}"

    @property
    def is_open(self) -> bool:
        return self.state == CensusState.OPEN


class ResponseLink(models.Model):
    census = models.ForeignKey(Census, on_delete=models.CASCADE, related_name="links")
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token; the token is not kept")
    issued_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["census", "council"])]

    def __str__(self) -> str:
        return f"Census {self.census_id} link for council {self.council_id}"


class SpentLink(models.Model):
    """A used link: the primary key is the link, so the database refuses to spend one twice."""

    link = models.OneToOneField(ResponseLink, on_delete=models.CASCADE, primary_key=True, related_name="spent")

    def __str__(self) -> str:
        return f"spent link {self.pk}"


class Response(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    census = models.ForeignKey(Census, on_delete=models.CASCADE, related_name="responses")
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(help_text="{question key: value, or a list for multiple choice}")
    submitted_on = models.DateField()

    def __str__(self) -> str:
        return f"Census {self.census_id} response"


class PastFigure(models.Model):
    """A headline figure an earlier census published (history.toml), for the trend charts."""

    measure = models.SlugField(max_length=40)
    label = models.CharField(max_length=200)
    period = models.CharField(max_length=20, help_text='"2013", or a span such as "2004-2010"')
    year = models.PositiveSmallIntegerField(help_text="Where the period sits on a chart (its last year)")
    value = models.FloatField()
    unit = models.CharField(max_length=10, help_text='"hours" or "percent"')
    source = models.CharField(max_length=300)
    source_url = models.URLField(blank=True)

    class Meta:
        ordering = ["measure", "year"]
        constraints = [models.UniqueConstraint(fields=["measure", "period"], name="census_past_figure_unique")]

    def __str__(self) -> str:
        return f"{self.label} {self.period}: {self.value}"
