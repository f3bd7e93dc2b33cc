from __future__ import annotations

import pytest

from tiex import cli


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ["serve", "import", "bootstrap", "createadmin"]:
        assert f"tiex {command}" in out


def test_an_unknown_command_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["frobnicate"]) == 2
    assert "unknown command 'frobnicate'" in capsys.readouterr().err


def test_serve_rejects_an_impossible_port() -> None:
    with pytest.raises(SystemExit):
        cli.serve(["--port", "70000"])


def test_serve_runs_gunicorn_on_the_given_host_and_port(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    monkeypatch.setattr(cli.os, "execv", lambda path, argv: calls.append(argv))
    cli.serve(["--port", "8123", "--host", "0.0.0.0"])  # noqa: S104
    argv = calls[0]
    assert argv[0].endswith("gunicorn")
    assert argv[argv.index("--bind") + 1] == "0.0.0.0:8123"
    assert "config.wsgi:application" in argv


@pytest.mark.parametrize(
    ("host", "expected"),
    [("127.0.0.1", "http://127.0.0.1:8101"), ("0.0.0.0", "http://127.0.0.1:8101"), ("::", "http://[::1]:8101")],  # noqa: S104
)
def test_serve_makes_its_own_address_the_default_for_links_in_e_mails(
    monkeypatch: pytest.MonkeyPatch, host: str, expected: str
) -> None:
    monkeypatch.setattr(cli.os, "execv", lambda path, argv: None)
    monkeypatch.setenv("TIEX_DEFAULT_BASE_URL", "")  # so that the value serve sets is undone after the test
    monkeypatch.delenv("TIEX_DEFAULT_BASE_URL")
    cli.serve(["--port", "8101", "--host", host])
    assert cli.os.environ["TIEX_DEFAULT_BASE_URL"] == expected


def test_serve_leaves_a_default_base_url_the_operator_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli.os, "execv", lambda path, argv: None)
    monkeypatch.setenv("TIEX_DEFAULT_BASE_URL", "https://tiex.example.org")
    cli.serve(["--port", "8101"])
    assert cli.os.environ["TIEX_DEFAULT_BASE_URL"] == "https://tiex.example.org"


@pytest.mark.django_db
def test_import_of_an_unknown_dataset_fails_clearly(capsys: pytest.CaptureFixture[str]) -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Unknown dataset 'nope'"):
        call_command("import_dataset", "nope")


@pytest.mark.django_db
@pytest.mark.parametrize("order", ["option-first", "option-last"])
def test_dry_run_may_come_before_or_after_the_path(order: str, tmp_path, monkeypatch) -> None:
    from django.core.management import call_command

    from tiex.core import datasets
    from tiex.core.models import Dataset
    from tiex.core.tests.test_importing import SPEC

    monkeypatch.setattr(datasets, "manifest", lambda: {"sample": SPEC})
    source = tmp_path / "sample.csv"
    source.write_text("name\nalpha\n")
    args = ["sample", "--dry-run", str(source)] if order == "option-first" else ["sample", str(source), "--dry-run"]
    call_command("import_dataset", *args)
    assert not Dataset.objects.exists()


@pytest.mark.django_db
def test_import_takes_at_most_one_source() -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Give one file"):
        call_command("import_dataset", "councils", "a.csv", "b.csv")
