"""The benchmark databases on PostgreSQL (`make bench DATABASE_URL=postgres://.../tiex_bench`).

The URL names the 1x database; the 10x one is the same name with ``_10x``. Both are created
by the benchmark (the 1x by ``tiex bootstrap`` in an empty database, the 10x as a copy of it,
``CREATE DATABASE ... TEMPLATE``, then scaled) and dropped when the run ends unless
``--keep-databases`` is given; a kept pair is reused while its key (the schema and the
reference data definition) matches. Only database names starting with ``tiex_`` are touched.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PREFIX = "tiex_"


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def with_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def name_of(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    if not name.startswith(PREFIX):
        raise SystemExit(f"bench: the PostgreSQL database name must start with {PREFIX!r} (got {name!r})")
    return name


def _admin(url: str) -> object:
    import psycopg

    return psycopg.connect(with_name(url, "postgres"), autocommit=True)


def exists(url: str, name: str) -> bool:
    with _admin(url) as connection:  # type: ignore[attr-defined]
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def drop(url: str, name: str) -> None:
    from psycopg import sql

    name_of(with_name(url, name))  # refuses names outside tiex_
    with _admin(url) as connection:  # type: ignore[attr-defined]
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def create(url: str, name: str, template: str | None = None) -> None:
    from psycopg import sql

    name_of(with_name(url, name))
    with _admin(url) as connection:  # type: ignore[attr-defined]
        if template:
            statement = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
        else:
            statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        connection.execute(statement)


def databases(
    url: str,
    scale: int,
    rebuild: bool,
    key: str,
    work: Path,
    bootstrap: Callable[[str], None],
    scale_up: Callable[[str], None],
    log: Callable[[str], None],
) -> dict[str, str]:
    """The 1x and ``scale``x databases' URLs, built unless a kept pair with this key exists."""
    base = name_of(url)
    scaled = f"{base}_{scale}x"
    stamp = work / f"pg-{base}.key"
    if not rebuild and stamp.exists() and stamp.read_text() == key and exists(url, base) and exists(url, scaled):
        log(f"reusing the PostgreSQL databases {base} and {scaled}")
        return {"1x": with_name(url, base), f"{scale}x": with_name(url, scaled)}
    stamp.unlink(missing_ok=True)
    for name in (scaled, base):
        drop(url, name)
    log(f"building the 1x PostgreSQL database {base}: tiex bootstrap ...")
    create(url, base)
    bootstrap(with_name(url, base))
    log(f"building the {scale}x PostgreSQL database {scaled}: a copy of {base}, scaled ...")
    create(url, scaled, template=base)
    scale_up(with_name(url, scaled))
    stamp.write_text(key)
    return {"1x": with_name(url, base), f"{scale}x": with_name(url, scaled)}


def drop_all(urls: dict[str, str], work: Path) -> None:
    for url in urls.values():
        name = name_of(url)
        drop(url, name)
        (work / f"pg-{name}.key").unlink(missing_ok=True)
