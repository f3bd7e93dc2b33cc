"""The board's targets: a grant year under its memorandum, its deliverables, their quarterly updates.

A deliverable's progress is known either from a quarterly update entered by staff (status,
commentary, evidence links) or, for a **computed** deliverable, from a measure over tiex's
own data (tiex/board/measures.py): its value is read live, and the value at each quarter's
close is recorded on that quarter's update when the quarter is closed (services.quarter_close).
Meetings, decisions and actions are in models_meetings.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tiex.board.rag import Rag


class Programme(models.TextChoices):
    IMPROVEMENT = "improvement", "Improvement"
    PRODUCTIVITY = "productivity", "Productivity"
    LEADERSHIP = "leadership", "Leadership"
    CHILDRENS_SERVICES = "childrens-services", "Children's services"
    WORKFORCE = "workforce", "Workforce"
    INNOVATION = "innovation", "Innovation"


class Method(models.TextChoices):
    MANUAL = "manual", "Entered by staff with evidence"
    COMPUTED = "computed", "Computed from tiex's own data"


class GrantYear(models.Model):
    """One year's grant under a memorandum of understanding with a government department."""

    year = models.PositiveSmallIntegerField(
        unique=True, help_text="The financial year by its first year: 2018 is 2018/19"
    )
    department = models.CharField(max_length=200)
    amount_gbp = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Whole pounds; empty when not recorded"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    memorandum_signed = models.DateField(null=True, blank=True)
    memorandum_url = models.URLField(max_length=1000, blank=True)
    note = models.TextField(blank=True)
    published = models.BooleanField(default=False, help_text="Shown to everyone on /board/performance/")
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def label(self) -> str:
        return str(self)


class Deliverable(models.Model):
    grant_year = models.ForeignKey(GrantYear, on_delete=models.CASCADE, related_name="deliverables")
    number = models.PositiveSmallIntegerField(help_text="Its number in the memorandum")
    title = models.CharField(max_length=300)
    programme = models.CharField(max_length=30, choices=Programme.choices)
    measure = models.TextField(help_text="What is measured")
    target = models.CharField(max_length=300, help_text="The target as the memorandum words it")
    target_value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    owner = models.CharField(max_length=150)
    method = models.CharField(max_length=20, choices=Method.choices, default=Method.MANUAL)
    computed_measure = models.CharField(max_length=60, blank=True, help_text="A key of tiex/board/measures.py")

    class Meta:
        ordering = ["grant_year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["grant_year", "number"], name="board_deliverable_number"),
            models.CheckConstraint(
                condition=models.Q(method="manual", computed_measure="")
                | (models.Q(method="computed") & ~models.Q(computed_measure="") & models.Q(target_value__isnull=False)),
                name="board_deliverable_computed_has_measure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def is_computed(self) -> bool:
        return self.method == Method.COMPUTED


class QuarterlyUpdate(models.Model):
    """A deliverable's status at one quarter: RAG, commentary, evidence; for a computed one, its value at the close."""

    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="updates")
    quarter = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Rag.choices)
    commentary = models.TextField(blank=True)
    evidence_links = models.JSONField(default=list, blank=True, help_text="Addresses of the evidence")
    close_value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    close_detail = models.CharField(max_length=300, blank=True)
    close_recorded_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["deliverable", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["deliverable", "quarter"], name="board_update_quarter"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="board_update_quarter_1_4"),
        ]

    def __str__(self) -> str:
        return f"{self.deliverable} Q{self.quarter}: {self.status}"


from tiex.board.models_meetings import (  # noqa: E402, F401  (Django finds models through this module)
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    BoardMember,
    BoardRole,
    Decision,
    Declaration,
    Meeting,
    Paper,
)
from tiex.board.models_reports import BoardReport, ReportKind, ReportState  # noqa: E402, F401
