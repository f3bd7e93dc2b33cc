"""Framework files: line-numbered errors, all or nothing, dry runs, immutable published versions."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tiex.assessments.importers import BUNDLED_DIR, framework_load, import_bundled_frameworks, import_framework
from tiex.assessments.models import Framework, FrameworkVersion, Indicator, Statement
from tiex.assessments.tests.factories import load, scaled_spec
from tiex.core.importing import ImportFailed, run_import

pytestmark = pytest.mark.django_db
DATA = Path(__file__).with_name("data")


def test_a_good_file_loads_and_loading_it_again_changes_nothing() -> None:
    report = import_framework(DATA / "good.yaml")
    assert (report.created, report.rows) == (2, 2)
    version = FrameworkVersion.objects.get(framework__slug="sample")
    assert version.published and list(version.statements.values_list("code", flat=True)) == ["S1", "S2"]
    assert version.statements.get(code="S1").exchange_themes == ["capacity-to-deliver"]  # from its section
    again = import_framework(DATA / "good.yaml")
    assert (again.created, again.unchanged) == (0, 2)
    assert FrameworkVersion.objects.count() == 1


def test_a_dry_run_changes_nothing() -> None:
    report = import_framework(DATA / "good.yaml", dry_run=True)
    assert report.dry_run and report.created == 2
    assert not Framework.objects.exists()


def test_a_bad_file_reports_every_problem_with_its_line_and_changes_nothing() -> None:
    with pytest.raises(ImportFailed) as caught:
        import_framework(DATA / "bad.yaml")
    found = {(error.line, error.field) for error in caught.value.errors}
    assert (18, "section.exchange_themes") in found  # unknown Exchange theme
    assert (20, "statement.text") in found  # S1 has no text
    assert (10, "scale.value") in found  # levels 1 and 3: a gap
    assert any("used twice" in error.message for error in caught.value.errors)
    assert not Framework.objects.exists()


def test_yaml_syntax_errors_give_the_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("framework:\n  slug: x\n  title: [unclosed\nversion: 1\n")
    with pytest.raises(ImportFailed) as caught:
        import_framework(broken)
    assert caught.value.errors[0].line == 4 and "not valid YAML" in caught.value.errors[0].message


def test_a_published_version_cannot_change(tmp_path: Path) -> None:
    import_framework(DATA / "good.yaml")
    changed = tmp_path / "changed.yaml"
    changed.write_text((DATA / "good.yaml").read_text().replace("First statement.", "A changed statement."))
    with pytest.raises(ImportFailed, match="new version number"):
        import_framework(changed)
    assert Statement.objects.get(code="S1").text == "First statement."


def test_a_draft_version_can_be_reloaded_until_it_is_used(tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text((DATA / "good.yaml").read_text().replace('version: "1.0"', 'version: "1.0"\n  published: false'))
    import_framework(draft)
    draft.write_text(draft.read_text().replace("First statement.", "Reworded."))
    assert import_framework(draft).updated == 2
    assert Statement.objects.get(code="S1").text == "Reworded."


def test_a_new_version_carries_statements_over() -> None:
    load(scaled_spec())
    second = scaled_spec(version="2.0", previous="1.0", carries_over={"P9": "P2"})
    second.sections[0].statements[1].code = "P9"
    framework_load(second, source="test")
    version = FrameworkVersion.objects.get(framework__slug="test-scaled", version="2.0")
    assert version.previous.version == "1.0"
    assert version.carries_over == {"P1": "P1", "M1": "M1", "P9": "P2"}
    bad = scaled_spec(version="3.0", previous="1.0", carries_over={"P1": "NOPE"})
    with pytest.raises(ImportFailed, match="no statement NOPE"):
        framework_load(bad, source="test")


def test_the_bundled_frameworks_load() -> None:
    reports = import_bundled_frameworks()
    assert len(reports) == len(list(BUNDLED_DIR.glob("*.yaml"))) == 2
    ti = FrameworkVersion.objects.get(framework__slug="transformation-and-innovation")
    assert ti.sections.count() == 5
    assert [level.label for level in ti.levels.all()] == ["Not yet", "Understands", "Plans", "Does", "Reviews"]
    assert all(6 <= section.statements.count() <= 10 for section in ti.sections.all())
    eic = FrameworkVersion.objects.get(framework__slug="efficient-and-intelligent-councils")
    assert eic.levels.count() == 4
    assert set(eic.sections.filter(parent__code="success-factors").values_list("title", flat=True)) == {
        "Leadership and management",
        "Approach to change",
        "Getting the best from staff",
    }


def test_tiex_import_framework_command() -> None:
    out = StringIO()
    call_command("import_dataset", "framework", str(DATA / "good.yaml"), "--dry-run", stdout=out)
    assert "Would import" in out.getvalue() and not Framework.objects.exists()
    with pytest.raises(CommandError, match="line 20"):
        call_command("import_dataset", "framework", str(DATA / "bad.yaml"), stdout=out)


CAF = settings.DATA_DIR / "frameworks" / "ncsc_caf_v4.0.yaml"


@pytest.mark.skipif(not CAF.exists(), reason="no reference data")
def test_the_caf_is_imported_unchanged_with_its_rules() -> None:
    report = run_import("ncsc-caf")
    version = FrameworkVersion.objects.get(framework__slug="ncsc-caf")
    assert version.version == "4.0"
    assert version.framework.kind == "indicators" and "Open Government Licence" in version.framework.attribution
    assert version.sections.filter(parent=None).count() == 4
    assert version.sections.exclude(parent=None).count() == 14
    assert version.statements.count() == 41
    assert Indicator.objects.filter(statement__version=version).count() == 555
    assert version.assessment_rules == [
        [1, "achieved", "all"],
        [2, "partially-achieved", "all"],
        [3, "not-achieved", "any"],
    ]
    assert [w.field for w in report.warnings] == ["indicators.A4.a.11"]  # the file repeats one code
    assert run_import("ncsc-caf").unchanged == 41
    sources = Client().get("/data/").content.decode()
    assert "NCSC Cyber Assessment Framework v4.0" in sources and "Open Government Licence" in sources
