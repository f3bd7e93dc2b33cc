"""Pure scoring: plain data in, plain data out (no ORM, no request).

* ``outcome_level``: an indicator-based outcome's level from the indicators ticked
  true, under the framework's assessment rules (the CAF's ``assessment-rules``).
* ``distribution``, ``spread``, ``consensus_prefill``: how a team's answers to one
  statement are spread, and the level the consensus form starts from.
* ``theme_summaries`` and ``statement_rows``: the results by theme and statement,
  with the gap between ambition and where the council is now.

Rules (see docs/assessments.md): a rule is ``(level, group, quantifier)``. ``all``
holds when the group has at least one indicator and every one of them is ticked;
``any`` holds when at least one indicator of the group is ticked. Rules are tried in
the order of their level number and the first that holds decides; when none holds the
outcome takes the last (lowest) level. For the CAF that reads: achieved if every
"achieved" indicator is true; otherwise partially achieved if the outcome has
"partially achieved" indicators and all are true; otherwise not achieved.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

ALL = "all"
ANY = "any"
QUANTIFIERS = (ALL, ANY)


@dataclass(frozen=True)
class Rule:
    level: int  # 1 is tried first
    group: str
    quantifier: str


def rule_holds(rule: Rule, groups: Mapping[str, Iterable[str]], ticked: set[str]) -> bool:
    members = set(groups.get(rule.group, ()))
    if rule.quantifier == ALL:
        return bool(members) and members <= ticked
    return bool(members & ticked)


def outcome_level(rules: Sequence[Rule], groups: Mapping[str, Iterable[str]], ticked: Iterable[str]) -> int:
    """The level number (1 = first rule) the ticked indicators give an outcome."""
    if not rules:
        raise ValueError("An indicator outcome needs at least one assessment rule.")
    ordered = sorted(rules, key=lambda rule: rule.level)
    chosen = set(ticked)
    for rule in ordered:
        if rule_holds(rule, groups, chosen):
            return rule.level
    return ordered[-1].level


def level_value(level: int, rules: Sequence[Rule]) -> int:
    """Rule levels count down (1 = best); scale values count up (1 = least far along)."""
    return len(rules) + 1 - level


def distribution(values: Iterable[int], scale: Sequence[int]) -> dict[int, int]:
    """How many answers gave each level of the scale (every level listed, zeros included)."""
    counts = Counter(values)
    return {value: counts.get(value, 0) for value in scale}


def spread(values: Sequence[int]) -> float:
    """How divided the answers are: the population standard deviation (0 when all agree)."""
    if len(values) < 2:
        return 0.0
    return round(statistics.pstdev(values), 3)


def consensus_prefill(values: Sequence[int]) -> int | None:
    """The team's median answer; with an even count, the lower of the middle two (the cautious choice)."""
    if not values:
        return None
    return int(statistics.median_low(values))


@dataclass(frozen=True)
class StatementRow:
    section: str
    code: str
    text: str
    values: dict[str, int | None]
    gap: int | None


@dataclass(frozen=True)
class ThemeSummary:
    section: str
    title: str
    statements: int
    answered: int
    means: dict[str, float | None]
    gap: float | None


def gap(values: Mapping[str, int | None], *, now: str = "current", ambition: str = "ambition") -> int | None:
    """Ambition minus where the council is now, when both are given."""
    current, target = values.get(now), values.get(ambition)
    if current is None or target is None:
        return None
    return target - current


def statement_rows(
    statements: Sequence[tuple[str, str, str]], answers: Mapping[str, Mapping[str, int]], dimensions: Sequence[str]
) -> list[StatementRow]:
    """One row per (section code, statement code, text), with its values per dimension and the gap."""
    rows = []
    for section, code, text in statements:
        given = answers.get(code, {})
        values: dict[str, int | None] = {key: given.get(key) for key in dimensions}
        rows.append(StatementRow(section, code, text, values, gap(values)))
    return rows


def theme_summaries(
    rows: Sequence[StatementRow], sections: Sequence[tuple[str, str]], dimensions: Sequence[str]
) -> list[ThemeSummary]:
    """Per section (code, title): the mean of each dimension over its answered statements, and the mean gap."""
    summaries = []
    for code, title in sections:
        mine = [row for row in rows if row.section == code]
        if not mine:
            continue
        means: dict[str, float | None] = {}
        for key in dimensions:
            given = [row.values[key] for row in mine if row.values.get(key) is not None]
            means[key] = round(statistics.fmean(given), 2) if given else None  # type: ignore[arg-type]
        gaps = [row.gap for row in mine if row.gap is not None]
        summaries.append(
            ThemeSummary(
                section=code,
                title=title,
                statements=len(mine),
                answered=sum(1 for row in mine if any(v is not None for v in row.values.values())),
                means=means,
                gap=round(statistics.fmean(gaps), 2) if gaps else None,
            )
        )
    return summaries


