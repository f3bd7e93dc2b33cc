"""Failed sign-ins are limited per client address (and per address + e-mail), never per e-mail alone.

allauth's own default ("login_failed": "10/m/ip,5/300s/key") keys the second rate on
the e-mail address alone; tiex keys it on the client address plus the e-mail address
(AccountAdapter._get_login_attempts_cache_key), so a stranger cannot lock anyone out.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tiex.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ALICE_ADDRESS = "198.51.100.7"
STRANGER_ADDRESS = "203.0.113.9"
TOO_MANY = "Too many failed login attempts"


def _sign_in(client: Client, email: str, password: str, address: str):  # type: ignore[no-untyped-def]
    return client.post("/account/login/", {"login": email, "password": password}, REMOTE_ADDR=address)


def test_a_strangers_failed_attempts_do_not_lock_alice_out() -> None:
    UserFactory(email="alice@example.org")
    stranger = Client()
    responses = [_sign_in(stranger, "alice@example.org", f"guess-{n}", STRANGER_ADDRESS) for n in range(20)]
    assert all(r.status_code in (200, 429) for r in responses)
    assert TOO_MANY in responses[-1].content.decode()  # the stranger is stopped ...

    response = _sign_in(Client(), "alice@example.org", PASSWORD, ALICE_ADDRESS)
    assert response.status_code == 302  # ... alice is not
    assert response["Location"] == "/account/profile/"


def test_failed_attempts_are_limited_per_address_and_e_mail() -> None:
    UserFactory(email="bob@example.org")
    client = Client()
    for n in range(5):
        assert TOO_MANY not in _sign_in(client, "bob@example.org", f"guess-{n}", STRANGER_ADDRESS).content.decode()
    # From the same address, even the right password is refused for a while ...
    assert TOO_MANY in _sign_in(client, "bob@example.org", PASSWORD, STRANGER_ADDRESS).content.decode()
    # ... but bob elsewhere, and other people from that address, are not affected.
    assert _sign_in(Client(), "bob@example.org", PASSWORD, ALICE_ADDRESS).status_code == 302
    UserFactory(email="carol@example.org")
    assert _sign_in(Client(), "carol@example.org", PASSWORD, STRANGER_ADDRESS).status_code == 302


def test_one_address_trying_many_accounts_is_stopped() -> None:
    client = Client()
    responses = [_sign_in(client, f"person{n}@example.org", "guess", STRANGER_ADDRESS) for n in range(21)]
    assert TOO_MANY in responses[-1].content.decode()


def test_successful_sign_ins_do_not_count_as_failures() -> None:
    UserFactory(email="dora@example.org")
    for _ in range(8):
        assert _sign_in(Client(), "dora@example.org", PASSWORD, ALICE_ADDRESS).status_code == 302
