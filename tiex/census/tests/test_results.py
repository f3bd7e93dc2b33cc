"""Results from responses: grossing up, breakdowns, and suppression of groups under ten responses."""

from __future__ import annotations

import pytest

from tiex.census.results import PopulationCell, Respondent, compute

QUESTIONS = [
    {
        "key": "gender",
        "text": "Gender",
        "kind": "single",
        "weighting": "gender",
        "unit": "",
        "options": [["female", "Woman"], ["male", "Man"]],
        "headline": {"measure": "women", "label": "Women", "options": ["female"]},
    },
    {
        "key": "party",
        "text": "Party",
        "kind": "single",
        "weighting": "party",
        "unit": "",
        "options": [["con", "Con"], ["lab", "Lab"], ["other", "Other"]],
        "headline": {},
    },
    {
        "key": "hours",
        "text": "Hours",
        "kind": "number",
        "unit": "hours",
        "options": [],
        "weighting": "",
        "headline": {"measure": "hours-per-week", "label": "Hours"},
    },
]


def _people(council_type: str, region: str, gender: str, count: int, hours: int) -> list[Respondent]:
    return [Respondent(council_type, region, {"gender": gender, "party": "con", "hours": hours})] * count


def test_results_gross_up_and_suppress_small_groups() -> None:
    population = [
        PopulationCell("CTY", "South East", "female", "con", 40),
        PopulationCell("CTY", "South East", "male", "con", 60),
        PopulationCell("NMD", "North West", "male", "ukip", 10),  # ukip is not offered: counted as "other"
    ]
    respondents = _people("CTY", "South East", "female", 10, 20) + _people("CTY", "South East", "male", 10, 30)
    respondents += _people("NMD", "North West", "male", 3, 40)
    found = compute(questions=QUESTIONS, respondents=respondents, population=population)

    assert found["population"] == 110 and found["responses"] == 23
    assert found["response_rate"] == pytest.approx(23 / 110, abs=0.0001)
    assert found["weighting"]["dropped"] == {"party": ["other"]}  # nobody answered "other"
    women = found["headlines"][0]
    # The gender margin makes women 40 of 110 (the raking matches it exactly).
    assert women["value"] == pytest.approx(40 / 110, abs=0.0001)
    by_type = {group["code"]: group for group in found["by_type"]}
    assert by_type["CTY"]["responses"] == 20 and not by_type["CTY"]["suppressed"]
    assert by_type["NMD"] == {
        "code": "NMD",
        "label": "NMD",
        "population": 10,
        "responses": None,
        "response_rate": None,
        "suppressed": True,
        "headlines": {},
        "questions": {},
    }
    by_region = {group["code"]: group for group in found["by_region"]}
    assert by_region["North West"]["suppressed"]
    hours = by_type["CTY"]["headlines"]["hours-per-week"]
    assert hours["value"] == pytest.approx(26.0, abs=0.01) and hours["moe"] > 0  # 40:60 of 20 and 30 hours
