from __future__ import annotations

import io
import sys

import pytest
from django.core.management import CommandError, call_command

from tiex.accounts.models import User
from tiex.accounts.roles import Role
from tiex.accounts.services import organisation_get_association
from tiex.accounts.tests.factories import PASSWORD, UserFactory
from tiex.cli import main as tiex_main

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-and-unusual-passphrase"


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def feed(text: str, tty: bool = False) -> None:
        stream = io.StringIO(text)
        stream.isatty = lambda: tty  # type: ignore[method-assign]
        monkeypatch.setattr(sys, "stdin", stream)

    return feed


def _is_admin(user: User) -> bool:
    return user.memberships.filter(organisation=organisation_get_association(), role=Role.ADMIN).exists()


def test_scripts_create_an_admin_with_the_password_from_stdin(stdin, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    stdin(NEW_PASSWORD + "\n")
    # The command line closes every connection when a command ends; the test's transaction must survive it.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    assert tiex_main(["createadmin", "--email", "Boss@Example.org", "--password-stdin"]) == 0
    user = User.objects.get(email="boss@example.org")
    assert user.check_password(NEW_PASSWORD)
    assert _is_admin(user)
    assert user.is_superuser and user.is_staff
    assert "boss@example.org is an admin" in capsys.readouterr().out


def test_an_existing_person_is_promoted_and_keeps_their_password(stdin) -> None:  # type: ignore[no-untyped-def]
    person = UserFactory(email="known@example.org")
    stdin("")
    call_command("createadmin", "--email", "known@example.org", "--no-password")
    person.refresh_from_db()
    assert _is_admin(person)
    assert person.check_password(PASSWORD)


def test_a_weak_password_is_refused(stdin) -> None:  # type: ignore[no-untyped-def]
    stdin("password\n")
    with pytest.raises(CommandError, match="too common"):
        call_command("createadmin", "--email", "x@example.org", "--password-stdin")
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [([], "Give --email"), (["--email", "x@example.org"], "--password-stdin or --no-password")],
)
def test_without_a_terminal_nothing_is_asked(stdin, arguments: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    stdin("")
    with pytest.raises(CommandError, match=message):
        call_command("createadmin", *arguments)


def test_interactive_mode_asks_for_address_and_password(stdin, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    stdin("", tty=True)
    monkeypatch.setattr("builtins.input", lambda prompt: "asked@example.org")
    answers = iter(["mismatch-one-two", "mismatch-two-one", NEW_PASSWORD, NEW_PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    call_command("createadmin")
    user = User.objects.get(email="asked@example.org")
    assert user.check_password(NEW_PASSWORD)
    assert _is_admin(user)
