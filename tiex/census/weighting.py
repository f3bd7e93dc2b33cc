"""Weighting census responses to the known population of councillors, and estimates with margins of error.

Pure: plain data in, plain data out (no ORM, no request). The choice of method is recorded in
docs/decisions/0010-census-weighting-by-raking.md; in short:

* **Raking** (iterative proportional fitting) on the margins council type, gender and party.
  Every respondent starts at N/n; each pass scales the weights so that, dimension by dimension,
  the weighted count in each category equals the population's. Raking needs only the margins, so
  it works when the full cross (type x gender x party, some 60 cells) has empty or tiny cells, as it
  always does at a 25% response rate. With one dimension it is exactly cell weighting
  (post-stratification): each cell's weight is its population over its responses.
* A respondent who did not give a dimension (``None``, "prefer not to say", or a value the
  population does not have) keeps their share of the total in that dimension; the known categories
  share the rest in the population's proportions. Weights always sum to the population N.
* A population category with no respondent at all cannot be represented: it is dropped from that
  margin and the other categories gross up to the whole (``Weighted.dropped`` names them).

Estimates use Kish's effective sample size, n_eff = (sum w)^2 / sum w^2 (design effect n / n_eff),
and a finite population correction sqrt((N - n) / (N - 1)), since a census reaches a large share of
a known, finite population. Margins are 95% (z = 1.96). An estimate resting on fewer than
``MIN_BASE`` (10) responses is suppressed: its value and margin are None and ``suppressed`` True.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

Z95 = 1.96
MIN_BASE = 10

Respondent = Mapping[str, str | None]


@dataclass(frozen=True)
class Weighted:
    weights: list[float]
    iterations: int
    converged: bool
    dropped: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Estimate:
    base: int  # responses the estimate rests on (unweighted)
    value: float | None  # a proportion (0-1) or a mean; None when suppressed
    moe: float | None  # the 95% margin of error, in the same unit
    suppressed: bool


def rake(
    respondents: Sequence[Respondent],
    margins: Mapping[str, Mapping[str, float]],
    *,
    max_iterations: int = 100,
    tolerance: float = 1e-9,
) -> Weighted:
    """Weights for ``respondents`` (dimension -> category) matching the population ``margins``.

    ``margins`` is {dimension: {category: population count}}; every margin should sum to the same
    population N (the first margin's total is used).
    """
    n = len(respondents)
    if n == 0 or not margins:
        return Weighted([], 0, True)
    population = float(sum(next(iter(margins.values())).values()))
    weights = [population / n] * n
    effective: dict[str, dict[str, float]] = {}
    dropped: dict[str, list[str]] = {}
    for dimension, margin in margins.items():
        seen = {respondent.get(dimension) for respondent in respondents}
        effective[dimension] = {c: float(v) for c, v in margin.items() if c in seen and v > 0}
        missing = sorted(c for c, v in margin.items() if v > 0 and c not in effective[dimension])
        if missing:
            dropped[dimension] = missing
    iterations = 0
    converged = False
    while iterations < max_iterations and not converged:
        iterations += 1
        largest_change = 0.0
        for dimension, margin in effective.items():
            if not margin:
                continue
            sums: dict[str | None, float] = defaultdict(float)
            for weight, respondent in zip(weights, respondents, strict=True):
                sums[respondent.get(dimension)] += weight
            unknown = sum(total for category, total in sums.items() if category not in margin)
            share_of = (population - unknown) / sum(margin.values())
            factors = {category: margin[category] * share_of / sums[category] for category in margin}
            weights = [
                weight * factors.get(respondent.get(dimension) or "", 1.0)
                for weight, respondent in zip(weights, respondents, strict=True)
            ]
            largest_change = max(largest_change, *(abs(factor - 1.0) for factor in factors.values()))
        converged = largest_change < tolerance
    return Weighted(weights, iterations, converged, dropped)


def effective_n(weights: Sequence[float]) -> float:
    """Kish's effective sample size: (sum w)^2 / sum w^2."""
    squares = sum(w * w for w in weights)
    return (sum(weights) ** 2) / squares if squares else 0.0


def design_effect(weights: Sequence[float]) -> float:
    """Kish's design effect of unequal weights: n / n_eff (1 when every weight is equal)."""
    n_eff = effective_n(weights)
    return len(weights) / n_eff if n_eff else 1.0


def finite_population_correction(n: int, population: float) -> float:
    if population <= 1 or n >= population:
        return 0.0 if n >= population > 0 else 1.0
    return math.sqrt((population - n) / (population - 1))


def proportion(
    weights: Sequence[float], chosen: Sequence[bool], *, population: float, min_base: int = MIN_BASE
) -> Estimate:
    """The weighted share of respondents for whom ``chosen`` is true, with its 95% margin."""
    base = len(weights)
    if base < min_base:
        return Estimate(base, None, None, True)
    total = sum(weights)
    share = sum(w for w, yes in zip(weights, chosen, strict=True) if yes) / total
    n_eff = effective_n(weights)
    moe = Z95 * math.sqrt(share * (1 - share) / n_eff) * finite_population_correction(base, population)
    return Estimate(base, share, moe, False)


def mean(weights: Sequence[float], values: Sequence[float], *, population: float, min_base: int = MIN_BASE) -> Estimate:
    """The weighted mean of ``values``, with its 95% margin (weighted variance, n / (n - 1) corrected)."""
    base = len(weights)
    if base < min_base:
        return Estimate(base, None, None, True)
    total = sum(weights)
    average = sum(w * y for w, y in zip(weights, values, strict=True)) / total
    variance = sum(w * (y - average) ** 2 for w, y in zip(weights, values, strict=True)) / total
    variance *= base / (base - 1)
    n_eff = effective_n(weights)
    moe = Z95 * math.sqrt(variance / n_eff) * finite_population_correction(base, population)
    return Estimate(base, average, moe, False)