def theme_scores(answers: Iterable[tuple[str, Mapping[str, int]]], dimension: str) -> dict[str, float]:
    """Per theme: the mean of the agreed values on ``dimension`` over its answered statements.

    ``answers`` are (theme code, agreed values) pairs, one per statement; a theme with no value
    on the dimension is left out. This is the one figure per theme a council contributes to a
    comparison with similar councils (stored with the published result, ``Assessment.theme_scores``).
    """
    given: dict[str, list[int]] = {}
    for code, values in answers:
        value = values.get(dimension)
        if value is not None:
            given.setdefault(code, []).append(int(value))
    return {code: sum(numbers) / len(numbers) for code, numbers in given.items()}


def strengths_and_gaps(rows: Sequence[StatementRow], dimension: str, *, limit: int = 5) -> tuple[list, list]:
    """(strengths: highest value first; areas for improvement: largest gap first, else lowest value)."""
    answered = [row for row in rows if row.values.get(dimension) is not None]
    strengths = sorted(answered, key=lambda row: (-(row.values[dimension] or 0), row.code))[:limit]
    improve = sorted(
        answered,
        key=lambda row: (-(row.gap if row.gap is not None else 0), row.values[dimension] or 0, row.code),
    )[:limit]
    return strengths, improve


MIN_COUNCILS = 5  # a figure drawn from fewer councils is suppressed


@dataclass(frozen=True)
class Distribution:
    n: int
    median: float | None
    lower_quartile: float | None
    upper_quartile: float | None
    suppressed: bool
    reason: str


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """(lower quartile, median, upper quartile), inclusive method (the values' own range)."""
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return round(q1, 2), round(q2, 2), round(q3, 2)


def suppression_reason(
    councils: int, *, minimum: int = MIN_COUNCILS, about: str = "in the group have shared a result"
) -> str:
    """Why a public figure drawn from ``councils`` councils is not shown; "" when it may be shown.

    The one suppression rule for every public figure (comparisons, take-up counts): fewer
    than ``minimum`` councils and the figure is withheld, with this reason in its place.
    """
    if councils >= minimum:
        return ""
    return f"Fewer than {minimum} councils {about}, so no figure is shown."


def group_distribution(values: Sequence[float], *, minimum: int = MIN_COUNCILS) -> Distribution:
    """Median and quartiles of the councils' values, or suppressed (with the reason) below ``minimum``."""
    reason = suppression_reason(len(values), minimum=minimum)
    if reason:
        return Distribution(len(values), None, None, None, True, reason)
    q1, median, q3 = quartiles(sorted(values))
    return Distribution(len(values), median, q1, q3, False, "")


def theme_distributions(
    scores: Iterable[Mapping[str, float]], themes: Sequence[str], *, minimum: int = MIN_COUNCILS
) -> dict[str, Distribution]:
    """Per theme code: the distribution of the councils' scores (one mapping of theme scores a council)."""
    given: dict[str, list[float]] = {code: [] for code in themes}
    for council in scores:
        for code, value in council.items():
            if code in given and value is not None:
                given[code].append(float(value))
    return {code: group_distribution(values, minimum=minimum) for code, values in given.items()}


@dataclass(frozen=True)
class PublicCount:
    """A count of councils for a public page: the number, or (below the minimum) nothing and the reason."""

    value: int | None
    reason: str

    @property
    def suppressed(self) -> bool:
        return self.value is None


def public_count(councils: int, *, about: str, minimum: int = MIN_COUNCILS) -> PublicCount:
    """``councils`` as a public figure, suppressed under the same rule as every other (``suppression_reason``)."""
    reason = suppression_reason(councils, minimum=minimum, about=about)
    return PublicCount(None if reason else councils, reason)


STRONG_SHARE = 0.75  # a theme is a strength from three quarters of the way up the scale


def is_strong(mean: float | None, levels: Sequence[int]) -> bool:
    """Whether a council's average level on a theme counts as strong: at least STRONG_SHARE of the way
    from the scale's lowest level to its highest (4 of 1-5; 3.25 of 1-4; 2.5 of the CAF's 1-3)."""
    if mean is None or not levels:
        return False
    low, high = min(levels), max(levels)
    return high > low and mean >= low + STRONG_SHARE * (high - low)
