"""A census's results from its responses and the population: the snapshot stored when it is published.

Pure (plain dicts in, a JSON-ready dict out). ``compute`` weights the responses (weighting.rake on
council type, gender and party), then for every question gives the weighted estimate overall and
by council type and by region, each with its 95% margin of error; groups and estimates resting on
fewer than ten responses are suppressed (``"suppressed": true``, no figures). The shape is
documented in docs/census.md and served as it is by the API.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tiex.census import weighting
from tiex.census.weighting import MIN_BASE, Estimate


@dataclass(frozen=True)
class PopulationCell:
    council_type: str
    region: str
    gender: str
    party: str
    count: int


@dataclass(frozen=True)
class Respondent:
    council_type: str
    region: str
    answers: Mapping[str, Any]


def _answered(question: Mapping[str, Any], answer: Any) -> bool:
    if question["kind"] == "multiple":
        return isinstance(answer, list) and bool(answer)
    return answer is not None and answer != ""


def _estimate(e: Estimate, digits: int) -> dict[str, Any]:
    if e.suppressed:
        return {"base": e.base, "value": None, "moe": None, "suppressed": True}
    assert e.value is not None and e.moe is not None
    return {"base": e.base, "value": round(e.value, digits), "moe": round(e.moe, digits), "suppressed": False}


def _question_figures(
    question: Mapping[str, Any], rows: Sequence[tuple[float, Any]], population: float
) -> dict[str, Any]:
    """The estimates for one question over (weight, answer) pairs of those who answered it."""
    weights = [w for w, _ in rows]
    if question["kind"] == "number":
        return _estimate(weighting.mean(weights, [float(a) for _, a in rows], population=population), 2)
    options = []
    for value, label in question["options"]:
        if question["kind"] == "multiple":
            chosen = [value in answer for _, answer in rows]
        else:
            chosen = [answer == value for _, answer in rows]
        estimate = weighting.proportion(weights, chosen, population=population)
        options.append({"value": value, "label": label, **_estimate(estimate, 4)})
    base = len(rows)
    return {"base": base, "suppressed": base < MIN_BASE, "options": options}


def _headline(question: Mapping[str, Any], rows: Sequence[tuple[float, Any]], population: float) -> dict[str, Any]:
    spec = question["headline"]
    weights = [w for w, _ in rows]
    if question["kind"] == "number":
        figures = _estimate(weighting.mean(weights, [float(a) for _, a in rows], population=population), 2)
        unit = question.get("unit") or "number"
    else:
        wanted = set(spec.get("options", []))
        chosen = [bool(wanted & (set(a) if isinstance(a, list) else {a})) for _, a in rows]
        figures = _estimate(weighting.proportion(weights, chosen, population=population), 4)
        unit = "percent"
    return {"measure": spec["measure"], "label": spec["label"], "unit": unit, "question": question["key"], **figures}


def margins_of(population: Sequence[PopulationCell], party_values: set[str]) -> dict[str, dict[str, float]]:
    """The population's margins by council type, gender and party (parties the questionnaire does not
    offer are counted as "other")."""
    margins: dict[str, dict[str, float]] = {"type": defaultdict(float), "gender": defaultdict(float)}
    party: dict[str, float] = defaultdict(float)
    for cell in population:
        margins["type"][cell.council_type] += cell.count
        margins["gender"][cell.gender] += cell.count
        party[cell.party if cell.party in party_values else "other"] += cell.count
    margins["party"] = party
    return {dimension: dict(margin) for dimension, margin in margins.items()}


def compute(
    *,
    questions: Sequence[Mapping[str, Any]],
    respondents: Sequence[Respondent],
    population: Sequence[PopulationCell],
    type_label: Callable[[str], str] = str,
) -> dict[str, Any]:
    weighting_keys = {q["weighting"]: q["key"] for q in questions if q.get("weighting")}
    party_values = {value for q in questions if q.get("weighting") == "party" for value, _ in q["options"]}
    margins = margins_of(population, party_values)
    people = [
        {
            "type": r.council_type,
            "gender": r.answers.get(weighting_keys.get("gender", ""), None),
            "party": r.answers.get(weighting_keys.get("party", ""), None),
        }
        for r in respondents
    ]
    weighted = weighting.rake(people, margins)
    weights = weighted.weights
    total = float(sum(cell.count for cell in population))
    n = len(respondents)

    groups: dict[str, dict[str, list[int]]] = {"type": defaultdict(list), "region": defaultdict(list)}
    for index, respondent in enumerate(respondents):
        groups["type"][respondent.council_type].append(index)
        groups["region"][respondent.region or "Unknown"].append(index)
    group_population: dict[str, dict[str, float]] = {"type": defaultdict(float), "region": defaultdict(float)}
    for cell in population:
        group_population["type"][cell.council_type] += cell.count
        group_population["region"][cell.region or "Unknown"] += cell.count

    def rows_for(question: Mapping[str, Any], members: Sequence[int]) -> list[tuple[float, Any]]:
        key = question["key"]
        return [
            (weights[i], respondents[i].answers.get(key))
            for i in members
            if _answered(question, respondents[i].answers.get(key))
        ]

    everyone = list(range(n))
    breakdowns: dict[str, list[dict[str, Any]]] = {}
    for kind in ("type", "region"):
        entries = []
        for code in sorted(group_population[kind]):
            members = groups[kind].get(code, [])
            count = len(members)
            suppressed = count < MIN_BASE
            entries.append(
                {
                    "code": code,
                    "label": type_label(code) if kind == "type" else code,
                    "population": int(group_population[kind][code]),
                    "responses": None if suppressed else count,
                    "response_rate": None if suppressed else round(count / group_population[kind][code], 4),
                    "suppressed": suppressed,
                    "headlines": {}
                    if suppressed
                    else {
                        q["headline"]["measure"]: _headline(q, rows_for(q, members), group_population[kind][code])
                        for q in questions
                        if q.get("headline")
                    },
                    "questions": {}
                    if suppressed
                    else {
                        q["key"]: _question_figures(q, rows_for(q, members), group_population[kind][code])
                        for q in questions
                    },
                }
            )
        breakdowns[kind] = entries

    return {
        "population": int(total),
        "responses": n,
        "response_rate": round(n / total, 4) if total else None,
        "min_base": MIN_BASE,
        "weighting": {
            "method": "raking on council type, gender and party",
            "iterations": weighted.iterations,
            "converged": weighted.converged,
            "dropped": weighted.dropped,
            "effective_n": round(weighting.effective_n(weights), 1),
            "design_effect": round(weighting.design_effect(weights), 3),
        },
        "headlines": [_headline(q, rows_for(q, everyone), total) for q in questions if q.get("headline")],
        "questions": [
            {
                "key": q["key"],
                "text": q["text"],
                "kind": q["kind"],
                "unit": q.get("unit", ""),
                "overall": _question_figures(q, rows_for(q, everyone), total),
            }
            for q in questions
        ],
        "by_type": breakdowns["type"],
        "by_region": breakdowns["region"],
    }
