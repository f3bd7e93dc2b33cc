"""Demo self-assessments for `tiex demo`: English principal councils, each with a demo team, answering.

``load_demo`` is called by ``tiex demo`` (and by ``tiex bootstrap`` on a new database). What
it builds is set in assessments.toml beside this file: how many councils, their demo team,
which frameworks, how many second rounds, and how results are shared. The answers are
drawn from random generators seeded per council and framework, so every run builds the
same demo, and adding councils later does not change the others'.

It is an importer of sorts: rows are written in bulk (a few thousand answers), without an
audit event each, and it is idempotent: an assessment is keyed on (council, framework
version, the day its round started), so a second run creates nothing. Each council's
answers have a realistic shape: a council-wide strength, a per-theme offset, each
person's view scattered around it, some statements that divide the team much more, an
ambition above where the council is now; the consensus is the team's median, sometimes
moved a level in the meeting. A council's earlier round sits half a level lower.
"""

from __future__ import annotations

import datetime
import random
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from tiex.accounts.services import demo_teams_ensure
from tiex.assessments import scoring, selectors, services
from tiex.assessments.models import (
    Assessment,
    ConsensusAnswer,
    FrameworkKind,
    Participant,
    Response,
    Status,
    Visibility,
)
from tiex.councils.models import Council, Nation

DEMO_PATH = Path(__file__).with_name("assessments.toml")
OFFERS_PATH = Path(__file__).with_name("support_offers.toml")


def read_config(path: Path = DEMO_PATH) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True)
class Planned:
    council: Council
    structure: selectors.Structure
    started: datetime.date
    outcome: str  # a Visibility value (published) or "closed"
    strength: float  # the council's level on this framework in this round
    team_size: int
    round_name: str  # "latest" or "previous": part of its random seed


def _rng(*parts: object) -> random.Random:
    """A generator seeded by the parts (demo data only: no secret is ever drawn from it)."""
    return random.Random(":".join(str(part) for part in parts))  # noqa: S311


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=datetime.UTC)


def demo_councils(count: int, seed: int) -> list[Council]:
    """``count`` current English principal councils, the same ones on every run with the same councils table."""
    councils = list(Council.objects.principal().filter(nation=Nation.ENGLAND).order_by("la_code"))
    if len(councils) <= count:
        return councils
    return sorted(_rng(seed).sample(councils, count), key=lambda council: council.la_code)


def plan(config: dict[str, Any], councils: list[Council], structures: dict[str, selectors.Structure]) -> list[Planned]:
    seed = config["seed"]
    outcomes = list(config["outcome"])
    weights = [config["outcome"][name] for name in outcomes]
    latest, previous = config["dates"]["latest"], config["dates"]["previous"]
    people = len(config["person"])
    planned = []
    for council in councils:
        base = _rng(seed, council.la_code).gauss(0.0, 0.6)
        for number, entry in enumerate(config["framework"]):
            structure = structures.get(entry["slug"])
            rng = _rng(seed, council.la_code, entry["slug"])
            takes = rng.random() < entry["share"]
            second = rng.random() < entry.get("second_round", 0)
            outcome = rng.choices(outcomes, weights)[0]
            team_size = rng.randint(min(3, people), people)
            if structure is None or not takes:
                continue
            top = max(structure.level_values)
            strength = (1 + top) / 2 + base + rng.gauss(0.0, 0.3)
            day = latest + datetime.timedelta(days=7 * number + rng.randint(0, 60))
            if second:
                earlier_day = previous + datetime.timedelta(days=rng.randint(0, 60))
                earlier_outcome = outcome if outcome in (Visibility.PUBLIC, Visibility.SIGNED_IN) else "council"
                planned.append(
                    Planned(council, structure, earlier_day, earlier_outcome, strength - 0.5, team_size, "previous")
                )
            planned.append(Planned(council, structure, day, outcome, strength, team_size, "latest"))
    return planned


def _clamp(value: float, levels: list[int]) -> int:
    return min(max(round(value), levels[0]), levels[-1])


