"""The Exchange: resources (case studies, guidance, toolkits ...) as Wagtail pages.

Every resource is a ``ResourcePage`` under the one ``ExchangeIndexPage``, so editors
get revisions, moderation workflows and scheduled publishing from Wagtail. The public
pages are served by our own views at /exchange/ and /exchange/<slug>/ (see
``get_url_parts``); docs/decisions/0004-exchange-content-model.md explains why.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from tiex.library import text
from tiex.library.choices import (
    RESERVED_SLUGS,
    Collection,
    EvidenceLevel,
    OutcomeKind,
    OutcomeStatus,
    ResourceType,
    SavingPeriod,
    ThemeGroup,
    collection_of,
)

# Rich-text features allowed in a resource body (everything else is stripped on save
# by the editor, and by tiex.library.richtext for text from forms and files).
BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class Theme(models.Model):
    """An improvement theme or productivity area (the managed taxonomy, seeded from data/taxonomy.toml)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120, unique=True)
    group = models.CharField(max_length=20, choices=ThemeGroup.choices, default=ThemeGroup.THEME)
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-group", "sort_order", "name"]  # improvement themes, then productivity areas

    def __str__(self) -> str:
        return self.name


class ServiceArea(models.Model):
    """A council service, e.g. adult social care or waste (seeded from data/taxonomy.toml)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class ExchangeIndexPage(Page):
    """The parent of every resource. Its public face is the search page at /exchange/."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["library.ResourcePage"]
    max_count = 1

    class Meta:
        verbose_name = "Exchange"

    def get_url_parts(self, request: HttpRequest | None = None) -> Any:
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        return parts[0], parts[1], reverse("library:index")

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponseRedirect(reverse("library:index"))


