"""The benchmark steps that run inside Django, one process per database.

    python benchmarks/django_side.py scale FACTOR     multiply the councils (and their rows) FACTOR times
    python benchmarks/django_side.py queries          JSON: status and SQL query count of every target,
                                                      the placeholders and the benchmark user's session cookie

``queries`` first makes sure the benchmark participant exists (``bench_participant``: an
account that cannot sign in with a password, a member of one demo council taking part in an
open assessment there, with answers on its first theme) and signs it in; targets marked
``signed_in`` are asked with its session, here and under load. It also makes sure the board has
a published grant year with computed deliverables and meetings (``bench_board``); ``scale`` makes
that year FACTOR times as long, so the 10x query check sees ten times the deliverables, and
copies the development catalogue FACTOR times (``scale_development``), so the navigator's result
page and a programme's page are measured against ten times the programmes and cohorts.

DATABASE_URL (and DJANGO_SETTINGS_MODULE) choose the database; benchmarks/run.py sets them.
"""

from __future__ import annotations

import copy
import datetime
import json
import os
import sys
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from targets import TARGETS  # noqa: E402

from tiex.councils.models import ClusterLabel, ComparatorLink, ControlYear, Council  # noqa: E402

BENCH_EMAIL = "participant@bench.tiex.invalid"
FRAMEWORK = "transformation-and-innovation"


def placeholders(participant: Any = None) -> dict[str, str]:
    county = Council.objects.filter(type="CTY", is_current=True).order_by("name").first()
    if county is None:
        county = Council.objects.order_by("name").first()
    values = {
        "council": county.code if county else "E10000016",
        "resource": "none",
        "resource_id": "0",
        "programme": programme_placeholder(),
        **board_placeholders(),
        "census": census_placeholder(),
        "peer_challenge": peer_challenge_placeholder(),
        **assessment_placeholders(participant),
    }
    try:
        from tiex.library.models import ResourcePage
    except ImportError:
        return values
    resource = ResourcePage.objects.live().order_by("pk").first()
    if resource is not None:
        values.update(resource=resource.slug, resource_id=str(resource.pk))
    return values


def programme_placeholder() -> str:
    """The slug of the first published development programme with cohorts ("none" when there is none)."""
    try:
        from tiex.development.models import ProgrammePage
    except ImportError:
        return "none"
    programme = ProgrammePage.objects.live().filter(cohorts__isnull=False).order_by("title").first()
    return programme.slug if programme is not None else "none"


BENCH_BOARD_NOTE = "Made by the benchmark (benchmarks/django_side.py)."
BOARD_DELIVERABLES = 52  # as many as the 2018/19 memorandum had, per copy


def bench_board(copies: int = 1) -> None:
    """A published grant year of the current financial year with every computed measure and
    ``BOARD_DELIVERABLES * copies`` deliverables in all, each with an update for each begun
    quarter, and ``4 * copies`` meetings with items, papers' titles, decisions and actions."""
    try:
        from tiex.board import measures, rag
        from tiex.board.models import (
            Action,
            AgendaItem,
            Decision,
            Deliverable,
            GrantYear,
            Meeting,
            Method,
            QuarterlyUpdate,
        )
        from tiex.peer_challenges import financial_years as fy
    except ImportError:  # no board in this version
        return
    today = datetime.date.today()
    year = fy.financial_year(today)
    with transaction.atomic():
        grant_year = GrantYear.objects.filter(note=BENCH_BOARD_NOTE).first()
        if grant_year is None:
            if GrantYear.objects.filter(year=year).exists():
                return  # a year loaded otherwise (the demo's): measured as it is
            grant_year = GrantYear.objects.create(
                year=year,
                department="Ministry of Housing, Communities and Local Government",
                period_start=fy.year_start(year),
                period_end=fy.year_end(year),
                published=True,
                note=BENCH_BOARD_NOTE,
            )
        number = grant_year.deliverables.count()
        for key in list(measures.MEASURES)[number:]:  # the computed ones come first
            number += 1
            Deliverable.objects.create(
                grant_year=grant_year,
                number=number,
                title=f"Computed: {key}",
                programme="improvement",
                measure="Computed from tiex's own data",
                target="A number",
                target_value=100,
                owner="Benchmark",
                method=Method.COMPUTED,
                computed_measure=key,
            )
        begun = [q.number for q in rag.quarters(grant_year.period_start) if q.start <= today]
        while number < BOARD_DELIVERABLES * copies:
            number += 1
            deliverable = Deliverable.objects.create(
                grant_year=grant_year,
                number=number,
                title=f"Deliverable {number}",
                programme="productivity",
                measure="Reported by the owner",
                target="Done in the year",
                owner="Benchmark",
            )
            QuarterlyUpdate.objects.bulk_create(
                [
                    QuarterlyUpdate(deliverable=deliverable, quarter=q, status="amber", commentary="In progress.")
                    for q in begun
                ]
            )
        meetings = Meeting.objects.filter(venue="Benchmark").count()
        while meetings < 4 * copies:
            meetings += 1
            meeting = Meeting.objects.create(date=today - datetime.timedelta(days=30 * meetings), venue="Benchmark")
            for item_number in (1, 2, 3):
                item = AgendaItem.objects.create(meeting=meeting, number=item_number, title=f"Item {item_number}")
                Decision.objects.create(item=item, text="The Board noted the report.")
                Action.objects.create(item=item, text="Report back.", owner="Officers")


