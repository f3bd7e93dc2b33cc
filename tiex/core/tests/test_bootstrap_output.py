"""`tiex bootstrap` says why rows were skipped and where e-mails go."""

from __future__ import annotations

from django.test import override_settings

from tiex.core.importing import ImportReport
from tiex.core.management.commands.bootstrap import email_line, report_lines, timing_line


def test_skipped_rows_are_explained_by_the_importers_notes() -> None:
    report = ImportReport(dataset="boundaries", source="b.json", rows=707, updated=394, skipped=313)
    report.notes.append("394 councils have a 2025 boundary; skipped 290 features not valid in 2025, 23 regions.")
    lines = report_lines(report)
    assert lines[0].endswith("313 skipped.")
    assert lines[1] == "  394 councils have a 2025 boundary; skipped 290 features not valid in 2025, 23 regions."


def test_skipped_rows_without_notes_still_get_a_sentence() -> None:
    lines = report_lines(ImportReport(dataset="x", source="x.csv", rows=10, created=7, skipped=3))
    assert len(lines) == 2
    assert "3 skipped rows are rows this dataset holds that tiex does not use" in lines[1]


def test_a_report_with_nothing_skipped_is_one_line() -> None:
    assert len(report_lines(ImportReport(dataset="x", source="x.csv", rows=2, created=2))) == 1


@override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
def test_in_development_it_says_e_mails_are_printed_in_the_terminal() -> None:
    assert "printed in this terminal" in email_line()
    assert "TIEX_EMAIL_BACKEND" in email_line()


@override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="smtp.example.org")
def test_with_smtp_it_names_the_host() -> None:
    assert "smtp.example.org" in email_line()


def test_it_says_how_long_it_took_and_where_the_time_went() -> None:
    assert timing_line(41.25, 13.8) == (
        "Bootstrap took 55.0 s: migrations and reference data 41.2 s, demo content 13.8 s."
    )
