"""Who controls a council, worked out from its seats (pure: no ORM, no request).

The rule, also set out in docs/data.md:

* a party that holds **more than half** of all seats (``2 * seats > total``)
  controls the council;
* when "other" (independents, residents' groups and small parties, counted
  together) holds more than half, control is ``"other"``, "Independents and
  others": they hold a majority between them, not necessarily as one group;
* otherwise there is no overall control, ``"noc"``. This includes councils run
  by a minority administration or a coalition, and councils with no seats.

Vacant seats count towards the total, so a party needs more than half of the
whole council, not only of the filled seats.
"""

from __future__ import annotations

from collections.abc import Mapping

# The party columns of the Open Council Data history file, which are also the
# codes of tiex.councils.models.Party (a test keeps the two in step).
PARTIES: tuple[str, ...] = ("con", "lab", "ld", "green", "ukip", "ref", "pc", "snp", "other")
NO_OVERALL_CONTROL = "noc"


def control_from_seats(seats: Mapping[str, int], total: int) -> str:
    """The party code holding more than half of ``total`` seats, or ``"noc"``."""
    for party, held in seats.items():
        if held * 2 > total and total > 0:
            return party
    return NO_OVERALL_CONTROL


def control_changes(control_by_year: Mapping[int, str]) -> dict[int, bool | None]:
    """For each year, whether control differs from the year before.

    ``None`` when the year before is not on record (the first year, or a gap):
    a change cannot be told from a missing row.
    """
    return {
        year: (None if year - 1 not in control_by_year else control_by_year[year - 1] != control)
        for year, control in control_by_year.items()
    }
