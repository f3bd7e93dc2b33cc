"""Project-wide test setup: no test may reach the network."""

from __future__ import annotations

import socket

import pytest

_real_connect = socket.socket.connect
_ALLOWED_HOSTS = {"127.0.0.1", "localhost", "::1"}


def _guarded_connect(self, address):  # type: ignore[no-untyped-def]
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host not in _ALLOWED_HOSTS and not host.startswith("/"):
        raise RuntimeError(f"Tests must not use the network (tried to connect to {host!r}).")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
