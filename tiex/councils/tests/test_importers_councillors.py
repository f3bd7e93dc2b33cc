"""Councillors in office in 2021 by council, party and gender (mySociety).

The sample has the source's columns and made-up rows that exercise the checks: a vacant seat
in Maidstone (line 7), Dorset County (abolished in 2019) on line 8, a gender that is neither
male nor female in Barnsley (line 9), an unknown party group in Gateshead (line 10) and
Sheffield given as a unitary (line 11).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tiex.core.importing import ImportFailed
from tiex.councils.models import Council, CouncillorCount
from tiex.councils.tests.import_helpers import edited_csv, load, load_councils

pytestmark = pytest.mark.django_db

SAMPLE = "councillors_2021.csv"


def counts() -> dict[tuple[str, str, str], int]:
    return {
        (row.council.la_code, row.party, row.gender): row.count
        for row in CouncillorCount.objects.select_related("council")
    }


def test_counts_by_council_party_and_gender_with_the_problems_flagged():
    load_councils()
    Council.objects.filter(la_code="DOR").update(region="")

    report = load("councillors", SAMPLE)

    assert (report.rows, report.skipped) == (10, 1)
    assert counts() == {
        ("KEN", "con", "male"): 2,
        ("KEN", "con", "female"): 1,
        ("KEN", "lab", "female"): 1,
        ("MAI", "ld", "female"): 1,
        ("DOR", "con", "male"): 1,
        ("BNS", "lab", "not-recorded"): 1,
        ("GAT", "other", "male"): 1,
        ("SHF", "green", "female"): 1,
    }
    assert set(CouncillorCount.objects.values_list("year", flat=True)) == {2021}
    # Dorset County had no region in the list: its successor's (Dorset Council, South West) is used.
    assert CouncillorCount.objects.get(council__la_code="DOR").region == "South West"
    assert CouncillorCount.objects.filter(council__la_code="KEN").first().region == "South East"  # type: ignore[union-attr]
    warnings = {(w.line, w.field, w.action) for w in report.warnings}
    assert (7, "partyName", "row skipped") in warnings
    assert (9, "gender", "counted as not recorded") in warnings
    assert (10, "party_reduced", "counted as independents and others") in warnings
    assert (11, "council_type", "the council list's type is used") in warnings
    assert (8, "council_id", "counted in its successor's region, South West") in warnings
    assert (8, "council_id", "counted under this council, as the source gives") in warnings
    messages = [w.message for w in report.warnings if w.line == 8]
    assert any(
        m.startswith("Dorset County Council (E10000009, DOR): the council was replaced on 31 March 2019")
        for m in messages
    )
    assert any("have no 2021 count" in note and "North Yorkshire Council" in note for note in report.notes)


def test_reimport_changes_nothing_a_dry_run_writes_nothing_and_a_dropped_group_is_removed(tmp_path: Path):
    load_councils()
    dry = load("councillors", SAMPLE, dry_run=True)
    assert dry.created == 8 and not CouncillorCount.objects.exists()

    load("councillors", SAMPLE)
    again = load("councillors", SAMPLE)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 8)

    edited = edited_csv(tmp_path, SAMPLE, {(2, "gender"): "female", (5, "party_reduced"): "CON"})
    changed = load("councillors", edited)
    assert (changed.created, changed.updated) == (0, 2)
    assert (counts()[("KEN", "con", "female")], counts()[("KEN", "con", "male")]) == (3, 1)
    assert ("KEN", "lab", "female") not in counts()
    assert "Removed 1 groups no longer in the file." in changed.notes


def test_an_unknown_council_code_fails_the_whole_file_naming_file_line_and_field(tmp_path: Path):
    load_councils()
    load("councillors", SAMPLE)
    before = counts()
    broken = edited_csv(tmp_path, SAMPLE, {(4, "council_id"): "ZZZ", (6, "council_id"): ""})

    with pytest.raises(ImportFailed) as failure:
        load("councillors", broken)

    text = [str(error) for error in failure.value.errors]
    assert text == [
        "councillors_2021.csv, line 4, field 'council_id': no council has the mySociety code 'ZZZ' (Kent)",
        "councillors_2021.csv, line 6, field 'council_id': is required (the council's mySociety code)",
    ]
    assert counts() == before


def test_a_windows_1252_file_as_mysociety_publishes_it(tmp_path: Path):
    load_councils()
    text = (
        (Path(__file__).parent / "data" / SAMPLE)
        .read_text(encoding="utf-8")
        .replace("Gateshead Residents", "Gateshead Résidents")
    )
    path = tmp_path / SAMPLE
    path.write_bytes(text.encode("cp1252"))

    report = load("councillors", path)

    assert report.created == 8
    assert any("Gateshead Résidents" in w.message for w in report.warnings)
