"""The browser tests' "peer-challenges-coverage" seed (see tiex/peer_challenges/a11y_routes_coverage.py):
four councils with boundaries and control history, corporate and finance challenges with feedback."""

from __future__ import annotations

from datetime import date


def seed_coverage() -> None:
    from tiex.councils.models import Control, CouncilType
    from tiex.councils.tests.factories import ControlYearFactory, CouncilFactory, square
    from tiex.peer_challenges.models import Stage
    from tiex.peer_challenges.tests.factories import ChallengeFactory, FeedbackFactory, finance_kind

    places = [
        # name, gss, type, region, control, changed in, corporate challenge visit (or None)
        ("Coverham", "E07009501", CouncilType.NON_METROPOLITAN_DISTRICT, "South East", Control.LABOUR, 2024, None),
        (
            "Peerbury",
            "E07009502",
            CouncilType.NON_METROPOLITAN_DISTRICT,
            "South East",
            Control.CONSERVATIVE,
            None,
            date(2019, 6, 3),
        ),
        (
            "Mapwich",
            "E06009503",
            CouncilType.UNITARY,
            "East of England",
            Control.NO_OVERALL_CONTROL,
            2023,
            date(2010, 10, 4),
        ),
        (
            "Tablehampton",
            "E09009504",
            CouncilType.LONDON_BOROUGH,
            "London",
            Control.LIBERAL_DEMOCRATS,
            2022,
            date(2022, 2, 7),
        ),
    ]
    for index, (name, gss, kind, region, control, changed, visit) in enumerate(places):
        council = CouncilFactory(
            name=name,
            gss_code=gss,
            type=kind,
            region=region,
            control=control,
            control_year=2025,
            boundary=square(lon=-1.0 + 0.5 * index, lat=52.0),
            latitude=52.2,
            longitude=-0.8 + 0.5 * index,
        )
        ControlYearFactory(council=council, year=2025, control=control, control_changed=changed == 2025)
        if changed and changed != 2025:
            ControlYearFactory(council=council, year=changed, control=control, control_changed=True)
        if visit is not None:
            challenge = ChallengeFactory(
                council=council,
                stage=Stage.REPORT_PUBLISHED,
                visit_start=visit,
                visit_end=date(visit.year, visit.month, visit.day + 3),
                reference=f"cpc-{visit.year}-{gss.lower()}",
            )
            FeedbackFactory(challenge=challenge, positive_impact=True, satisfied=index % 2 == 0)
    ChallengeFactory(
        council=CouncilFactory(name="Financeford", gss_code="E07009505", region="South East"),
        kind=finance_kind(),
        stage=Stage.ACTION_PLAN,
        visit_start=date(2021, 1, 11),
        visit_end=date(2021, 1, 14),
    )
