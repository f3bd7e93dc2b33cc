"""The esd standards importers: upsert on the esd identifier, all-or-nothing, warnings for what they correct."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from tiex.core.datasets import manifest
from tiex.core.importing import ImportFailed, run_import
from tiex.partnerships.models import EsdService, ServiceCategory

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
FUNCTIONS_HEADER = (
    "Identifier,Label,Description,Created,Modified,History notes,Type,Parent identifiers,Parent labels,Level 1,"
    "Level 2\n"
)
SERVICES_HEADER = (
    "Identifier,Label,Description,Created,Modified,History notes,Type,Mapping type,Mapped identifier,Mapped label,"
    "Mapped type\n"
)


def write(tmp_path: Path, header: str, *rows: str) -> str:
    path = tmp_path / "esd.csv"
    path.write_text(header + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return str(path)


def load_sample() -> None:
    run_import("esd-functions", str(DATA / "esd_functions.csv"))
    run_import("esd-services", str(DATA / "esd_services_functions.csv"))


def test_functions_are_imported_with_their_levels_and_parents_and_reimporting_changes_nothing():
    report = run_import("esd-functions", str(DATA / "esd_functions.csv"))

    assert (report.created, report.warnings) == (4, [])
    carers = ServiceCategory.objects.get(identifier=122)
    assert (carers.label, carers.level, carers.parent.identifier, carers.parent.parent.identifier) == (
        "Carer and disability benefits",
        3,
        3,
        1,
    )
    assert ServiceCategory.objects.get(identifier=40).parent is None
    again = run_import("esd-functions", str(DATA / "esd_functions.csv"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_services_get_their_function_and_lose_the_rdf_wrapping_with_a_warning():
    run_import("esd-functions", str(DATA / "esd_functions.csv"))
    report = run_import("esd-services", str(DATA / "esd_services_functions.csv"))

    assert report.created == 3
    assert EsdService.objects.get(identifier=225).category.identifier == 122
    assert EsdService.objects.get(identifier=1309).category is None
    assert EsdService.objects.get(identifier=1309).description == "Agencies must be registered."
    assert [(w.line, w.field) for w in report.warnings] == [(3, "Description")]
    assert report.notes == ["1 services belong to no esd function in the file; they have no category."]
    again = run_import("esd-services", str(DATA / "esd_services_functions.csv"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_a_changed_label_or_parent_updates_the_row(tmp_path):
    load_sample()
    path = write(
        tmp_path,
        FUNCTIONS_HEADER,
        "1,Advice and benefits,,,,,Function,,,,",
        "3,Welfare benefits,,,,,Function,1,Advice and benefits,Advice and benefits,",
        "122,Carer and disability benefits,,,,,Function,1,Advice and benefits,Advice and benefits,",
        "40,Street care and cleaning,,,,,Function,,,,",
    )
    report = run_import("esd-functions", path)
    assert (report.updated, report.unchanged) == (2, 2)
    carers = ServiceCategory.objects.get(identifier=122)
    assert (carers.level, carers.parent.identifier) == (2, 1)
    assert ServiceCategory.objects.get(identifier=3).label == "Welfare benefits"


def test_a_dry_run_changes_nothing():
    report = run_import("esd-functions", str(DATA / "esd_functions.csv"), dry_run=True)
    assert report.created == 4 and report.dry_run
    assert not ServiceCategory.objects.exists()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (("1,Advice,,,,,Function,,,,", "1,Again,,,,,Function,,,,"), "1 is also on line 2"),
        (("x,Advice,,,,,Function,,,,",), "'x' is not an esd identifier"),
        (("1,,,,,,Function,,,,",), "field 'Label': is empty"),
        (("2,Orphan,,,,,Function,9,,,",), "no function in the file has the identifier 9"),
        (("2,Chicken,,,,,Function,3,,,", "3,Egg,,,,,Function,2,,,"), "the parents loop back"),
        (
            (
                "1,A,,,,,Function,,,,",
                "2,B,,,,,Function,1,,,",
                "3,C,,,,,Function,2,,,",
                "4,D,,,,,Function,3,,,",
            ),
            "is at level 4",
        ),
    ],
)
def test_a_bad_functions_file_changes_nothing(tmp_path, rows, message):
    load_sample()
    with pytest.raises(ImportFailed) as failed:
        run_import("esd-functions", write(tmp_path, FUNCTIONS_HEADER, *rows))
    assert message in str(failed.value)
    assert ServiceCategory.objects.count() == 4


def test_a_label_the_source_misspells_is_corrected_with_a_warning_and_says_so(tmp_path):
    path = write(
        tmp_path,
        FUNCTIONS_HEADER,
        "30,Environmental protection,,,,,Function,,,,",
        "41,Utilites,,,,,Function,30,Environmental protection,Environmental protection,",
        "42,Utilites,Gas and water.,,,,Function,30,Environmental protection,Environmental protection,",
    )
    report = run_import("esd-functions", path)
    assert [(w.line, w.field, w.message, w.action) for w in report.warnings] == [
        (
            3,
            "Label",
            "41: 'Utilites' is misspelt in the source",
            "shown as 'Utilities', stated as corrected in its description",
        ),
        (
            4,
            "Label",
            "42: 'Utilites' is misspelt in the source",
            "shown as 'Utilities', stated as corrected in its description",
        ),
    ]
    corrected = ServiceCategory.objects.get(identifier=42)
    assert corrected.label == "Utilities"
    assert (
        corrected.description == "Gas and water. The esd Functions List spells this label 'Utilites'; corrected here."
    )
    assert ServiceCategory.objects.get(identifier=41).description.startswith("The esd Functions List spells")
    again = run_import("esd-functions", path)  # a second import changes nothing, and still says why
    assert (again.unchanged, len(again.warnings)) == (3, 2)


def test_columns_that_disagree_with_the_parent_identifiers_are_warnings(tmp_path):
    path = write(
        tmp_path,
        FUNCTIONS_HEADER,
        "1,Advice and benefits,,,,,Function,,,,",
        "3,Benefits,,,,,Function,1,Advice,Advice,",
        "5,Listed twice,,,,,Function,1;3,,Advice and benefits,",
        "7,Not a function,,,,,Service,,,,",
    )
    report = run_import("esd-functions", path)
    assert sorted((w.line, w.field) for w in report.warnings) == [
        (3, "Level 1"),
        (3, "Parent labels"),
        (4, "Parent identifiers"),
        (5, "Type"),
    ]
    assert report.skipped == 1
    assert ServiceCategory.objects.get(identifier=5).parent.identifier == 1


def test_services_need_the_functions_first_and_an_unknown_function_is_a_warning(tmp_path):
    path = write(tmp_path, SERVICES_HEADER, "225,Carers allowance,,,,,Service,is contained by,122,Carers,Function")
    with pytest.raises(ImportFailed, match="import esd-functions first"):
        run_import("esd-services", path)

    run_import("esd-functions", str(DATA / "esd_functions.csv"))
    path = write(
        tmp_path,
        SERVICES_HEADER,
        "225,Carers allowance,,,,,Service,is contained by,122,Carers,Function",
        "226,Lost service,,,,,Service,is contained by,999,Nowhere,Function",
    )
    report = run_import("esd-services", path)
    assert sorted((w.line, w.field) for w in report.warnings) == [(2, "Mapped label"), (3, "Mapped identifier")]
    assert EsdService.objects.get(identifier=225).category.identifier == 122
    assert EsdService.objects.get(identifier=226).category is None


def test_a_bad_services_file_changes_nothing(tmp_path):
    load_sample()
    path = write(tmp_path, SERVICES_HEADER, "225,Renamed,,,,,Service,,,,", "225,Twice,,,,,Service,,,,")
    with pytest.raises(ImportFailed, match="225 is also on line 2"):
        run_import("esd-services", path)
    assert EsdService.objects.get(identifier=225).label == "Carers allowance"


ESD = [manifest()[slug] for slug in ("esd-functions", "esd-services")]


@pytest.mark.skipif(
    not all(spec.default_local_source(settings.DATA_DIR).exists() for spec in ESD),
    reason=f"the esd standards are not in {settings.DATA_DIR}",
)
def test_the_real_esd_lists():
    functions = run_import("esd-functions")
    services = run_import("esd-services")

    assert functions.created == 173
    # The source spells two functions' label "Utilites": shown corrected, each with a warning.
    assert [(w.field, w.message) for w in functions.warnings] == [
        ("Label", "41: 'Utilites' is misspelt in the source"),
        ("Label", "92: 'Utilites' is misspelt in the source"),
    ]
    assert set(ServiceCategory.objects.filter(identifier__in=[41, 92]).values_list("label", flat=True)) == {"Utilities"}
    assert ServiceCategory.objects.filter(level=1).count() == 13
    assert ServiceCategory.objects.filter(level__lte=2).count() == 114
    assert services.created == 1568
    assert len(services.warnings) == 48  # descriptions wrapped as RDF literals
    assert EsdService.objects.filter(category__isnull=False).count() == 1114
    assert not EsdService.objects.filter(description__endswith='"@en').exists()
