"""The Exchange's fixed vocabularies: resource types, the evidence ladder, outcomes.

Plain data shared by models, forms, filters, importers and the API. The evidence
ladder is explained for readers in docs/library.md; keep the two in step.
"""

from __future__ import annotations

from django.db import models


class ResourceType(models.TextChoices):
    CASE_STUDY = "case-study", "Case study"
    GUIDANCE = "guidance", "Guidance"
    TOOLKIT = "toolkit", "Toolkit"
    TRAINING = "training", "Training"
    REPORT = "report", "Report"
    EXTERNAL = "external", "External resource"


class EvidenceLevel(models.TextChoices):
    """How far the claims in a resource have been tested, weakest first."""

    DESCRIBED = "described", "Described"
    REPORTED = "reported", "Results reported"
    COMPARED = "compared", "Compared"
    REVIEWED = "reviewed", "Externally reviewed"
    EVALUATED = "evaluated", "Independently evaluated"


EVIDENCE_DESCRIPTIONS: dict[str, str] = {
    EvidenceLevel.DESCRIBED: "What was done, in the council's own words, without measured results.",
    EvidenceLevel.REPORTED: (
        "The council reports measured results from its own monitoring, such as savings or performance figures."
    ),
    EvidenceLevel.COMPARED: "Results are compared with a baseline from before the change or with similar councils.",
    EvidenceLevel.REVIEWED: (
        "The results were checked by someone outside the team: internal or external audit, or a peer challenge."
    ),
    EvidenceLevel.EVALUATED: "A formal evaluation by an independent body, with a stated method, has been published.",
}

# Position on the ladder (1 = weakest), for sorting and for "at least" comparisons.
EVIDENCE_RANK: dict[str, int] = {level.value: rank for rank, level in enumerate(EvidenceLevel, start=1)}


class OutcomeKind(models.TextChoices):
    SAVING = "saving", "Saving"
    BENEFIT = "benefit", "Other benefit"


class OutcomeStatus(models.TextChoices):
    ACHIEVED = "achieved", "Achieved"
    EXPECTED = "expected", "Expected"


class SavingPeriod(models.TextChoices):
    ONE_OFF = "one-off", "One-off"
    PER_YEAR = "per-year", "Per year"
    TOTAL = "total", "In total, over the life of the work"


class ThemeGroup(models.TextChoices):
    THEME = "theme", "Improvement themes"
    PRODUCTIVITY = "productivity", "Productivity areas"


# Slugs a resource may not take: the Exchange's own pages live beside resources at /exchange/<slug>/.
RESERVED_SLUGS = frozenset({"submit", "submissions", "feed", "search", "import", "export", "resources", "api"})


class Collection(models.TextChoices):
    """The Exchange's collections. Council climate plans (855 documents from one register) are a
    collection of their own, so that they do not drown the Exchange's own resources; so are the
    councils' published peer challenge reports, action plans and progress review reports (listed
    by tiex.peer_challenges when a council publishes one). A search shows the Exchange's own
    collection unless it asks for another (docs/library.md)."""

    EXCHANGE = "exchange", "The Exchange's own resources"
    CLIMATE_PLANS = "climate-plans", "Council climate plans"
    PEER_CHALLENGE_REPORTS = "peer-challenge-reports", "Peer challenge reports"


# The search parameter's value for every collection at once.
ALL_COLLECTIONS = "all"
DEFAULT_COLLECTION = Collection.EXCHANGE.value
# A resource imported from one of these datasets belongs to that collection; every other
# resource (written by editors, submitted by councils, imported by editors) is the Exchange's own.
COLLECTION_OF_DATASET: dict[str, str] = {
    "climate-plans": Collection.CLIMATE_PLANS.value,
    "peer-challenges": Collection.PEER_CHALLENGE_REPORTS.value,
}


def collection_of(source_dataset: str) -> str:
    return COLLECTION_OF_DATASET.get(source_dataset, DEFAULT_COLLECTION)


def datasets_of(collection: str) -> list[str]:
    """The source datasets of an imported collection ([] for the Exchange's own)."""
    return [dataset for dataset, found in COLLECTION_OF_DATASET.items() if found == collection]
