"""Demo census for `tiex demo`: the questionnaire, the past censuses' figures (real, not demo), and a
published demo census (``is_demo``) with made-up responses from about 27% of England's councillors.

Responses are drawn deterministically (a seeded generator) from the councillor counts imported by
`tiex import councillors`: each councillor in a council/party/gender group answers with a
probability that varies a little by gender and council type (so the weighting has something to
correct), and their answers follow plausible, invented distributions. Nothing here is a finding.
Everything is created with bulk_create; the demo census is replaced on each run.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.db import transaction

from tiex.census import services
from tiex.census.models import Census, CensusState, Response
from tiex.councils.models import CouncillorCount, Nation

Spec = tuple[list[str], list[float]]  # answers and their relative frequencies

YEAR = 2025
SEED = 2025
RESPONSE_RATE = {"female": 0.30, "male": 0.25, "not-recorded": 0.2}
TYPE_FACTOR = {"CTY": 1.1, "NMD": 0.95, "UA": 1.0, "MD": 1.0, "LBO": 0.9, "CC": 0.8}
AGES: Spec = (
    ["under-25", "25-34", "35-44", "45-54", "55-64", "65-74", "75-plus", "prefer-not"],
    [1, 5, 9, 16, 27, 30, 10, 2],
)
ETHNICITY: Spec = (["white", "mixed", "asian", "black", "other", "prefer-not"], [90, 1.5, 4, 1.5, 0.5, 2.5])
DISABILITY: Spec = (["yes", "no", "prefer-not"], [14, 82, 4])
SERVICE: Spec = (["under-1", "1-4", "5-9", "10-19", "20-plus"], [4, 34, 22, 25, 15])
STAND: Spec = (["yes", "no", "undecided"], [55, 20, 25])
POSITIONS = {
    "leader": 0.06,
    "cabinet": 0.14,
    "committee-chair": 0.22,
    "scrutiny-chair": 0.07,
    "group-leader": 0.08,
    "outside-body": 0.2,
}
MOTIVATIONS = {
    "serve-community": 0.85,
    "change-things": 0.55,
    "party": 0.35,
    "asked": 0.25,
    "experience": 0.1,
    "other": 0.05,
}
RESOURCES = {
    "lga-guidance": 0.45,
    "training": 0.6,
    "peer-mentoring": 0.15,
    "officers": 0.7,
    "party-group": 0.5,
    "online": 0.3,
}


def _pick(rng: random.Random, spec: Spec) -> str:
    return rng.choices(spec[0], weights=spec[1])[0]


def _many(rng: random.Random, chances: dict[str, float], none: str | None) -> list[str]:
    chosen = [value for value, chance in chances.items() if rng.random() < chance]
    if not chosen:
        chosen = [none] if none else [max(chances, key=lambda k: chances[k])]
    return chosen


def answers_for(rng: random.Random, *, gender: str, party: str, council_type: str) -> dict[str, Any]:
    positions = _many(rng, POSITIONS, "none")
    leading = positions != ["none"]
    hours = max(0, min(100, round(rng.gauss(28 if leading else 19, 9) + (4 if council_type in ("CTY", "UA") else 0))))
    return {
        "age": _pick(rng, AGES),
        "gender": gender if gender in ("female", "male") and rng.random() > 0.03 else "prefer-not",
        "ethnicity": _pick(rng, ETHNICITY),
        "disability": _pick(rng, DISABILITY),
        "party": party if rng.random() > 0.04 else "prefer-not",
        "hours": hours,
        "positions": positions,
        "service": _pick(rng, SERVICE),
        "stand-again": _pick(rng, STAND),
        "motivations": _many(rng, MOTIVATIONS, None),
        "resources": _many(rng, RESOURCES, "none"),
    }


PARTIES = {"con", "lab", "ld", "green"}


@transaction.atomic
def load_demo(*, if_empty: bool = False) -> str:
    questionnaire = services.questionnaire_load()
    figures = services.history_load()
    if if_empty and Census.objects.filter(is_demo=True).exists():
        return "the demo census is already loaded."
    counts = list(
        CouncillorCount.objects.filter(year=2021, council__nation=Nation.ENGLAND)
        .select_related("council")
        .order_by("council__la_code", "party", "gender")
    )
    if not counts:
        return f"{figures} past figures; no councillor counts (run `tiex import councillors`), so no demo census."
    Census.objects.filter(is_demo=True).delete()
    if Census.objects.filter(year=YEAR).exists():
        return f"{figures} past figures; a real {YEAR} census exists, so no demo census."
    census = services.census_create(
        year=YEAR,
        questionnaire=questionnaire,
        opens_on=datetime.date(YEAR, 9, 1),
        closes_on=datetime.date(YEAR, 11, 30),
        is_demo=True,
    )
    Census.objects.filter(pk=census.pk).update(state=CensusState.CLOSED)
    rng = random.Random(SEED)  # noqa: S311 - invented demo answers, not secrets
    responses = []
    for row in counts:
        chance = RESPONSE_RATE.get(row.gender, 0.25) * TYPE_FACTOR.get(row.council.type, 1.0)
        party = row.party if row.party in PARTIES else "other"
        for _ in range(row.count):
            if rng.random() < chance:
                responses.append(
                    Response(
                        census=census,
                        council_id=row.council_id,
                        answers=answers_for(rng, gender=row.gender, party=party, council_type=row.council.type),
                        submitted_on=datetime.date(YEAR, 10, 1) + datetime.timedelta(days=rng.randrange(60)),
                    )
                )
    Response.objects.bulk_create(responses, batch_size=1000)
    census.refresh_from_db()
    services.census_set_state(actor=None, census=census, state=CensusState.PUBLISHED, today=datetime.date(YEAR, 12, 15))
    total = sum(row.count for row in counts)
    return (
        f"{figures} past figures; a published demo census ({YEAR}) with {len(responses)} responses "
        f"from {total} councillors ({len(responses) / total:.0%})."
    )
