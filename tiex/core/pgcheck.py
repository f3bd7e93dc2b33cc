"""Exit 0 when a PostgreSQL server answers at the given URL (used by `make test`)."""

from __future__ import annotations

import sys
import urllib.parse


def reachable(url: str) -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    parts = urllib.parse.urlsplit(url)
    try:
        with psycopg.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=parts.username or "postgres",
            password=parts.password or None,
            dbname="postgres",
            connect_timeout=3,
        ):
            return True
    except psycopg.Error:
        return False


if __name__ == "__main__":
    sys.exit(0 if reachable(sys.argv[1]) else 1)
