"""Uptake of the development programmes: counting and small-count suppression (pure).

Plain functions over plain data, no ORM and no request: selectors_uptake.py reads the
bookings and the councillor counts, the views render what these return.

**Counting.** Each booking is one ``Fact``: its programme, its council's region and type,
the councillor's party, the booking's status and whether it was completed. A booking counts
as *booked* when its status is one of ``counted_statuses`` (the selector passes the statuses
that hold a place: requested, awaiting nomination, confirmed; cancelled bookings and the
waiting list are not uptake); a *completion* is a completed booking, whatever its status.
Tables are one-way: by programme, by region, by council type, by party, each with the same
total. Rates are per 1,000 councillors of the region, council type or party, from
mySociety's count (tiex.councils.councillors); programmes have no denominator.

**Suppression (public tables only).** Staff see exact figures; anything public goes through
``suppress``, which applies this rule to each column (bookings, completions) of each table:

1. *Primary*: a count from 1 to 4 is published as "fewer than 5" (``FEWER_THAN_5``). Zero is
   published: it discloses no one.
2. *Secondary*: a reader knows the column's total and every published cell, so the suppressed
   cells' sum is known. With one suppressed cell it could be worked out by subtraction; with
   several, their sum and the knowledge that each is from 1 to 4 can still pin one (two cells
   summing to 8 are both 4). So, while any suppressed small count could be worked out, the
   smallest published count of 5 or more in the column is withheld too (``WITHHELD``: its value
   is not given, and may be any number of 5 or more). The check (``_pinned``) asks, for each
   small count, whether more than one value is consistent with everything published, as a
   reader who knows this rule would: a withheld cell is 5 or more, and no more than the
   smallest count of 5 or more still published (it was withheld first).
3. If no published count is left to withhold, the column's total is withheld as well; since
   every table shares the same total, it is then withheld in every table (``suppress`` applies
   this across all the tables it is given), and so are the shares (share x total = count).
4. A total of 1 to 4 is itself "fewer than 5" (and then every cell is, too).
5. A rate (per 1,000 councillors) or share is withheld with its count: the denominators are
   public, so a rate gives its count back.

tests/test_uptake_suppression.py checks with Hypothesis that, for any column, an attacker who
knows the rule and tries every assignment consistent with the published table never narrows
a small count to one value.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

THRESHOLD = 5
SHOWN: Literal["shown"] = "shown"
FEWER_THAN_5: Literal["fewer-than-5"] = "fewer-than-5"
WITHHELD: Literal["withheld"] = "withheld"
State = Literal["shown", "fewer-than-5", "withheld"]
DIMENSIONS = ("programme", "region", "council_type", "party")
DIMENSION_NAMES = {
    "programme": "Programme",
    "region": "Region",
    "council_type": "Council type",
    "party": "Party",
}
TEXT = {FEWER_THAN_5: "fewer than 5", WITHHELD: "withheld"}


@dataclass(frozen=True)
class Fact:
    """One booking, as the counting needs it."""

    programme: str
    region: str
    council_type: str
    party: str
    status: str
    completed: bool


@dataclass(frozen=True)
class Cell:
    """A count as published: its value, or None when suppressed (``state`` says how)."""

    value: int | None
    state: State = SHOWN

    @property
    def text(self) -> str:
        return f"{self.value:,}" if self.value is not None else TEXT[self.state]

    @property
    def suppressed(self) -> bool:
        return self.state != SHOWN


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    bookings: Cell
    completions: Cell
    councillors: int | None  # the denominator; None where there is none (programmes, unknown)
    bookings_per_1000: float | None
    completions_per_1000: float | None
    share: float | None  # of all bookings, in per cent


@dataclass(frozen=True)
class Table:
    dimension: str
    rows: tuple[Row, ...]
    total: Row

    @property
    def name(self) -> str:
        return DIMENSION_NAMES[self.dimension]

    @property
    def suppressed(self) -> bool:
        return any(row.bookings.suppressed or row.completions.suppressed for row in (*self.rows, self.total))


def rate(count: int | None, councillors: int | None) -> float | None:
    """Per 1,000 councillors, to one decimal place; None without a count or a denominator."""
    if count is None or not councillors:
        return None
    return round(1000 * count / councillors, 1)


def count_by(facts: Iterable[Fact], dimension: str, counted_statuses: frozenset[str]) -> dict[str, tuple[int, int]]:
    """Key of ``dimension`` -> (bookings, completions)."""
    booked: Counter[str] = Counter()
    completed: Counter[str] = Counter()
    for fact in facts:
        key = getattr(fact, dimension)
        if fact.status in counted_statuses:
            booked[key] += 1
        if fact.completed:
            completed[key] += 1
    return {key: (booked[key], completed[key]) for key in booked.keys() | completed.keys()}


def build_table(
    dimension: str,
    counts: Mapping[str, tuple[int, int]],
    *,
    labels: Mapping[str, str],
    councillors: Mapping[str, int] | None = None,
    keys: Sequence[str] = (),
) -> Table:
    """The exact table: a row for each of ``keys`` (in that order, zeros included), then any other key counted."""
    ordered = list(keys) + sorted(key for key in counts if key not in set(keys))
    total_booked = sum(booked for booked, _ in counts.values())
    total_completed = sum(completed for _, completed in counts.values())
    denominators = councillors or {}

    def make(key: str, label: str, booked: int, completed: int, denominator: int | None) -> Row:
        return Row(
            key=key,
            label=label,
            bookings=Cell(booked),
            completions=Cell(completed),
            councillors=denominator,
            bookings_per_1000=rate(booked, denominator),
            completions_per_1000=rate(completed, denominator),
            share=round(100 * booked / total_booked, 1) if total_booked else None,
        )

    rows = tuple(
        make(key, labels.get(key) or key or "Not recorded", *counts.get(key, (0, 0)), denominators.get(key))
        for key in ordered
    )
    all_councillors = sum(denominators.values()) if councillors is not None else None
    total = make("", "All", total_booked, total_completed, all_councillors)
    return Table(dimension, rows, total)


# --- Suppression ----------------------------------------------------------------------------


def _range(index: int, values: Sequence[int], states: Sequence[State]) -> tuple[int, int]:
    """The values a reader can still give cell ``index`` (a small count), knowing the rule and the total.

    A withheld cell is 5 or more, and (the smallest being withheld first) no more than the
    smallest count still published of 5 or more.
    """
    hidden = [i for i, state in enumerate(states) if state != SHOWN]
    others = [i for i in hidden if i != index]
    hidden_sum = sum(values[i] for i in hidden)
    small = sum(1 for i in others if states[i] == FEWER_THAN_5)
    withheld = sum(1 for i in others if states[i] == WITHHELD)
    published = [value for value, state in zip(values, states, strict=True) if state == SHOWN and value >= THRESHOLD]
    ceiling = min(published) if published else None
    least_of_others = small * 1 + withheld * THRESHOLD
    most_of_others = None if withheld and ceiling is None else small * (THRESHOLD - 1) + withheld * (ceiling or 0)
    low = 1 if most_of_others is None else max(1, hidden_sum - most_of_others)
    high = min(THRESHOLD - 1, hidden_sum - least_of_others)
    return low, high


def _pinned(values: Sequence[int], states: Sequence[State]) -> bool:
    """Whether some small count could be worked out (only one value is consistent with what is published)."""
    for index, state in enumerate(states):
        if state == FEWER_THAN_5:
            low, high = _range(index, values, states)
            if high <= low:
                return True
    return False


def suppress_column(values: Sequence[int], total: int) -> tuple[list[State], State]:
    """The state of each cell of a column and of its total (the rule in the module docstring)."""
    if 0 < total < THRESHOLD:
        return [FEWER_THAN_5 if value else SHOWN for value in values], FEWER_THAN_5
    states: list[State] = [FEWER_THAN_5 if 0 < value < THRESHOLD else SHOWN for value in values]
    while _pinned(values, states):
        candidates = [i for i, state in enumerate(states) if state == SHOWN and values[i] >= THRESHOLD]
        if not candidates:
            return states, WITHHELD
        smallest = min(candidates, key=lambda i: (values[i], i))
        states[smallest] = WITHHELD
    return states, SHOWN


def _hide(cell: Cell, state: State) -> Cell:
    return cell if state == SHOWN else Cell(None, state)


def _suppress_table(table: Table, withhold_totals: set[str]) -> Table:
    columns = {}
    for column in ("bookings", "completions"):
        values = [getattr(row, column).value or 0 for row in table.rows]
        total = getattr(table.total, column).value or 0
        states, total_state = suppress_column(values, total)
        if column in withhold_totals and total_state == SHOWN:
            total_state = WITHHELD
        columns[column] = (states, total_state)
    shares_hidden = columns["bookings"][1] != SHOWN

    def hidden(row: Row, booked: State, completed: State) -> Row:
        return replace(
            row,
            bookings=_hide(row.bookings, booked),
            completions=_hide(row.completions, completed),
            bookings_per_1000=row.bookings_per_1000 if booked == SHOWN else None,
            completions_per_1000=row.completions_per_1000 if completed == SHOWN else None,
            share=row.share if booked == SHOWN and not shares_hidden else None,
        )

    rows = tuple(
        hidden(row, columns["bookings"][0][i], columns["completions"][0][i]) for i, row in enumerate(table.rows)
    )
    return Table(table.dimension, rows, hidden(table.total, columns["bookings"][1], columns["completions"][1]))


def suppress(tables: Sequence[Table]) -> list[Table]:
    """The tables as they may be published. They share their totals, so a total withheld in one
    (no count left to withhold beside a small one) is withheld in all."""
    withhold: set[str] = set()
    for table in tables:
        for column in ("bookings", "completions"):
            values = [getattr(row, column).value or 0 for row in table.rows]
            _, total_state = suppress_column(values, getattr(table.total, column).value or 0)
            if total_state == WITHHELD:
                withhold.add(column)
    return [_suppress_table(table, withhold) for table in tables]


# --- Downloads --------------------------------------------------------------------------------

CSV_HEADER = (
    "breakdown",
    "key",
    "label",
    "bookings",
    "completions",
    "councillors",
    "bookings_per_1000_councillors",
    "completions_per_1000_councillors",
    "share_of_bookings_percent",
)


def _csv_cell(cell: Cell) -> str | int:
    return cell.value if cell.value is not None else TEXT[cell.state]


def csv_rows(tables: Iterable[Table]) -> Iterable[tuple[object, ...]]:
    """One line per row of each table, then its total; suppressed counts as their words."""
    for table in tables:
        for row in (*table.rows, table.total):
            yield (
                table.dimension,
                row.key,
                row.label,
                _csv_cell(row.bookings),
                _csv_cell(row.completions),
                row.councillors,
                row.bookings_per_1000,
                row.completions_per_1000,
                row.share,
            )


def _json_cell(cell: Cell) -> dict[str, object]:
    return {"value": cell.value, "state": cell.state}


def as_json(tables: Iterable[Table]) -> dict[str, object]:
    def row(item: Row) -> dict[str, object]:
        return {
            "key": item.key,
            "label": item.label,
            "bookings": _json_cell(item.bookings),
            "completions": _json_cell(item.completions),
            "councillors": item.councillors,
            "bookings_per_1000_councillors": item.bookings_per_1000,
            "completions_per_1000_councillors": item.completions_per_1000,
            "share_of_bookings_percent": item.share,
        }

    return {
        "tables": [
            {"breakdown": table.dimension, "rows": [row(r) for r in table.rows], "total": row(table.total)}
            for table in tables
        ]
    }
