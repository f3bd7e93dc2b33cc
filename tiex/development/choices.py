"""The fixed vocabularies of councillor development: plain data shared by models, forms and the navigator."""

from __future__ import annotations

from django.db import models


class Audience(models.TextChoices):
    """Who a programme is for; also the role a councillor gives when booking."""

    PROSPECTIVE = "prospective", "Prospective candidate"
    NEWLY_ELECTED = "newly_elected", "Newly elected councillor"
    BACKBENCH = "backbench", "Backbench councillor"
    OPPOSITION = "opposition", "Opposition councillor or group leader"
    CABINET = "cabinet", "Cabinet member or portfolio holder"
    LEADER = "leader", "Council leader or elected mayor"


class Format(models.TextChoices):
    RESIDENTIAL = "residential", "Residential"
    MODULES = "modules", "Modules"
    E_LEARNING = "e_learning", "E-learning"
    WORKSHOP = "workshop", "Workshop"


class Topic(models.TextChoices):
    """What someone wants to develop (the navigator's fourth question)."""

    LEADERSHIP = "leadership", "Leading the council and its partners"
    COMMUNITY = "community", "Working with communities"
    SCRUTINY = "scrutiny", "Scrutiny and holding to account"
    FINANCE = "finance", "Finance and budgets"
    COMMUNICATION = "communication", "Communication and media"
    PERSONAL = "personal", "Personal resilience and effectiveness"
    BASICS = "basics", "How councils work"


class Portfolio(models.TextChoices):
    NONE = "none", "No portfolio"
    CHILDREN = "children", "Children's services"
    ADULTS = "adults", "Adult social care and health"
    FINANCE = "finance", "Finance and resources"
    HOUSING = "housing", "Housing and planning"
    ENVIRONMENT = "environment", "Environment and transport"
    ECONOMY = "economy", "Economy and regeneration"


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    AWAITING_NOMINATION = "awaiting_nomination", "Awaiting nomination"
    CONFIRMED = "confirmed", "Confirmed"
    WAITING_LIST = "waiting_list", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


# Statuses that hold one of a cohort's places (Cohort.places_held counts these).
HOLDS_PLACE = frozenset({BookingStatus.REQUESTED, BookingStatus.AWAITING_NOMINATION, BookingStatus.CONFIRMED})
# Statuses of a live booking: one per person per cohort.
ACTIVE = frozenset({*HOLDS_PLACE, BookingStatus.WAITING_LIST})
