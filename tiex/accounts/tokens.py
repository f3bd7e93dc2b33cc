"""Invitation tokens: long random strings of which only a SHA-256 hash is stored."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32


def token_generate() -> tuple[str, str]:
    """A new token and its hash: send the first, store the second."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