class ResourcePage(Page):
    """One resource in the Exchange: a case study, guidance, toolkit, training, report or external link."""

    resource_type: models.CharField = models.CharField(
        "type", max_length=20, choices=ResourceType.choices, default=ResourceType.CASE_STUDY, db_index=True
    )
    summary: models.TextField = models.TextField(
        max_length=1000, help_text="One or two sentences shown in search results."
    )
    body = RichTextField(blank=True, features=BODY_FEATURES)
    themes = ParentalManyToManyField(Theme, blank=True, related_name="resources")
    service_areas = ParentalManyToManyField(ServiceArea, blank=True, related_name="resources")
    councils = ParentalManyToManyField(
        "councils.Council", blank=True, related_name="exchange_resources", verbose_name="councils involved"
    )
    replicated_by = ParentalManyToManyField(
        "councils.Council",
        blank=True,
        related_name="exchange_resources_replicated",
        help_text="Councils that have adopted this approach.",
    )
    date: models.DateField = models.DateField(
        null=True, blank=True, help_text="When it was published, or when the work was done."
    )
    review_date: models.DateField = models.DateField(
        null=True, blank=True, help_text="After this date the resource is shown as possibly out of date."
    )
    evidence_level: models.CharField = models.CharField(
        max_length=20, choices=EvidenceLevel.choices, default=EvidenceLevel.DESCRIBED, db_index=True
    )
    evidence_note: models.TextField = models.TextField(
        blank=True, help_text="How the results were measured or who evaluated them."
    )
    contact_name: models.CharField = models.CharField(max_length=200, blank=True)
    contact_role: models.CharField = models.CharField(max_length=200, blank=True)
    contact_email: models.EmailField = models.EmailField(blank=True)
    external_url: models.URLField = models.URLField("external link", max_length=1000, blank=True)
    licence: models.CharField = models.CharField(max_length=100, blank=True)
    attribution: models.CharField = models.CharField(max_length=300, blank=True)
    # Where an imported resource came from: a dataset slug and its natural key there.
    source_dataset: models.CharField = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    source_key: models.CharField = models.CharField(max_length=255, blank=True, editable=False)
    is_demo: models.BooleanField = models.BooleanField(
        default=False, help_text="Written to show how the Exchange works; not a real council's work."
    )
    submitted_by_council: models.ForeignKey = models.ForeignKey(
        "councils.Council",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The council of the member who submitted it through the public form.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("resource_type"),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("themes"), FieldPanel("service_areas")],
            heading="Themes and service areas",
        ),
        MultiFieldPanel(
            [FieldPanel("councils"), FieldPanel("replicated_by")],
            heading="Councils",
        ),
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("review_date")],
            heading="Dates",
        ),
        MultiFieldPanel(
            [FieldPanel("evidence_level"), FieldPanel("evidence_note")],
            heading="Evidence",
        ),
        InlinePanel("outcomes", heading="Outcomes", label="Outcome"),
        InlinePanel("attachments", heading="Attachments", label="Attachment"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_role"), FieldPanel("contact_email")],
            heading="Contact",
        ),
        MultiFieldPanel(
            [FieldPanel("external_url"), FieldPanel("licence"), FieldPanel("attribution")],
            heading="Source",
        ),
        FieldPanel("is_demo"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.RelatedFields("service_areas", [index.SearchField("name")]),
        index.RelatedFields("councils", [index.SearchField("name")]),
        index.FilterField("resource_type"),
        index.FilterField("evidence_level"),
        index.FilterField("date"),
        index.FilterField("is_demo"),
        index.FilterField("source_dataset"),  # the collection (choices.COLLECTION_OF_DATASET)
    ]

    parent_page_types = ["library.ExchangeIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "resource"
        constraints = [
            models.UniqueConstraint(
                fields=["source_dataset", "source_key"],
                condition=~Q(source_dataset=""),
                name="library_resource_one_per_source_key",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = f"{self.slug!r} is used by the Exchange itself; choose another slug."
        # Short text from the admin, files and services alike: no bidirectional overrides, and
        # never only invisible characters (tiex.library.text).
        for name in ("title", "summary"):
            if text.is_invisible(getattr(self, name) or ""):
                errors[name] = f"The {name} has only invisible characters: enter text people can read."
        for name in ("title", "draft_title", "summary", "contact_name", "contact_role"):
            setattr(self, name, text.strip_bidi_controls(getattr(self, name) or ""))
        if errors:
            raise ValidationError(errors)

    @property
    def is_possibly_out_of_date(self) -> bool:
        return self.review_date is not None and self.review_date <= timezone.localdate()

    @property
    def is_climate_plan(self) -> bool:
        """A council's own climate plan (the climate plans collection): a plan states intentions,
        so the Exchange does not grade its evidence."""
        return collection_of(self.source_dataset) == Collection.CLIMATE_PLANS

    @property
    def is_peer_challenge_document(self) -> bool:
        """A council's published peer challenge report, action plan or progress review report."""
        return collection_of(self.source_dataset) == Collection.PEER_CHALLENGE_REPORTS

    @property
    def is_external(self) -> bool:
        return self.resource_type == ResourceType.EXTERNAL

    def get_url_parts(self, request: HttpRequest | None = None) -> Any:
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        try:
            return parts[0], parts[1], reverse("library:resource", args=[self.slug])
        except NoReverseMatch:
            return parts[0], None, None

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Wagtail's own URL for the page (/pages/...) sends readers to the stable one.
        return HttpResponseRedirect(reverse("library:resource", args=[self.slug]))

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        from tiex.library.views import render_resource

        return render_resource(request, self, preview=True)


class ResourceOutcome(Orderable):
    """A saving (amount, period, achieved or expected) or another benefit of the work described."""

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="outcomes")
    kind: models.CharField = models.CharField(max_length=10, choices=OutcomeKind.choices, default=OutcomeKind.SAVING)
    description: models.CharField = models.CharField(max_length=300, blank=True)
    amount: models.DecimalField = models.DecimalField(
        "amount (£)", max_digits=14, decimal_places=2, null=True, blank=True, help_text="Savings only."
    )
    period: models.CharField = models.CharField(max_length=10, choices=SavingPeriod.choices, blank=True)
    status: models.CharField = models.CharField(
        max_length=10, choices=OutcomeStatus.choices, default=OutcomeStatus.ACHIEVED
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("amount"),
        FieldPanel("period"),
        FieldPanel("status"),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=OutcomeKind.SAVING) | (Q(amount__isnull=False) & Q(amount__gte=0) & ~Q(period="")),
                name="library_saving_has_amount_and_period",
            ),
            models.CheckConstraint(
                condition=~Q(kind=OutcomeKind.BENEFIT) | ~Q(description=""),
                name="library_benefit_has_description",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == OutcomeKind.SAVING:
            return f"£{self.amount:,.0f} {self.get_period_display().lower()} ({self.get_status_display().lower()})"
        return self.description

    def clean(self) -> None:
        if self.kind == OutcomeKind.SAVING and (self.amount is None or not self.period):
            raise ValidationError("A saving needs an amount and a period.")
        if self.kind == OutcomeKind.BENEFIT and not self.description:
            raise ValidationError({"description": "Describe the benefit."})


class ResourceAttachment(Orderable):
    """A document attached to a resource (stored as a Wagtail document)."""

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="attachments")
    document: Any = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    title: models.CharField = models.CharField(
        max_length=200, blank=True, help_text="Defaults to the document's title."
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    def __str__(self) -> str:
        return self.title or self.document.title