def answers(item: Planned, seed: int) -> tuple[list[dict[int, tuple[dict[str, int], list[str]]]], dict[int, dict]]:
    """Each participant's answers ({statement id: (values, ticked)}) and the consensus ({statement id: values})."""
    structure = item.structure
    levels = structure.level_values
    keys = structure.dimension_keys
    indicators = structure.framework.kind == FrameworkKind.INDICATORS
    rules = [scoring.Rule(*rule) for rule in structure.version.assessment_rules]
    by_value = {level.value: level.key for level in structure.levels}
    rng = _rng(seed, item.council.la_code, structure.framework.slug, item.round_name)
    people: list[dict[int, tuple[dict[str, int], list[str]]]] = [{} for _ in range(item.team_size)]
    for page in structure.pages:
        theme = item.strength + rng.gauss(0.0, 0.5)
        for statement in page.statements:
            centre = theme + rng.gauss(0.0, 0.3)
            scatter = 1.3 if rng.random() < 0.2 else 0.55  # some statements divide the team
            for person in people:
                if rng.random() < 0.04:
                    continue  # not everyone answers everything
                now = _clamp(centre + rng.gauss(0.0, scatter), levels)
                if indicators:
                    groups: dict[str, list[str]] = {}
                    for indicator in structure.indicators.get(statement.pk, []):
                        groups.setdefault(indicator.group, []).append(indicator.code)
                    ticked = list(groups.get(by_value.get(now, ""), []))
                    if not ticked and groups.get("not-achieved"):
                        ticked = groups["not-achieved"][:1]
                    value = scoring.level_value(scoring.outcome_level(rules, groups, ticked), rules) if rules else now
                    person[statement.pk] = ({keys[0]: value}, ticked)
                    continue
                values = {keys[0]: now}
                for key in keys[1:]:  # the ambition: further along than now
                    values[key] = _clamp(max(now, centre + rng.gauss(1.3, 0.6)), levels)
                person[statement.pk] = (values, [])
    consensus: dict[int, dict] = {}
    for statement in structure.statements:
        agreed = {}
        for key in keys:
            given = [person[statement.pk][0][key] for person in people if statement.pk in person]
            median = scoring.consensus_prefill(given)
            if median is None:
                continue
            if rng.random() < 0.15:  # the meeting moved it a level
                median = _clamp(median + rng.choice((-1, 1)), levels)
            agreed[key] = median
        if agreed:
            consensus[statement.pk] = agreed
    return people, consensus


def _theme_scores(structure: selectors.Structure, consensus: dict[int, dict]) -> dict[str, float]:
    """What the publish service stores with a published result (``scoring.theme_scores``)."""
    codes = {section.pk: section.code for section in structure.sections}
    by_statement = {statement.pk: codes[statement.section_id] for statement in structure.statements}
    keys = structure.dimension_keys
    if not keys:
        return {}
    return scoring.theme_scores(((by_statement[pk], values) for pk, values in consensus.items()), keys[0])