def board_placeholders() -> dict[str, str]:
    """{board_year} and {board_deliverable}: the benchmark's grant year and its first computed deliverable."""
    try:
        from tiex.board.models import Deliverable, Method
    except ImportError:
        return {"board_year": "2000", "board_deliverable": "0"}
    found = (
        Deliverable.objects.filter(method=Method.COMPUTED, grant_year__published=True)
        .select_related("grant_year")
        .order_by("-grant_year__year", "number")
        .first()
    )
    if found is None:
        return {"board_year": "2000", "board_deliverable": "0"}
    return {"board_year": str(found.grant_year.year), "board_deliverable": str(found.number)}


def peer_challenge_placeholder() -> str:
    """The reference of the latest public peer challenge with a published document, the fullest
    public page ("none" when there is none, so its targets answer 404)."""
    try:
        from tiex.peer_challenges.models import Challenge
    except ImportError:
        return "none"
    found = (
        Challenge.objects.filter(cancelled_at__isnull=True, documents__published_at__isnull=False)
        .order_by("-visit_end", "pk")
        .values_list("reference", flat=True)
        .first()
    )
    return found or "none"


def census_placeholder() -> str:
    """The year of the latest published councillors' census ("0": none, so its targets answer 404)."""
    try:
        from tiex.census.models import Census
    except ImportError:
        return "0"
    census = Census.objects.filter(state="published").order_by("-year").first()
    return str(census.year) if census is not None else "0"


def assessment_placeholders(participant: Any) -> dict[str, str]:
    """{framework}; {published} (a public demo result with an earlier round) and its council's
    {published_council} (GSS code); {answer} and {answer_theme}: the benchmark participant's page."""
    values = {
        "framework": FRAMEWORK,
        "published": "0",
        "published_council": "none",
        "answer": "0",
        "answer_theme": "none",
    }
    try:
        from tiex.assessments.models import Assessment
    except ImportError:  # no self-assessment in this version
        return values
    public = Assessment.objects.filter(
        status="published", visibility="public", version__framework__slug=FRAMEWORK, council__gss_code__isnull=False
    ).order_by("pk")
    earlier = public.filter(
        council__assessments__version__framework__slug=FRAMEWORK, council__assessments__created_at__lt=F("created_at")
    ).first()
    chosen = earlier or public.first()
    if chosen is not None:
        values.update(published=str(chosen.pk), published_council=chosen.council.gss_code or "none")
    if participant is not None:
        from tiex.assessments import selectors

        structure = selectors.version_structure(participant.assessment.version)
        values.update(answer=str(participant.assessment_id), answer_theme=structure.pages[0].section.code)
    return values


