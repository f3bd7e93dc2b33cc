"""tiex createadmin: create (or promote) an association admin, who is also a Wagtail superuser.

tiex createadmin                                  asks for the e-mail address and password
tiex createadmin --email a@example.org --password-stdin < password.txt
tiex createadmin --email a@example.org --no-password     (they use "forgotten password" later)
"""

from __future__ import annotations

import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiex.accounts.services import user_create_admin


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(message for messages in error.message_dict.values() for message in messages)
    return " ".join(error.messages)


class Command(BaseCommand):
    help = "Create an association admin (or make an existing person one). They must set up MFA at first sign-in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", help="the admin's e-mail address (asked for when missing)")
        parser.add_argument("--full-name", default="", help="the admin's name")
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
        source.add_argument(
            "--no-password",
            action="store_true",
            help="set no password (for a new person: they choose one with 'I have forgotten my password')",
        )
        parser.add_argument("--noinput", "--no-input", action="store_true", help="never prompt; fail instead")

    def handle(self, *args: object, **options: object) -> None:
        interactive = not options["noinput"] and sys.stdin.isatty()
        email = str(options["email"] or "").strip()
        if not email:
            if not interactive:
                raise CommandError("Give --email when not running interactively.")
            email = input("E-mail address: ").strip()
        password = self._password(options, interactive)
        try:
            user = user_create_admin(email=email, password=password, full_name=str(options["full_name"] or ""))
        except ValidationError as error:
            raise CommandError(_messages(error)) from error
        self.stdout.write(f"{user.email} is an admin of the association (and a Wagtail superuser).")
        self.stdout.write("They must set up an authenticator app (two-factor authentication) when they first sign in.")

    def _password(self, options: dict, interactive: bool) -> str | None:
        if options["no_password"]:
            return None
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("No password on standard input.")
            return password
        if not interactive:
            raise CommandError("Give --password-stdin or --no-password when not running interactively.")
        for _ in range(3):
            first = getpass.getpass("Password: ")
            second = getpass.getpass("Password (again): ")
            if first and first == second:
                return first
            self.stderr.write("The passwords were empty or did not match. Try again.")
        raise CommandError("No password given.")