def _write(
    items: list[Planned], teams: dict[int, tuple[Any, list[Any]]], seed: int, contactable: float = 0.0
) -> list[Assessment]:
    generated = [answers(item, seed) for item in items]
    rows = []
    for item, (_, consensus) in zip(items, generated, strict=True):
        organisation, users = teams[item.council.pk]
        started = _moment(item.started)
        published = item.outcome != "closed"
        # Its own generator, so choosing who is contactable changes no other demo figure.
        contact = published and _rng(seed, item.council.la_code, item.round_name, "contact").random() < contactable
        rows.append(
            Assessment(
                council=item.council,
                organisation=organisation,
                version=item.structure.version,
                status=Status.PUBLISHED if published else Status.CLOSED,
                closing_date=item.started + datetime.timedelta(days=21),
                meeting_date=item.started + datetime.timedelta(days=28),
                visibility=item.outcome if published else Visibility.COUNCIL,
                demo=True,
                contactable=contact,
                contact_email=users[0].email if contact else "",
                created_by=users[0],
                created_at=started,
                published_at=started + datetime.timedelta(days=35) if published else None,
                theme_scores=_theme_scores(item.structure, consensus) if published else {},
            )
        )
    assessments = Assessment.objects.bulk_create(rows)
    seats = Participant.objects.bulk_create(
        Participant(assessment=assessment, user=user, invited_at=assessment.created_at)
        for assessment, item in zip(assessments, items, strict=True)
        for user in teams[item.council.pk][1][: item.team_size]
    )
    by_assessment: dict[int, list[Participant]] = {}
    for seat in seats:
        by_assessment.setdefault(seat.assessment_id, []).append(seat)
    responses: list[Response] = []
    agreed: list[ConsensusAnswer] = []
    for assessment, (people, consensus) in zip(assessments, generated, strict=True):
        answered = assessment.created_at + datetime.timedelta(days=10)
        for seat, given in zip(by_assessment[assessment.pk], people, strict=True):
            responses.extend(
                Response(participant=seat, statement_id=pk, values=values, ticked=ticked, updated_at=answered)
                for pk, (values, ticked) in given.items()
            )
        agreed.extend(
            ConsensusAnswer(
                assessment=assessment,
                statement_id=pk,
                values=values,
                updated_at=assessment.created_at + datetime.timedelta(days=28),
            )
            for pk, values in consensus.items()
        )
    Response.objects.bulk_create(responses, batch_size=2000)
    ConsensusAnswer.objects.bulk_create(agreed, batch_size=2000)
    return assessments


def load_offers(path: Path = OFFERS_PATH) -> str:
    """Add the association's default support offers that are missing (support_offers.toml)."""
    with path.open("rb") as handle:
        entries = tomllib.load(handle).get("offer", [])
    created = services.support_offers_ensure(offers=entries)
    return f"{len(created)} support offers added."


def load_demo(*, if_empty: bool = False, path: Path = DEMO_PATH) -> str:
    """Create the demo assessments that are missing; with ``if_empty``, only when there are none yet."""
    offers = load_offers()
    if if_empty and Assessment.objects.filter(demo=True).exists():
        return f"demo assessments are already loaded; {offers}"
    config = read_config(path)
    structures = {}
    for entry in config["framework"]:
        framework = selectors.framework_get(slug=entry["slug"])
        version = selectors.version_latest(framework=framework) if framework else None
        if version is not None:
            structures[entry["slug"]] = selectors.version_structure(version)
    if not structures:
        return (
            "skipped: no framework is loaded (run `tiex import framework --bundled` and import ncsc-caf first); "
            + offers
        )
    councils = demo_councils(config["councils"], config["seed"])
    if not councils:
        return f"skipped: no English principal councils (import the councils first: `tiex import councils`); {offers}"
    existing = {
        (council_id, version_id, created.date())
        for council_id, version_id, created in Assessment.objects.filter(demo=True).values_list(
            "council_id", "version_id", "created_at"
        )
    }
    missing = [
        item
        for item in plan(config, councils, structures)
        if (item.council.pk, item.structure.version.pk, _moment(item.started).date()) not in existing
    ]
    with transaction.atomic():
        people = [(person["label"], person["role"]) for person in config["person"]]
        involved = sorted({item.council for item in missing}, key=lambda council: council.la_code)
        teams = demo_teams_ensure(councils=involved, people=people)
        created = _write(missing, teams, config["seed"], config.get("contactable", 0.0)) if missing else []
    shared = [a.visibility for a in created if a.status == Status.PUBLISHED]
    counts = {name: shared.count(name) for name in Visibility.values}
    message = (
        f"{len(created)} demo assessments created for {len({a.council_id for a in created})} councils "
        f"({counts[Visibility.PUBLIC]} public, {counts[Visibility.SIGNED_IN]} shared with signed-in councils, "
        f"{counts[Visibility.COUNCIL]} for the council only, "
        f"{sum(1 for a in created if a.status != Status.PUBLISHED)} awaiting publication); "
        f"{len(existing)} already there."
    )
    skipped = [entry["slug"] for entry in config["framework"] if entry["slug"] not in structures]
    if skipped:
        message += f" Frameworks not loaded, so left out: {', '.join(skipped)}."
    return f"{message} {offers.capitalize()}"