def bench_participant() -> Any:
    """The benchmark participant's seat in an open assessment (made the first time, through the services)."""
    try:
        from tiex.assessments import selectors, services
        from tiex.assessments.models import Assessment, Participant, Status
    except ImportError:
        return None
    from tiex.accounts.models import Membership, User
    from tiex.accounts.roles import Role

    seat = (
        Participant.objects.filter(user__email=BENCH_EMAIL, assessment__status=Status.OPEN)
        .select_related("assessment__version", "user")
        .order_by("pk")
        .first()
    )
    if seat is not None:
        return seat
    demo = Assessment.objects.filter(demo=True, version__framework__slug=FRAMEWORK).order_by("pk").first()
    if demo is None:
        return None
    with transaction.atomic():
        user = User.objects.filter(email=BENCH_EMAIL).first()
        if user is None:
            from tiex.accounts.services import user_create

            user = user_create(email=BENCH_EMAIL, password=None, full_name="Benchmark participant")
        Membership.objects.get_or_create(user=user, organisation=demo.organisation, defaults={"role": Role.MEMBER})
        assessment = services.assessment_start(
            actor=user,
            organisation=demo.organisation,
            version=demo.version,
            participants=[user],
            closing_date=datetime.date.today() + datetime.timedelta(days=3650),
            demo=True,
        )
        seat = Participant.objects.select_related("assessment__version").get(assessment=assessment, user=user)
        structure = selectors.version_structure(assessment.version)
        for number, statement in enumerate(structure.pages[0].statements):
            services.response_save(
                participant=seat,
                statement=statement,
                values=dict.fromkeys(structure.dimension_keys, 2 + number % 3),
                comment="Seen in the benchmark." if number % 2 else "",
            )
    return seat


@transaction.atomic
def scale(factor: int) -> None:
    """Add factor-1 copies of every council, with their control history, comparators and clusters."""
    originals = list(Council.objects.order_by("pk"))
    years = list(ControlYear.objects.all())
    links = list(ComparatorLink.objects.all())
    labels = list(ClusterLabel.objects.all())
    for number in range(2, factor + 1):
        clones = []
        for council in originals:
            clone = copy.copy(council)
            clone.pk = None
            clone.la_code = f"{council.la_code}Z{number}"  # letters and digits, as URLs expect
            clone.gss_code = None
            clone.name = f"{council.name} {number}"
            clone.search_names = f"{council.search_names} {number}"
            clone.county_id = clone.combined_authority_id = None
            clones.append(clone)
        created = Council.objects.bulk_create(clones, batch_size=500)
        twin = {council.pk: clone.pk for council, clone in zip(originals, created, strict=True)}
        ControlYear.objects.bulk_create(
            [copy_row(row, council_id=twin[row.council_id]) for row in years], batch_size=500
        )
        ComparatorLink.objects.bulk_create(
            [copy_row(row, council_id=twin[row.council_id], neighbour_id=twin[row.neighbour_id]) for row in links],
            batch_size=500,
        )
        ClusterLabel.objects.bulk_create(
            [copy_row(row, council_id=twin[row.council_id]) for row in labels], batch_size=500
        )
        scale_assessments(twin, number)
        scale_peer_challenges(twin, number)
        scale_finances(twin)
        scale_census(twin)
    counts = {"councils": Council.objects.count(), "control_years": ControlYear.objects.count()}
    counts.update(assessment_counts())
    counts.update(republish_census())
    counts.update(scale_resources(factor))
    counts.update(scale_partnerships(factor))
    counts.update(scale_development(factor))
    bench_board(factor)
    print(json.dumps(counts))


def scale_assessments(twin: dict[int, int], number: int) -> None:
    """Copy the self-assessments of the original councils to their copies: a council organisation
    for each copy, and the assessments with their participants' seats (the same people), answers
    and agreed answers, as written (published results keep their stored theme scores)."""
    try:
        from tiex.assessments.models import Assessment, ConsensusAnswer, Participant, Response
    except ImportError:
        return
    from tiex.accounts.models import Organisation

    originals = list(Assessment.objects.filter(council_id__in=twin).order_by("pk"))
    if not originals:
        return
    organisations = {org.council_id: org for org in Organisation.objects.filter(council_id__in=twin)}
    cloned = Organisation.objects.bulk_create(
        [
            copy_row(org, council_id=twin[council_id], name=f"{org.name} {number}", slug=f"{org.slug}-{number}")
            for council_id, org in organisations.items()
        ]
    )
    organisation_of = {org.council_id: org.pk for org in cloned}
    created = Assessment.objects.bulk_create(
        [
            copy_row(row, council_id=twin[row.council_id], organisation_id=organisation_of[twin[row.council_id]])
            for row in originals
        ],
        batch_size=500,
    )
    assessment_twin = {row.pk: clone.pk for row, clone in zip(originals, created, strict=True)}
    seats = list(Participant.objects.filter(assessment_id__in=assessment_twin).order_by("pk"))
    new_seats = Participant.objects.bulk_create(
        [copy_row(seat, assessment_id=assessment_twin[seat.assessment_id]) for seat in seats], batch_size=1000
    )
    seat_twin = {seat.pk: clone.pk for seat, clone in zip(seats, new_seats, strict=True)}
    Response.objects.bulk_create(
        (
            copy_row(row, participant_id=seat_twin[row.participant_id])
            for row in Response.objects.filter(participant_id__in=seat_twin).iterator(chunk_size=5000)
        ),
        batch_size=2000,
    )
    ConsensusAnswer.objects.bulk_create(
        (
            copy_row(row, assessment_id=assessment_twin[row.assessment_id])
            for row in ConsensusAnswer.objects.filter(assessment_id__in=assessment_twin).iterator(chunk_size=5000)
        ),
        batch_size=2000,
    )


