"""What a council climate plan is, read from the register's row (pure functions, and the mapping held as data)."""

from __future__ import annotations

import datetime

import pytest

from tiex.library import climate_plans
from tiex.library.climate_plans import Period, plan_period
from tiex.library.taxonomy import load_taxonomy


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2020-2030", Period(2020, 2030)),
        ("Climate Change Plan 2021-2025", Period(2021, 2025)),
        ("Carbon Reduction Delivery Strategy 2020\u20132030", Period(2020, 2030)),
        ("Decarbonisation Plan, 2020 to 2030", Period(2020, 2030)),
        ("CN2030 Annual Report 2023-24", Period(2023, 2024)),
        ("Environmental Management System Report 2022/23", Period(2022, 2023)),
        ("Carbon Management Plan 2015/16 to 2020/21", Period(2015, 2021)),
        ("Route map 2030 and beyond", None),  # a target year is not a period
        ("Breckland 2035: Our roadmap to becoming net zero by 2035", None),
        ("Report to cabinet, 2023-09-18", None),  # a date, not a period
        ("", None),
    ],
)
def test_a_plans_period_is_read_from_its_time_period_or_title(text: str, period: Period | None) -> None:
    assert plan_period(text) == period


def test_the_registers_other_dates_are_read_in_each_form_it_uses() -> None:
    for value in ("2023-01-24", "24/01/2023", "24/1/23", "2023/01/24", "24 January 2023", "24 Jan 2023"):
        assert climate_plans.parse_loose_date(value) == datetime.date(2023, 1, 24), value
    assert climate_plans.parse_loose_date("h 13") is None


def test_themes_come_from_the_type_and_scope_through_the_mapping() -> None:
    assert climate_plans.describe("Action Plan", "").themes == ("capacity-to-deliver",)
    progress = climate_plans.describe("Progress Report", "Whole area")
    assert progress.label == "Progress report"
    assert progress.themes == ("data-and-intelligence", "organisational-leadership", "leadership-of-place")
    unknown = climate_plans.describe("Heat network plan", "")
    assert (unknown.label, unknown.themes, unknown.known_type) == ("Heat network plan", (), False)


def test_the_mapping_names_only_themes_and_service_areas_that_exist() -> None:
    themes, areas = load_taxonomy()
    mapping = climate_plans.mapping()
    named = {slug for group in ("types", "scopes") for entry in mapping[group].values() for slug in entry["themes"]}
    assert named <= {theme.slug for theme in themes}
    assert set(climate_plans.service_areas()) <= {area.slug for area in areas}
    assert "leadership-of-place" not in mapping["types"]["action plan"]["themes"]  # no blanket tag
