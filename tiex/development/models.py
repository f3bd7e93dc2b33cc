"""Councillor development: programmes (Wagtail pages), their cohorts, and bookings of places.

Every programme is a ``ProgrammePage`` under the one ``DevelopmentIndexPage``, so editors get
revisions and scheduled publishing; the public pages are served by our own views at
/councillor-development/ (see ``get_url_parts``), as the Exchange does. Cohorts are plain rows
(a Wagtail snippet) because bookings point at them and must never be rewritten by a page
revision. Who may book is structured data (audiences, years of service, years in post,
council types, nomination) so the navigator (``tiex.development.navigator``) can reason about it.

``Cohort.places_held`` counts the bookings that hold a place; services change it only with a
conditional UPDATE, and a check constraint keeps it within ``places``, so two people can never
take the last place at once (on SQLite and PostgreSQL alike).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from tiex.core.models import TimeStampedModel
from tiex.councils.models import CouncilType, Party
from tiex.development.choices import Audience, BookingStatus, Format, Portfolio, Topic

BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]
# Paths of /councillor-development/ itself: never a programme's slug.
RESERVED_SLUGS = frozenset({"navigator", "bookings", "manage", "uptake"})


class DevelopmentIndexPage(Page):
    """The parent of every programme. Its public face is the catalogue at /councillor-development/."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["development.ProgrammePage"]
    max_count = 1

    class Meta:
        verbose_name = "Councillor development"

    def get_url_parts(self, request: HttpRequest | None = None) -> Any:
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        return parts[0], parts[1], reverse("development:index")

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponseRedirect(reverse("development:index"))


def _checkboxes(choices: Any, label: str, help_text: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        choices=choices, required=False, widget=forms.CheckboxSelectMultiple, label=label, help_text=help_text
    )


class ProgrammePageForm(WagtailAdminPageForm):
    """Lists kept in JSON fields are edited as checkboxes."""

    audiences = _checkboxes(Audience.choices, "Who it is for")
    council_types = _checkboxes(CouncilType.choices, "Council types", "Leave empty for councillors of any council.")
    topics = _checkboxes(Topic.choices, "What it develops")
    portfolios = _checkboxes(Portfolio.choices, "Portfolios", "Leave empty when it suits any portfolio.")


