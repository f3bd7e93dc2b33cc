"""factory_boy factories for councils and their related records."""

from __future__ import annotations

import factory

from tiex.councils.models import (
    ClimateEmergencyDeclaration,
    ClusterLabel,
    ComparatorKind,
    ComparatorLink,
    Control,
    ControlYear,
    Council,
    CouncilCode,
    CouncilType,
    Nation,
    NetZeroCommitment,
    Powers,
)


def _search_names(council: Council) -> str:
    names = [council.name, council.official_name, *council.alt_names.splitlines()]
    return "\n".join(dict.fromkeys(name.strip().lower() for name in names if name.strip()))


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    la_code = factory.Sequence(lambda n: f"X{n:04d}")
    gss_code = factory.Sequence(lambda n: f"E07{n:06d}")
    name = factory.Sequence(lambda n: f"Council {n:04d}")
    official_name = factory.LazyAttribute(lambda o: f"{o.name} District Council")
    alt_names = ""
    search_names = factory.LazyAttribute(_search_names)
    type = CouncilType.NON_METROPOLITAN_DISTRICT
    powers = Powers.LOWER_TIER
    region = "South East"
    nation = Nation.ENGLAND
    is_current = True
    control = ""
    control_year = None

    class Params:
        county_council = factory.Trait(
            type=CouncilType.COUNTY,
            powers=Powers.UPPER_TIER,
            gss_code=factory.Sequence(lambda n: f"E10{n:06d}"),
            official_name=factory.LazyAttribute(lambda o: f"{o.name} County Council"),
        )
        unitary = factory.Trait(
            type=CouncilType.UNITARY,
            powers=Powers.UNITARY,
            gss_code=factory.Sequence(lambda n: f"E06{n:06d}"),
            official_name=factory.LazyAttribute(lambda o: f"{o.name} Council"),
        )
        combined = factory.Trait(
            type=CouncilType.COMBINED_AUTHORITY,
            powers=Powers.COMBINED,
            gss_code=factory.Sequence(lambda n: f"E47{n:06d}"),
            official_name=factory.LazyAttribute(lambda o: f"{o.name} Combined Authority"),
        )
        former = factory.Trait(is_current=False)


class CouncilCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilCode

    council = factory.SubFactory(CouncilFactory)
    code = factory.Sequence(lambda n: f"E99{n:06d}")
    is_current = False


class ControlYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ControlYear

    council = factory.SubFactory(CouncilFactory)
    year = 2025
    seats = factory.LazyFunction(lambda: {"con": 30, "lab": 12, "ld": 8})
    total_seats = factory.LazyAttribute(lambda o: sum(o.seats.values()))
    control = Control.CONSERVATIVE
    control_changed = False
    majority_label = ""


class ComparatorLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComparatorLink

    kind = ComparatorKind.DFE_STATISTICAL_NEIGHBOURS
    council = factory.SubFactory(CouncilFactory)
    neighbour = factory.SubFactory(CouncilFactory)
    rank = factory.Sequence(lambda n: n % 10 + 1)
    note = ""


class ClusterLabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClusterLabel

    kind = ComparatorKind.SIMILARITY_DEPRIVATION
    council = factory.SubFactory(CouncilFactory)
    label = "Quintile 3"
    description = ""


def square(lon: float = 0.5, lat: float = 51.2, size: float = 0.4) -> dict:
    """A GeoJSON Polygon: a square with its south-west corner at (lon, lat)."""
    return {
        "type": "Polygon",
        "coordinates": [
            [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]],
        ],
    }


def kent_like(**overrides: object) -> Council:
    """A county with ten years of control history ending in Reform UK taking control in 2025."""
    kent = CouncilFactory(
        county_council=True,
        name="Kent",
        official_name="Kent County Council",
        la_code="KEN",
        gss_code="E10000016",
        region="South East",
        population_2020=1_589_100,
        area_km2=3544.1,
        ocd_id=123,
        boundary=square(),
        boundary_year=2025,
        control=Control.REFORM,
        control_year=2025,
        **overrides,
    )
    for year in range(2016, 2025):
        ControlYearFactory(
            council=kent,
            year=year,
            seats={"con": 67, "lab": 13, "ld": 7, "green": 1, "other": 3},
            control=Control.CONSERVATIVE,
            control_changed=None if year == 2016 else False,
        )
    ControlYearFactory(
        council=kent,
        year=2025,
        seats={"ref": 57, "con": 5, "ld": 12, "green": 5, "lab": 2, "other": 0},
        control=Control.REFORM,
        control_changed=True,
        majority_label="REF",
    )
    return kent


class NetZeroCommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetZeroCommitment

    council = factory.SubFactory(CouncilFactory)
    scope = "Whole area"
    target_year = 2030
    wording = "We will make the area net zero by 2030."
    source_url = "https://example.org/net-zero"
    source_name = "Climate strategy"


class ClimateEmergencyDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClimateEmergencyDeclaration

    council = factory.SubFactory(CouncilFactory)
    made_declaration = True
    declaration_text = "Y"
    date_made = factory.Faker("date_between", start_date="-7y", end_date="-5y")
    motion_url = "https://example.org/motion"
    council_target_year = 2030