def scale_peer_challenges(twin: dict[int, int], number: int) -> None:
    """Copy the original councils' peer challenges to their copies, with their stages and documents."""
    try:
        from tiex.peer_challenges.models import Challenge, Document, StageStep
    except ImportError:  # no peer challenges in this version
        return
    originals = list(Challenge.objects.filter(council_id__in=twin).order_by("pk"))
    created = Challenge.objects.bulk_create(
        [
            copy_row(row, council_id=twin[row.council_id], reference=f"{row.reference}-copy{number}"[:60])
            for row in originals
        ],
        batch_size=500,
    )
    same = {row.pk: clone.pk for row, clone in zip(originals, created, strict=True)}
    for model in (StageStep, Document):
        model.objects.bulk_create(
            (
                copy_row(row, challenge_id=same[row.challenge_id])
                for row in model.objects.filter(challenge_id__in=same).iterator(chunk_size=5000)
            ),
            batch_size=2000,
        )


def scale_finances(twin: dict[int, int]) -> None:
    """Copy the original councils' revenue outturn returns and indicator summaries to their copies."""
    try:
        from tiex.finance.models import FinanceSummary, RevenueOutturn
    except ImportError:  # no council finances in this version
        return
    for model in (RevenueOutturn, FinanceSummary):
        model.objects.bulk_create(
            (
                copy_row(row, council_id=twin[row.council_id])
                for row in model.objects.filter(council_id__in=twin).iterator(chunk_size=5000)
            ),
            batch_size=2000,
        )


def scale_census(twin: dict[int, int]) -> None:
    """Copy the original councils' census responses (and councillor counts, the population) to their copies."""
    try:
        from tiex.census.models import Response
    except ImportError:  # no census in this version
        return
    from tiex.councils.models import CouncillorCount

    for model in (Response, CouncillorCount):
        model.objects.bulk_create(
            (
                copy_row(row, council_id=twin[row.council_id], **({"id": uuid.uuid4()} if model is Response else {}))
                for row in model.objects.filter(council_id__in=twin).iterator(chunk_size=5000)
            ),
            batch_size=2000,
        )


def republish_census() -> dict[str, int]:
    """Recompute the published censuses' stored results over the larger data (as publishing would)."""
    try:
        from tiex.census import services
        from tiex.census.models import Census, Response
    except ImportError:
        return {}
    for census in Census.objects.filter(state="published"):
        census.results = services.results_compute(census)
        census.save(update_fields=["results"])
    return {"census_responses": Response.objects.count()}


def assessment_counts() -> dict[str, int]:
    try:
        from tiex.assessments.models import Assessment, ConsensusAnswer, Response
    except ImportError:
        return {}
    return {
        "assessments": Assessment.objects.count(),
        "published_assessments": Assessment.objects.filter(status="published").count(),
        "responses": Response.objects.count(),
        "agreed_answers": ConsensusAnswer.objects.count(),
    }


