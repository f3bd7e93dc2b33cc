"""A demo partnership as planned, before it is written (plain data)."""

from __future__ import annotations

from dataclasses import dataclass, field

LAST_DATA_YEAR = 2018  # the 2019 edition: financial year 2018/19


@dataclass
class Plan:
    reference: str
    name: str
    description: str
    kind: str
    start_year: int
    end_year: int | None
    councils: list[int]
    categories: list[int]
    weight: float
    partners: list[tuple[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    benefits: str = ""
    has_savings: bool = True
    history: bool = False
    reason: str = ""
    savings: dict[int | None, int] = field(default_factory=dict)
    basis: dict[int | None, tuple[str, str]] = field(default_factory=dict)

    def counted(self, year: int) -> bool:
        return self.start_year <= year and (self.end_year is None or self.end_year > year)