class ProgrammePage(Page):
    """One development programme: who it is for, its format, length and cost, and who may book."""

    summary: models.TextField = models.TextField(max_length=1000, help_text="One or two sentences for the catalogue.")
    body = RichTextField(blank=True, features=BODY_FEATURES)
    audiences: models.JSONField = models.JSONField(default=list, blank=True, help_text="Audience values")
    min_years_service: models.PositiveSmallIntegerField = models.PositiveSmallIntegerField(
        "at least this many years as a councillor", null=True, blank=True
    )
    max_years_service: models.PositiveSmallIntegerField = models.PositiveSmallIntegerField(
        "at most this many years as a councillor", null=True, blank=True
    )
    max_years_in_post: models.PositiveSmallIntegerField = models.PositiveSmallIntegerField(
        "at most this many years in their current role",
        null=True,
        blank=True,
        help_text="For example 3 for leaders in post three years or less.",
    )
    council_types: models.JSONField = models.JSONField(default=list, blank=True, help_text="CouncilType values")
    topics: models.JSONField = models.JSONField(default=list, blank=True, help_text="Topic values")
    portfolios: models.JSONField = models.JSONField(default=list, blank=True, help_text="Portfolio values")
    format: models.CharField = models.CharField(max_length=20, choices=Format.choices, default=Format.MODULES)
    length: models.CharField = models.CharField(
        max_length=200, blank=True, help_text="As people read it, e.g. 'Three residential weekends'."
    )
    time_commitment_hours: models.PositiveSmallIntegerField = models.PositiveSmallIntegerField(
        default=0, help_text="Roughly how many hours it takes in all (the navigator compares this)."
    )
    cost: models.DecimalField = models.DecimalField(
        "cost (£)", max_digits=8, decimal_places=2, default=0, help_text="0 when free."
    )
    cost_note: models.CharField = models.CharField(max_length=300, blank=True)
    nomination_required: models.BooleanField = models.BooleanField(
        default=False, help_text="Places are confirmed only after a nomination by the political group office."
    )
    by_political_group: models.BooleanField = models.BooleanField(
        default=False, help_text="Cohorts are run for one political group each."
    )
    how_to_apply = RichTextField(blank=True, features=["bold", "italic", "ol", "ul", "link"])
    application_url: models.URLField = models.URLField(max_length=500, blank=True)
    is_demo: models.BooleanField = models.BooleanField(
        default=False, help_text="Written to show how the catalogue works; not a real programme."
    )

    base_form_class = ProgrammePageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("audiences"),
                FieldPanel("min_years_service"),
                FieldPanel("max_years_service"),
                FieldPanel("max_years_in_post"),
                FieldPanel("council_types"),
                FieldPanel("nomination_required"),
                FieldPanel("by_political_group"),
            ],
            heading="Who may take part",
        ),
        MultiFieldPanel([FieldPanel("topics"), FieldPanel("portfolios")], heading="What it develops"),
        MultiFieldPanel(
            [
                FieldPanel("format"),
                FieldPanel("length"),
                FieldPanel("time_commitment_hours"),
                FieldPanel("cost"),
                FieldPanel("cost_note"),
            ],
            heading="Format, length and cost",
        ),
        MultiFieldPanel([FieldPanel("how_to_apply"), FieldPanel("application_url")], heading="How to apply"),
        FieldPanel("is_demo"),
    ]

    parent_page_types = ["development.DevelopmentIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "programme"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = f"{self.slug!r} is used by the catalogue itself; choose another slug."
        if (
            self.min_years_service is not None
            and self.max_years_service is not None
            and self.min_years_service > self.max_years_service
        ):
            errors["max_years_service"] = "The most years of service must not be fewer than the least."
        for name, choices in (
            ("audiences", Audience.values),
            ("council_types", CouncilType.values),
            ("topics", Topic.values),
            ("portfolios", Portfolio.values),
        ):
            value = getattr(self, name) or []
            if not isinstance(value, list) or any(item not in choices for item in value):
                errors[name] = f"Choose from: {', '.join(choices)}."
        if errors:
            raise ValidationError(errors)

    def get_url_parts(self, request: HttpRequest | None = None) -> Any:
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        try:
            return parts[0], parts[1], reverse("development:programme", args=[self.slug])
        except NoReverseMatch:
            return parts[0], None, None

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponseRedirect(reverse("development:programme", args=[self.slug]))


class Cohort(TimeStampedModel):
    """One run of a programme: dates, venue and a number of places."""

    programme = models.ForeignKey(ProgrammePage, on_delete=models.CASCADE, related_name="cohorts")
    title = models.CharField(max_length=200, blank=True, help_text="e.g. 'Spring 2027'")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    places = models.PositiveSmallIntegerField()
    places_held = models.PositiveSmallIntegerField(
        default=0, editable=False, help_text="Bookings holding a place (kept by the booking services)."
    )
    party = models.CharField(
        max_length=8, choices=Party.choices, blank=True, help_text="For programmes run by political group."
    )
    bookings_open = models.BooleanField(default=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(places_held__lte=F("places")), name="development_cohort_not_overbooked"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="development_cohort_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        label = self.title or self.starts_on.strftime("%-d %B %Y")
        return f"{self.programme.title}: {label}"

    @property
    def places_left(self) -> int:
        return max(self.places - self.places_held, 0)

    def clean(self) -> None:
        if self.places is not None and self.places < self.places_held:
            raise ValidationError({"places": f"{self.places_held} places are already held by bookings."})


class Booking(TimeStampedModel):
    """A councillor's request for a place in a cohort, and what became of it."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="bookings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="development_bookings"
    )
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="development_bookings")
    party = models.CharField(max_length=8, choices=Party.choices, blank=True)
    role = models.CharField(max_length=20, choices=Audience.choices)
    years_in_role = models.PositiveSmallIntegerField(null=True, blank=True)
    years_as_councillor = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=BookingStatus.choices, default=BookingStatus.REQUESTED, db_index=True
    )
    waiting_since = models.DateTimeField(null=True, blank=True, help_text="Order on the waiting list.")
    nominated_at = models.DateTimeField(null=True, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(default=False)
    completed = models.BooleanField(default=False)
    completed_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, help_text="Made by tiex demo, for a demo account that cannot sign in.")
    alumni_consent = models.BooleanField(
        default=False, help_text="May be listed as an alumnus on their council's profile."
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "user"],
                condition=~Q(status=BookingStatus.CANCELLED),
                name="development_booking_one_live_per_person",
            ),
            models.CheckConstraint(
                condition=Q(completed=False) | Q(attended=True), name="development_completed_attended"
            ),
            models.CheckConstraint(
                condition=Q(status__in=BookingStatus.values), name="development_booking_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or 'Former user'}, {self.cohort} ({self.get_status_display().lower()})"


class SavedAnswers(models.Model):
    """A signed-in person's navigator answers, kept at their request (the query string only)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="development_answers")
    query = models.CharField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "saved answers"

    def __str__(self) -> str:
        return f"{self.user}: {self.query}"