def scale_resources(factor: int) -> dict[str, int]:
    """Add factor-1 copies of every published Exchange resource (through the Exchange's bulk service)."""
    try:
        from tiex.library import services as library
        from tiex.library.models import ResourcePage
    except ImportError:  # no Exchange in this version
        return {}
    pages = list(
        ResourcePage.objects.live().prefetch_related("themes", "service_areas", "councils", "replicated_by", "outcomes")
    )
    items = []
    for number in range(2, factor + 1):
        for page in pages:
            snapshot = library.resource_snapshot(page)
            data = library.ResourceData(
                **{name: snapshot[name] for name in library.SIMPLE_FIELDS if name != "title"},
                title=f"{snapshot['title']} {number}",
                themes=tuple(snapshot["themes"]),
                service_areas=tuple(snapshot["service_areas"]),
                councils=tuple(snapshot["councils"]),
                replicated_by=tuple(snapshot["replicated_by"]),
                outcomes=tuple(library.OutcomeData(*outcome) for outcome in snapshot["outcomes"]),
            )
            items.append(library.BulkResource(data=data, source_dataset="bench-copy", source_key=f"{page.pk}-{number}"))
    library.resources_bulk_create(items=items)
    return {"resources": ResourcePage.objects.live().count()}


def scale_partnerships(factor: int) -> dict[str, int]:
    """Add factor-1 copies of every shared-services partnership, with its councils, categories and savings."""
    try:
        from tiex.partnerships.models import Partnership, PartnershipCouncil, Savings
    except ImportError:  # no Shared Services Map in this version
        return {}
    originals = list(Partnership.objects.order_by("pk"))
    memberships = list(PartnershipCouncil.objects.all())
    savings = list(Savings.objects.all())
    tagged = list(Partnership.categories.through.objects.all())
    for number in range(2, factor + 1):
        created = Partnership.objects.bulk_create(
            [copy_row(p, reference=f"{p.reference}-{number}", name=f"{p.name} {number}") for p in originals],
            batch_size=500,
        )
        twin = {p.pk: clone.pk for p, clone in zip(originals, created, strict=True)}
        PartnershipCouncil.objects.bulk_create(
            [copy_row(row, partnership_id=twin[row.partnership_id]) for row in memberships], batch_size=500
        )
        Savings.objects.bulk_create(
            [copy_row(row, partnership_id=twin[row.partnership_id]) for row in savings], batch_size=500
        )
        Partnership.categories.through.objects.bulk_create(
            [copy_row(row, partnership_id=twin[row.partnership_id]) for row in tagged], batch_size=500
        )
    return {"partnerships": Partnership.objects.count()}


def scale_development(factor: int) -> dict[str, int]:
    """Add factor-1 copies of every live development programme (through its service), each with copies of
    its cohorts and their places taken, so the navigator's result page reads ten times the catalogue."""
    try:
        from tiex.development.demo.scale import copy_catalogue
        from tiex.development.models import Cohort
    except ImportError:  # no councillor development in this version
        return {}
    programmes = copy_catalogue(factor)
    return {"programmes": programmes, "cohorts": Cohort.objects.count()}


def copy_row(row: Any, **changes: Any) -> Any:
    clone = copy.copy(row)
    clone.pk = None
    for name, value in changes.items():
        setattr(clone, name, value)
    return clone


def queries() -> None:
    participant = bench_participant()
    bench_board()
    values = placeholders(participant)
    anonymous, signed_in = Client(), Client()
    cookie = ""
    if participant is not None:
        signed_in.force_login(participant.user)  # a session in the database, as signing in makes
        cookie = f"{settings.SESSION_COOKIE_NAME}={signed_in.cookies[settings.SESSION_COOKIE_NAME].value}"
    results = {}
    for target in TARGETS:
        path = target.path.format(**values)
        client = signed_in if target.signed_in else anonymous
        try:
            client.get(path)  # warm caches (templates, the regions list ...), as a running site has them
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
        except Exception as exc:  # a broken page is a figure to report, not a reason to stop
            print(f"{target.name}: {path} raised {exc!r}", file=sys.stderr)
            results[target.name] = {"path": path, "status": 500, "queries": None}
            continue
        results[target.name] = {"path": path, "status": response.status_code, "queries": len(captured.captured_queries)}
    print(json.dumps({"placeholders": values, "cookie": cookie, "targets": results}))


if __name__ == "__main__":
    if sys.argv[1:2] == ["scale"]:
        scale(int(sys.argv[2]))
    elif sys.argv[1:2] == ["queries"]:
        queries()
    else:
        raise SystemExit(__doc__)
