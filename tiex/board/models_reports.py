"""Reports drafted from live data: the chair's report and the monitoring and performance report.

A report covers a period (from 1 April of a financial year to a day in it). tiex gathers the
figures for the period from the other apps' selectors (selectors_reports.report_figures), keeps
them on the report as ``figures`` (each with the page that shows it) and ``data_version`` (what
data they were drawn from), and drafts the text from them (report_drafting.py). Staff edit the
sections, then publish the report: a published report is frozen.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReportKind(models.TextChoices):
    CHAIR = "chair", "Chair's report"
    MONITORING = "monitoring", "Monitoring and performance report"


class ReportState(models.TextChoices):
    DRAFTING = "drafting", "Being drafted"
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    FAILED = "failed", "Drafting failed"


class BoardReport(models.Model):
    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    title = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    state = models.CharField(max_length=20, choices=ReportState.choices, default=ReportState.DRAFTING)
    sections = models.JSONField(
        default=list, blank=True, help_text="The text, in order: a list of {heading, text} (paragraphs, [links](/))"
    )
    figures = models.JSONField(
        default=list, blank=True, help_text="Every figure the draft used, with the page that shows it"
    )
    data_version = models.JSONField(
        default=dict, blank=True, help_text="What data the figures were drawn from (imports, sources, a hash)"
    )
    drafting_error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    drafted_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="board_report_period_order"
            ),
            models.CheckConstraint(
                condition=models.Q(state="published", published_at__isnull=False)
                | (~models.Q(state="published") & models.Q(published_at__isnull=True)),
                name="board_report_published_at_when_published",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.state == ReportState.PUBLISHED

    @property
    def is_drafting(self) -> bool:
        return self.state == ReportState.DRAFTING
